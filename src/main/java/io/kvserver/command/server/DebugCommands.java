package io.kvserver.command.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

import javax.management.JMException;
import javax.management.ObjectName;

import io.kvserver.command.Args;
import io.kvserver.command.CommandException;
import io.kvserver.command.CommandFamily;
import io.kvserver.command.CommandSpec;
import io.kvserver.command.HelpReply;
import io.kvserver.command.Session;
import io.kvserver.config.NumericDirective;
import io.kvserver.metrics.InfoFields;
import io.kvserver.persistence.RdbPersistence;
import io.kvserver.persistence.StoredValues;
import io.kvserver.persistence.aof.AppendOnlyFile;
import io.kvserver.persistence.rdb.RdbOutput;
import io.kvserver.persistence.rdb.RdbValueWriter;
import io.kvserver.protocol.ReplyWriter;
import io.kvserver.store.Keyspace;
import io.kvserver.store.Store;
import io.kvserver.store.Strings;
import io.kvserver.store.Value;
import io.kvserver.util.Numbers;

/**
 * DEBUG (debug.c), as far as it applies to kvserver: what clients' and Redis's own test suites call
 * (SLEEP, OBJECT, RELOAD, LOADAOF, POPULATE, DIGEST, DIGEST-VALUE, PROTOCOL, SET-ACTIVE-EXPIRE,
 * CHANGE-REPL-ID, QUICKLIST-PACKED-THRESHOLD, SET-SKIP-CHECKSUM-VALIDATION, ERROR, LOG), plus JMAP,
 * kvserver's own: the JVM's heap histogram. Whether DEBUG may run at all is
 * {@code enable-debug-command}, checked by the dispatcher as Redis checks protected commands.
 */
public final class DebugCommands implements CommandFamily {

	private static final List<String> HELP = help();

	private final Store store;

	private final RdbPersistence rdb;

	private final InfoFields info;

	private final AppendOnlyFile aof;

	public DebugCommands(Store store, RdbPersistence rdb, AppendOnlyFile aof, InfoFields info) {
		this.store = store;
		this.rdb = rdb;
		this.aof = aof;
		this.info = info;
	}

	@Override
	public List<CommandSpec> commands() {
		return List.of(CommandSpec.of("debug", this::debug));
	}

	@Override
	public String familyName() {
		return "server";
	}

	private void debug(Session session, byte[][] argv, ReplyWriter out) {
		String sub = Args.text(argv[1]).toLowerCase(Locale.ROOT);
		int argc = argv.length;
		switch (sub) {
			case "help" -> {
				if (argc != 2) {
					throw CommandException.subcommandSyntax(argv);
				}
				HelpReply.write(HELP, out);
			}
			case "sleep" -> requireArgs(argv, argc == 3, () -> sleep(argv[2], out));
			case "object" -> requireArgs(argv, argc == 3, () -> object(session, argv[2], out));
			case "reload" -> reload(argv, out);
			case "loadaof" -> loadAof(out);
			case "populate" -> requireArgs(argv, argc >= 3 && argc <= 5, () -> populate(session, argv, out));
			case "digest" -> requireArgs(argv, argc == 2, () -> out.simpleString(DatasetDigest.of(this.store)));
			case "digest-value" -> {
				Keyspace db = this.store.db(session.db());
				out.arrayHeader(argc - 2);
				for (int j = 2; j < argc; j++) {
					out.simpleString(DatasetDigest.ofValue(db, argv[j]));
				}
			}
			case "protocol" -> requireArgs(argv, argc == 3, () -> protocol(session, Args.text(argv[2]), out));
			case "set-active-expire" -> requireArgs(argv, argc == 3, () -> {
				this.store.setActiveExpiry(atoi(argv[2]) != 0);
				out.ok();
			});
			case "change-repl-id" -> requireArgs(argv, argc == 2, () -> {
				String id = HexFormat.of().formatHex(randomBytes());
				this.info.register("master_replid", () -> id);
				out.ok();
			});
			case "quicklist-packed-threshold" -> requireArgs(argv, argc == 3, () -> {
				String text = Args.text(argv[2]);
				Long size = NumericDirective.memoryValue(text);
				if (size == null || size < 0 || size > (1L << 32) - (1 << 20)) { // quicklistisSetPackedThreshold; 0 restores the default
					throw new CommandException("ERR argument must be a memory value bigger than 1 and smaller than 4gb");
				}
				out.ok();
			});
			case "set-skip-checksum-validation", "set-disable-deny-scripts", "pause-cron" ->
				requireArgs(argv, argc == 3, out::ok);
			case "error" -> requireArgs(argv, argc == 3, () -> out.error(Args.text(argv[2])));
			case "log" -> requireArgs(argv, argc == 3, out::ok);
			case "jmap" -> requireArgs(argv, argc == 2, () -> out.verbatim("txt", heapHistogram()));
			default -> throw CommandException.subcommandSyntax(argv);
		}
	}

