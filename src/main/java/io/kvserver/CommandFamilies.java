package io.kvserver;

import java.util.List;
import java.util.function.LongSupplier;

import io.kvserver.command.ClientAuth;
import io.kvserver.command.CommandFamily;
import io.kvserver.command.SessionRegistry;
import io.kvserver.command.TransactionManager;
import io.kvserver.command.connection.ConnectionCommands;
import io.kvserver.command.keys.DatabaseCommands;
import io.kvserver.command.keys.ExpireCommands;
import io.kvserver.command.keys.KeyCommands;
import io.kvserver.command.strings.StringCommands;
import io.kvserver.command.transactions.TransactionCommands;
import io.kvserver.metrics.ServerStats;
import io.kvserver.store.Store;

/**
 * The command families that work on the data and the connection, built from the parts they share.
 * The server ({@link KvServerConfiguration}), the tests' command harness and the benchmarks all
 * build their command table from this one list, so a new family is added here once. The server
 * and introspection families (INFO, CONFIG, COMMAND), which describe the table itself, are added by
 * each caller.
 */
public final class CommandFamilies {

	/**
	 * What the families share.
	 *
	 * @param clock the wall clock in Unix milliseconds, cached per command
	 * @param maxStringLength proto-max-bulk-len: the longest string a command may build
	 * @param auth what HELLO AUTH, RESET and CLIENT KILL USER ask of ACL
	 */
	public record Parts(Store store, LongSupplier clock, ServerStats stats, SessionRegistry sessions,
			TransactionManager transactions, long maxStringLength, ClientAuth auth) {

		/** Without ACL: everyone is the password-less default user. */
		public Parts(Store store, LongSupplier clock, ServerStats stats, SessionRegistry sessions,
				TransactionManager transactions, long maxStringLength) {
			this(store, clock, stats, sessions, transactions, maxStringLength, ClientAuth.NONE);
		}

	}

	private CommandFamilies() {
	}

	public static List<CommandFamily> create(Parts parts) {
		Store store = parts.store();
		return List.of(new StringCommands(store, parts.clock(), parts.stats(), parts.maxStringLength()),
				new KeyCommands(store, parts.stats()), new ExpireCommands(store, parts.clock(), parts.stats()),
				new DatabaseCommands(store, parts.stats(), parts.transactions()),
				new ConnectionCommands(store.count(), parts.sessions(), parts.transactions(), parts.clock(), parts.auth()),
				new TransactionCommands(parts.transactions()));
	}

}
