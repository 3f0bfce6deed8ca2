package io.kvserver.command;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.kvserver.CommandFamilies;
import io.kvserver.persistence.PersistenceDirectives;
import io.kvserver.persistence.RdbPersistence;
import io.kvserver.persistence.aof.AofDirectives;
import io.kvserver.persistence.aof.AofSettings;
import io.kvserver.persistence.aof.AppendOnlyFile;
import io.kvserver.command.server.ShutdownSequence;
import io.kvserver.command.strings.StringCommands;
import io.kvserver.config.ConfigRegistry;
import io.kvserver.config.NumericDirective;
import io.kvserver.config.ServerDirectives;
import io.kvserver.memory.MemoryDirectives;
import io.kvserver.metrics.InfoFields;
import io.kvserver.metrics.LatencyDirectives;
import io.kvserver.metrics.LatencyMonitor;
import io.kvserver.metrics.ServerStats;
import io.kvserver.protocol.ProtocolLimits;
import io.kvserver.protocol.ReplyWriter;
import io.kvserver.store.Databases;
import io.kvserver.store.CachedClock;

/**
 * The real command table, with every family, over real databases whose clock the test moves by
 * hand. Commands go through the real dispatcher and come back as the RESP bytes a client would
 * read, one char per byte (ISO-8859-1) so binary replies compare exactly.
 */
final class CommandHarness {

	static final long T0 = 1_700_000_000_000L;

	static final int PORT = 6399;

	final AtomicLong now = new AtomicLong(T0);

	final Databases databases = new Databases(16, this.now::get);

	final ServerStats stats = new ServerStats();

	final SessionRegistry sessions = new SessionRegistry(this.now::get);

	final TransactionManager transactions = new TransactionManager(this.databases);

	final BlockedClients blocked = new BlockedClients(this.databases, this.stats, this.now::get);

	/**
	 * The server's directives, at Redis's defaults except for the ones a test's replies must not
	 * depend on; persistence has no save rules and works in the temporary directory, so nothing is
	 * written unless a test SAVEs.
	 */
	final ConfigRegistry directives = directives();

	final SlowLog slowLog = new SlowLog();

	final InfoFields info = new InfoFields();

	final LatencyMonitor latency = new LatencyMonitor(this.now::get);

	final RdbPersistence rdb = new RdbPersistence(this.databases, PersistenceDirectives.settings(this.directives),
			this.now::get, CommandCatalog.REDIS_VERSION);

	private static ConfigRegistry directives() {
		ConfigRegistry registry = ConfigRegistry.of(new ServerDirectives(), new PersistenceDirectives(), new LatencyDirectives(), new MemoryDirectives(),
				new AofDirectives());
		registry.applyProperties(key -> switch (key) {
			case "kvserver.bind" -> "127.0.0.1";
			case "kvserver.port" -> Integer.toString(PORT);
			case "kvserver.save" -> "";
			case "kvserver.maxmemory" -> "0"; // not a share of this JVM's heap: replies must not depend on the machine
			case "kvserver.dir" -> System.getProperty("java.io.tmpdir");
			case "kvserver.dbfilename" -> "kvserver-harness.rdb";
			default -> null;
		});
		return registry;
	}

	/** The append-only file, off (CONFIG SET appendonly yes would write in the temporary directory). */
	final AppendOnlyFile aof = new AppendOnlyFile(this.databases, this.rdb,
			new AofSettings(false, "kvserver-harness-aof", "appendonly.aof"), Path.of(System.getProperty("java.io.tmpdir")),
			this.now::get);

	/** How many times SHUTDOWN asked the process to exit. */
	final AtomicInteger exits = new AtomicInteger();

	final CommandTable table;

	final CommandDispatcher dispatcher;

	final Session session;

	private ReplyWriter lastReplies;

	CommandHarness() {
		this(StringCommands.DEFAULT_MAX_STRING_LENGTH);
	}

	/** With a proto-max-bulk-len of its own, so that string size limits can be tested with small strings. */
	CommandHarness(long maxStringLength) {
		this.limits = new ProtocolLimits(maxStringLength, 64 * 1024, Integer.MAX_VALUE, 1L << 30);
		this.table = new CommandTable(CommandFamilies.create(new CommandFamilies.Parts(this.databases, this.now::get,
				this.stats, this.sessions, this.transactions, this.blocked, this.limits::maxBulkLength, this.slowLog,
				config(), () -> PORT, this.info, this.rdb, this.aof, new ShutdownSequence(this.rdb, this.aof),
				this.exits::incrementAndGet, ClientAuth.NONE, this.latency)));
		this.dispatcher = new CommandDispatcher(this.table, this.databases.lock(), this.stats, this.transactions,
				this.blocked, new CachedClock(this.now::get), true, this.slowLog);
		this.dispatcher.monitorLatency(this.latency);
		this.session = this.sessions.open("test-connection");
	}

