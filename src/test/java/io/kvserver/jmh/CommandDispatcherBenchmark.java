package io.kvserver.jmh;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.kvserver.CommandFamilies;
import io.kvserver.command.BlockedClients;
import io.kvserver.command.CommandCatalog;
import io.kvserver.command.CommandDispatcher;
import io.kvserver.command.CommandTable;
import io.kvserver.command.ClientAuth;
import io.kvserver.command.MaxClients;
import io.kvserver.command.Session;
import io.kvserver.command.SessionRegistry;
import io.kvserver.command.SlowLog;
import io.kvserver.command.TransactionManager;
import io.kvserver.command.strings.StringCommands;
import io.kvserver.config.ConfigRegistry;
import io.kvserver.config.ServerDirectives;
import io.kvserver.memory.MemoryDirectives;
import io.kvserver.metrics.InfoFields;
import io.kvserver.metrics.LatencyDirectives;
import io.kvserver.metrics.LatencyMonitor;
import io.kvserver.metrics.ServerStats;
import io.kvserver.persistence.PersistenceDirectives;
import io.kvserver.persistence.PersistenceSettings;
import io.kvserver.persistence.RdbPersistence;
import io.kvserver.persistence.aof.AofSettings;
import io.kvserver.persistence.aof.AppendOnlyFile;
import io.kvserver.command.server.ShutdownSequence;
import io.kvserver.protocol.ReplyWriter;
import io.kvserver.store.Databases;
import io.kvserver.store.CachedClock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Decoded requests to encoded replies without the network: GET and SET argv through the real
 * command table and dispatcher (lock, lookup, arity, timing, stats) into a reply writer. The table
 * is built with every family, as the server and the tests' CommandHarness build it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CommandDispatcherBenchmark {

	static final int KEYS = 10_000;

	/** Requests per call: 1 is an unpipelined client, 16 a redis-benchmark -P 16 batch. */
	@Param({ "1", "16" })
	public int batchSize;

	/** Whether per-command latency is recorded (kvserver.metrics.latency.enabled). */
	@Param({ "true" })
	public boolean timed;

	private final OutputStream sink = OutputStream.nullOutputStream();

	private CommandDispatcher dispatcher;

	private Session session;

	private ReplyWriter out;

	private List<List<byte[][]>> getBatches;

	private List<List<byte[][]>> setBatches;

	private int next;

	@Setup
	public void setUp() {
		CachedClock clock = new CachedClock(System::currentTimeMillis);
		Databases databases = new Databases(16, clock);
		ServerStats stats = new ServerStats();
		SessionRegistry sessions = new SessionRegistry(clock);
		TransactionManager transactions = new TransactionManager(databases);
		BlockedClients blocked = new BlockedClients(databases, stats, clock);
		ConfigRegistry config = ConfigRegistry.of(new ServerDirectives(), new PersistenceDirectives(), new LatencyDirectives(),
				new MemoryDirectives());
		config.applyProperties(key -> key.equals("kvserver.save") ? "" : null);
		MaxClients.forThisProcess(config.numeric("maxclients"));
		SlowLog slowLog = new SlowLog();
		Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
		RdbPersistence rdb = new RdbPersistence(databases,
				new PersistenceSettings(tmp, "kvserver-benchmark.rdb", List.of()), clock, CommandCatalog.REDIS_VERSION);
		AppendOnlyFile aof = new AppendOnlyFile(databases, rdb,
				new AofSettings(false, "kvserver-benchmark-aof", "appendonly.aof"), tmp, clock);
		CommandTable table = new CommandTable(CommandFamilies.create(new CommandFamilies.Parts(databases, clock, stats,
				sessions, transactions, blocked, () -> StringCommands.DEFAULT_MAX_STRING_LENGTH, slowLog, config,
				() -> 6379, new InfoFields(), rdb, aof, new ShutdownSequence(rdb, aof), () -> {
				}, ClientAuth.NONE, new LatencyMonitor(clock))));
		this.dispatcher = new CommandDispatcher(table, databases.lock(), stats, transactions, blocked, clock,
				this.timed, slowLog);
		this.session = sessions.open("benchmark");
		this.out = new ReplyWriter();

		this.getBatches = new ArrayList<>();
		this.setBatches = new ArrayList<>();
		for (int first = 0; first + this.batchSize <= KEYS; first += this.batchSize) {
			List<byte[][]> gets = new ArrayList<>();
			List<byte[][]> sets = new ArrayList<>();
			for (int i = first; i < first + this.batchSize; i++) {
				String key = "key:%06d".formatted(i);
				gets.add(argv("GET", key));
				sets.add(argv("SET", key, "value:%06d".formatted(i)));
			}
			this.getBatches.add(gets);
			this.setBatches.add(sets);
		}
		// Every GET must hit: prime the keys through the dispatcher itself, and check a reply.
		for (List<byte[][]> sets : this.setBatches) {
			this.dispatcher.execute(this.session, sets, this.out);
		}
		this.out = new ReplyWriter();
		this.dispatcher.execute(this.session, List.<byte[][]>of(argv("GET", "key:000000")), this.out);
		String reply = new String(this.out.toByteArray(), StandardCharsets.US_ASCII);
		if (!reply.equals("$12\r\nvalue:000000\r\n")) {
			throw new IllegalStateException("unexpected GET reply: " + reply);
		}
		this.out = new ReplyWriter();
	}

	@Benchmark
	public int get() throws IOException {
		return run(this.getBatches);
	}

	@Benchmark
	public int set() throws IOException {
		return run(this.setBatches);
	}

	private int run(List<List<byte[][]>> batches) throws IOException {
		int i = this.next + 1;
		this.next = (i == batches.size()) ? 0 : i;
		this.dispatcher.execute(this.session, batches.get(this.next), this.out);
		int size = this.out.size();
		this.out.writeTo(this.sink);
		return size;
	}

	private static byte[][] argv(String... args) {
		byte[][] bytes = new byte[args.length][];
		for (int i = 0; i < args.length; i++) {
			bytes[i] = args[i].getBytes(StandardCharsets.US_ASCII);
		}
		return bytes;
	}

}
