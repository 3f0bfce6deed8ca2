package io.kvserver;

import java.util.List;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

import io.kvserver.command.ClientAuth;
import io.kvserver.command.CommandFamily;
import io.kvserver.command.SessionRegistry;
import io.kvserver.command.SlowLog;
import io.kvserver.command.TransactionManager;
import io.kvserver.command.bitmaps.BitmapCommands;
import io.kvserver.command.connection.ConnectionCommands;
import io.kvserver.command.keys.DatabaseCommands;
import io.kvserver.command.keys.DumpCommands;
import io.kvserver.command.keys.ExpireCommands;
import io.kvserver.command.keys.KeyCommands;
import io.kvserver.command.server.CommandIntrospection;
import io.kvserver.command.server.DebugCommands;
import io.kvserver.command.server.InfoCommand;
import io.kvserver.command.server.LatencyCommands;
import io.kvserver.command.server.LolwutCommand;
import io.kvserver.command.server.MemoryCommands;
import io.kvserver.command.server.PersistenceCommands;
import io.kvserver.command.server.RoleCommand;
import io.kvserver.command.server.ServerCommands;
import io.kvserver.command.server.ShutdownSequence;
import io.kvserver.command.server.SlowLogCommands;
import io.kvserver.command.strings.StringCommands;
import io.kvserver.command.transactions.TransactionCommands;
import io.kvserver.config.ConfigRegistry;
import io.kvserver.metrics.InfoFields;
import io.kvserver.metrics.LatencyMonitor;
import io.kvserver.metrics.ServerStats;
import io.kvserver.persistence.PersistenceInfo;
import io.kvserver.persistence.RdbPersistence;
import io.kvserver.persistence.aof.AppendOnlyFile;
import io.kvserver.store.HeapHeadroom;
import io.kvserver.store.Store;

/**
 * Every command family, built from the parts they share. The server ({@link KvServerConfiguration}),
 * the tests' command harness and the benchmarks all build their command table from this one list,
 * so a new family is added here once.
 */
public final class CommandFamilies {

	/**
	 * What the families share.
	 *
	 * @param clock the wall clock in Unix milliseconds, cached per command
	 * @param maxStringLength proto-max-bulk-len: the longest string a command may build, read at each
	 * command as Redis does, so CONFIG SET changes it
	 * @param auth what HELLO AUTH, RESET and CLIENT KILL USER ask of ACL
	 * @param exit ends the process after SHUTDOWN
	 */
	public record Parts(Store store, LongSupplier clock, ServerStats stats, SessionRegistry sessions,
			TransactionManager transactions, LongSupplier maxStringLength, SlowLog slowLog, ConfigRegistry config,
			IntSupplier port, InfoFields info, RdbPersistence rdb, AppendOnlyFile aof, ShutdownSequence shutdown,
			Runnable exit, ClientAuth auth, LatencyMonitor latencyMonitor) {
	}

	private CommandFamilies() {
	}

	public static List<CommandFamily> create(Parts parts) {
		new PersistenceInfo(parts.rdb(), parts.aof()::describe, parts.aof()::describeWhenOn).register(parts.info());
		Store store = parts.store();
		return List.of(new StringCommands(store, parts.clock(), parts.stats(), parts.maxStringLength()),
				new KeyCommands(store, parts.stats()), new ExpireCommands(store, parts.clock(), parts.stats()),
				new DatabaseCommands(store, parts.stats(), parts.transactions()),
				new ConnectionCommands(store.count(), parts.sessions(), parts.transactions(), parts.clock(),
						parts.auth()),
				new TransactionCommands(parts.transactions()), new SlowLogCommands(parts.slowLog()),
				new ServerCommands(store, parts.sessions(), parts.stats(), parts.port(), parts.config(), parts.clock(),
						parts.info()),
				new InfoCommand(parts.info(), store, parts.stats()), new CommandIntrospection(),
				new PersistenceCommands(parts.rdb(), parts.aof(), parts.shutdown(), parts.exit()),
				new LatencyCommands(parts.latencyMonitor(), parts.slowLog(), parts.clock(), parts.config()),
				new DebugCommands(store, parts.rdb(), parts.aof(), parts.info()),
				new MemoryCommands(store, parts.sessions(), parts.info()), new LolwutCommand(), new RoleCommand(),
				new DumpCommands(store, parts.stats(), parts.clock(), parts.rdb().settings()::rdbCompression),
				new BitmapCommands(store, parts.stats(), parts.maxStringLength(), HeapHeadroom.RUNTIME));
	}

}