	/** proto-max-bulk-len and client-query-buffer-limit, which CONFIG SET changes. */
	final ProtocolLimits limits;

	/** maxclients under a fixed open-files limit, so replies do not depend on the machine. */
	final MaxClients maxClients = new MaxClients(this.directives.numeric("maxclients"), OPEN_FILES_LIMIT);

	static final long OPEN_FILES_LIMIT = 4096;

	private ConfigRegistry config() {
		NumericDirective maxBulk = this.directives.numeric("proto-max-bulk-len");
		NumericDirective queryBuffer = this.directives.numeric("client-query-buffer-limit");
		NumericDirective slowerThan = this.directives.numeric("slowlog-log-slower-than");
		NumericDirective slowLogLength = this.directives.numeric("slowlog-max-len");
		maxBulk.onApply(() -> {
			this.limits.setMaxBulkLength(maxBulk.value());
			return null;
		});
		queryBuffer.onApply(() -> {
			this.limits.setQueryBufferLimit(queryBuffer.value());
			return null;
		});
		slowerThan.onApply(() -> {
			this.slowLog.setSlowerThanMicros(slowerThan.value());
			return null;
		});
		slowLogLength.onApply(() -> {
			this.slowLog.setMaxLength(slowLogLength.value());
			return null;
		});
		return this.directives;
	}


	/** Runs one command given as text arguments (one char per byte) and returns its reply. */
	String run(String... argv) {
		return runBytes(bytes(argv));
	}

	String runBytes(byte[]... argv) {
		List<byte[][]> batch = new ArrayList<>();
		batch.add(argv);
		return execute(batch);
	}

	/** Runs several commands as one pipelined batch and returns all replies, concatenated. */
	String batch(String[]... commands) {
		List<byte[][]> batch = new ArrayList<>();
		for (String[] argv : commands) {
			batch.add(bytes(argv));
		}
		return execute(batch);
	}

	/** Runs one command on another client's session (from {@link #connect}). */
	String runAs(Session other, String... argv) {
		List<byte[][]> batch = new ArrayList<>();
		batch.add(bytes(argv));
		ReplyWriter out = new ReplyWriter();
		this.dispatcher.execute(other, batch, out);
		return new String(out.toByteArray(), StandardCharsets.ISO_8859_1);
	}

	/** A second client, as the transport would open it. */
	Session connect(String connectionId) {
		return this.sessions.open(connectionId);
	}

	private String execute(List<byte[][]> batch) {
		ReplyWriter out = new ReplyWriter();
		this.dispatcher.execute(this.session, batch, out);
		this.lastReplies = out;
		return new String(out.toByteArray(), StandardCharsets.ISO_8859_1);
	}

	/** Whether the last batch asked the transport to close the connection after writing. */
	boolean closeRequested() {
		return this.lastReplies.isCloseAfterWrite();
	}

	void advance(long millis) {
		this.now.addAndGet(millis);
	}

	static byte[][] bytes(String... argv) {
		byte[][] args = new byte[argv.length][];
		for (int i = 0; i < argv.length; i++) {
			args[i] = argv[i].getBytes(StandardCharsets.ISO_8859_1);
		}
		return args;
	}

	// Expected replies, spelled like the protocol so a mismatch shows exactly which bytes differ.

	static String ok() {
		return "+OK\r\n";
	}

	static String nil() {
		return "$-1\r\n";
	}

	static String integer(long value) {
		return ":" + value + "\r\n";
	}

	static String bulk(String value) {
		return "$" + value.getBytes(StandardCharsets.ISO_8859_1).length + "\r\n" + value + "\r\n";
	}

	static String status(String value) {
		return "+" + value + "\r\n";
	}

	static String error(String text) {
		return "-" + text + "\r\n";
	}

	static String array(String... elements) {
		return "*" + elements.length + "\r\n" + String.join("", elements);
	}

	/** The elements of a flat array of bulk strings, for replies whose order Redis leaves open (KEYS). */
	static List<String> bulkElements(String reply) {
		if (!reply.startsWith("*")) {
			throw new IllegalArgumentException("not an array: " + reply);
		}
		int p = reply.indexOf("\r\n");
		int count = Integer.parseInt(reply.substring(1, p));
		p += 2;
		List<String> elements = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			if (reply.charAt(p) != '$') {
				throw new IllegalArgumentException("not a bulk string at " + p + ": " + reply);
			}
			int end = reply.indexOf("\r\n", p);
			int length = Integer.parseInt(reply.substring(p + 1, end));
			elements.add(reply.substring(end + 2, end + 2 + length));
			p = end + 2 + length + 2;
		}
		if (p != reply.length()) {
			throw new IllegalArgumentException("trailing bytes after the array: " + reply);
		}
		return elements;
	}

}