	/** A subcommand given the wrong number of arguments answers as an unknown one, as debug.c's final else. */
	private static void requireArgs(byte[][] argv, boolean arity, Runnable action) {
		if (!arity) {
			throw CommandException.subcommandSyntax(argv);
		}
		action.run();
	}

	/** DEBUG SLEEP seconds: the whole server stops, as Redis's nanosleep on its only thread (the lock is held). */
	private static void sleep(byte[] seconds, ReplyWriter out) {
		double value;
		try {
			value = Double.parseDouble(Args.text(seconds).trim());
		}
		catch (NumberFormatException ex) {
			value = 0; // strtod reads garbage as 0
		}
		long nanos = (long) (value * 1_000_000) * 1000;
		long deadline = System.nanoTime() + nanos;
		while (nanos > 0) {
			LockSupport.parkNanos(nanos);
			nanos = deadline - System.nanoTime();
		}
		out.ok();
	}

	private void object(Session session, byte[] key, ReplyWriter out) {
		Keyspace db = this.store.db(session.db());
		Object value = db.peekEntry(key);
		if (value == null) {
			throw new CommandException("ERR no such key");
		}
		int flags = db.flags(key);
		long idleSeconds = Math.max(0, db.idleMillis(key) / 1000);
		out.simpleString("Value at:0x" + Long.toHexString(System.identityHashCode(value)) + " refcount:"
				+ (value instanceof byte[] ? Strings.refCount(value, flags) : 1) + " encoding:"
				+ Value.encodingOf(value, flags) + " serializedlength:" + serializedLength(value) + " lru:"
				+ ((System.currentTimeMillis() / 1000) & ((1 << 24) - 1)) + " lru_seconds_idle:" + idleSeconds);
	}

	/** rdbSavedObjectLen: the value's length in an RDB file. */
	private static long serializedLength(Object value) {
		RdbOutput out = new RdbOutput(OutputStream.nullOutputStream(), false, true);
		try {
			RdbValueWriter.write(StoredValues.toRdb(value), out);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return out.size();
	}

	/** DEBUG RELOAD [MERGE] [NOFLUSH] [NOSAVE]: save, empty the databases and load the dump back. */
	private void reload(byte[][] argv, ReplyWriter out) {
		boolean flush = true;
		boolean save = true;
		for (int j = 2; j < argv.length; j++) {
			String option = Args.text(argv[j]);
			if (option.equalsIgnoreCase("MERGE")) {
				continue;
			}
			else if (option.equalsIgnoreCase("NOFLUSH")) {
				flush = false;
			}
			else if (option.equalsIgnoreCase("NOSAVE")) {
				save = false;
			}
			else {
				throw new CommandException("ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.");
			}
		}
		if (save) {
			try {
				this.rdb.save();
			}
			catch (IOException | RuntimeException ex) {
				throw new CommandException("ERR");
			}
		}
		if (flush) {
			for (int i = 0; i < this.store.count(); i++) {
				this.store.db(i).clear();
			}
			this.rdb.clearFunctions();
		}
		try {
			this.rdb.loadAtStartup();
		}
		catch (RuntimeException ex) {
			throw new CommandException("ERR Error trying to load the RDB dump");
		}
		out.ok();
	}

	/**
	 * DEBUG LOADAOF: the append-only file is flushed, the databases emptied and the files loaded
	 * again; afterwards nothing counts as changed since the last save (Redis's dirty = 0).
	 */
	private void loadAof(ReplyWriter out) {
		try {
			this.rdb.clearFunctions(); // emptyData: the file's FUNCTION LOADs make them again
			this.aof.reload();
		}
		catch (IOException | RuntimeException ex) {
			// Redis exits when the files do not load; kvserver keeps serving and says why.
			throw new CommandException("ERR Error loading the AOF: " + ex.getMessage());
		}
		this.rdb.forgetChanges();
		out.ok();
	}

	/** DEBUG POPULATE count [prefix] [size]: string keys prefix:N, skipping those that exist. */
	private void populate(Session session, byte[][] argv, ReplyWriter out) {
		long count = positive(argv[2]);
		long size = argv.length == 5 ? positive(argv[4]) : 0;
		byte[] prefix = argv.length >= 4 ? argv[3] : "key".getBytes(StandardCharsets.US_ASCII);
		Keyspace db = this.store.db(session.db());
		for (long j = 0; j < count; j++) {
			byte[] suffix = (":" + j).getBytes(StandardCharsets.US_ASCII);
			byte[] key = new byte[prefix.length + suffix.length];
			System.arraycopy(prefix, 0, key, 0, prefix.length);
			System.arraycopy(suffix, 0, key, prefix.length, suffix.length);
			if (db.get(key) != null) {
				continue;
			}
			byte[] text = ("value:" + j).getBytes(StandardCharsets.US_ASCII);
			byte[] value = text;
			if (size > 0) {
				value = new byte[(int) Math.min(size, Integer.MAX_VALUE - 8)];
				System.arraycopy(text, 0, value, 0, Math.min(text.length, value.length));
			}
			db.set(key, value);
		}
		out.ok();
	}

	private static long positive(byte[] arg) {
		long[] value = new long[1];
		if (!Numbers.parseLong(arg, value) || value[0] < 0) {
			throw new CommandException("ERR value is out of range, must be positive");
		}
		return value[0];
	}

	/** DEBUG PROTOCOL type: a sample reply of each RESP type, for client tests. */
	private static void protocol(Session session, String name, ReplyWriter out) {
		switch (name.toLowerCase(Locale.ROOT)) {
			case "string" -> out.bulkText("Hello World");
			case "integer" -> out.integer(12345);
			case "double" -> out.doubleValue(3.141);
			case "bignum" -> out.bigNumber("1234567999999999999999999999999999999");
			case "null" -> out.nullBulk();
			case "array" -> {
				out.arrayHeader(3);
				for (int j = 0; j < 3; j++) {
					out.integer(j);
				}
			}
			case "set" -> {
				out.setHeader(3);
				for (int j = 0; j < 3; j++) {
					out.integer(j);
				}
			}
			case "map" -> {
				out.mapHeader(3);
				for (int j = 0; j < 3; j++) {
					out.integer(j);
					out.bool(j == 1);
				}
			}
			case "attrib" -> {
				if (session.resp3()) {
					out.attributeHeader(1);
					out.bulkText("key-popularity");
					out.arrayHeader(2);
					out.bulkText("key:123");
					out.integer(90);
				}
				out.bulkText("Some real reply following the attribute");
			}
			case "push" -> {
				if (!session.resp3()) {
					throw new CommandException("ERR RESP2 is not supported by this command");
				}
				out.pushHeader(2);
				out.bulkText("server-cpu-usage");
				out.integer(42);
				out.bulkText("Some real reply following the push reply");
			}
			case "true" -> out.bool(true);
			case "false" -> out.bool(false);
			case "verbatim" -> out.verbatim("txt", "This is a verbatim\nstring");
			default -> throw new CommandException("ERR Wrong protocol type name. Please use one of the following: "
					+ "string|integer|double|bignum|null|array|set|map|attrib|push|verbatim|true|false");
		}
	}

	/** C's atoi: leading spaces, an optional sign, digits; 0 when there are none. */
	private static int atoi(byte[] arg) {
		String text = Args.text(arg).stripLeading();
		int end = 0;
		if (end < text.length() && (text.charAt(end) == '-' || text.charAt(end) == '+')) {
			end++;
		}
		while (end < text.length() && Character.isDigit(text.charAt(end))) {
			end++;
		}
		try {
			return Integer.parseInt(text.substring(0, end));
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

	/** The JVM's class histogram of live objects (jcmd GC.class_histogram), kvserver's counterpart of a heap dump. */
	private static String heapHistogram() {
		try {
			return (String) ManagementFactory.getPlatformMBeanServer()
				.invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
						new Object[] { null }, new String[] { String[].class.getName() });
		}
		catch (JMException ex) {
			throw new CommandException("ERR heap histogram unavailable: " + ex.getMessage());
		}
	}

	private static byte[] randomBytes() {
		byte[] bytes = new byte[20];
		new SecureRandom().nextBytes(bytes);
		return bytes;
	}

	private static List<String> help() {
		List<String> lines = new ArrayList<>();
		lines.add("DEBUG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
		InputStream in = DebugCommands.class.getResourceAsStream("debug-help.txt");
		try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
			reader.lines().forEach(lines::add);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		lines.add("HELP");
		lines.add("    Prints this help.");
		return List.copyOf(lines);
	}

}
