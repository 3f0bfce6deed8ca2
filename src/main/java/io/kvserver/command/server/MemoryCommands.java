package io.kvserver.command.server;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.util.List;
import java.util.Locale;

import io.kvserver.command.Args;
import io.kvserver.command.CommandException;
import io.kvserver.command.CommandFamily;
import io.kvserver.command.CommandSpec;
import io.kvserver.command.HelpReply;
import io.kvserver.command.Session;
import io.kvserver.command.SessionRegistry;
import io.kvserver.metrics.InfoFields;
import io.kvserver.protocol.ReplyWriter;
import io.kvserver.store.HeapSizes;
import io.kvserver.store.Keyspace;
import io.kvserver.store.Store;
import io.kvserver.store.Value;
import io.kvserver.util.Numbers;

/**
 * MEMORY USAGE, STATS, DOCTOR, MALLOC-STATS, PURGE and HELP (object.c), in the JVM's terms: a key's
 * usage is its estimated heap (key, value and its slot in the table), the allocator is the JVM's
 * heap, MALLOC-STATS describes its memory pools and PURGE asks for a garbage collection.
 */
public final class MemoryCommands implements CommandFamily {

	private static final List<String> HELP = List.of(
			"MEMORY <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
			"DOCTOR",
			"    Return memory problems reports.",
			"MALLOC-STATS",
			"    Return internal statistics report from the memory allocator.",
			"PURGE",
			"    Attempt to purge dirty pages for reclamation by the allocator.",
			"STATS",
			"    Return information about the memory usage of the server.",
			"USAGE <key> [SAMPLES <count>]",
			"    Return memory in bytes used by <key> and its value. Nested values are",
			"    sampled up to <count> times (default: 5, 0 means sample all).",
			"HELP",
			"    Prints this help.");

	/** A table slot per key: key and value references, the cached hash, the chain link and the metadata word. */
	static final int ENTRY_OVERHEAD = 4 + 4 + 4 + 4 + 4;

	private static final long EMPTY_INSTANCE = 5L * 1024 * 1024;

	private final Store store;

	private final SessionRegistry sessions;

	private final InfoFields info;

	public MemoryCommands(Store store, SessionRegistry sessions, InfoFields info) {
		this.store = store;
		this.sessions = sessions;
		this.info = info;
	}

	@Override
	public List<CommandSpec> commands() {
		return List.of(CommandSpec.container("memory", List.of(
				CommandSpec.of("memory|usage", this::usage),
				CommandSpec.of("memory|stats", this::stats),
				CommandSpec.of("memory|doctor", (s, a, o) -> o.verbatim("txt", doctor())),
				CommandSpec.of("memory|malloc-stats", (s, a, o) -> o.verbatim("txt", mallocStats())),
				CommandSpec.of("memory|purge", (s, a, o) -> {
					System.gc();
					o.ok();
				}),
				CommandSpec.of("memory|help", (s, a, o) -> HelpReply.write(HELP, o)))));
	}

	@Override
	public String familyName() {
		return "server";
	}

	/** MEMORY USAGE key [SAMPLES count]: null for a missing key (expired ones still count, as dictFind). */
	private void usage(Session session, byte[][] argv, ReplyWriter out) {
		for (int j = 3; j < argv.length; j++) {
			if (Args.is(argv[j], "SAMPLES") && j + 1 < argv.length) {
				long[] samples = new long[1];
				if (!Numbers.parseLong(argv[j + 1], samples)) {
					throw new CommandException(CommandException.NOT_AN_INTEGER);
				}
				if (samples[0] < 0) {
					throw new CommandException(CommandException.SYNTAX);
				}
				j++;
			}
			else {
				throw new CommandException(CommandException.SYNTAX);
			}
		}
		Keyspace db = this.store.db(session.db());
		Object value = db.peekEntry(argv[2]);
		if (value == null) {
			out.nullBulk();
			return;
		}
		out.integer(usage(argv[2], value));
	}

	/** The heap a key holds: its bytes, its value's estimate and its table slot. */
	static long usage(byte[] key, Object value) {
		long valueBytes = value instanceof byte[] bytes ? HeapSizes.bytes(bytes.length) : ((Value) value).memoryBytes();
		return HeapSizes.bytes(key.length) + valueBytes + ENTRY_OVERHEAD;
	}

	/** MEMORY STATS: Redis's fields and order, with the JVM heap as the allocator. */
	private void stats(Session session, byte[][] argv, ReplyWriter out) {
		long used = JvmMemory.heapUsed();
		long peak = JvmMemory.heapPeak();
		long startup = longField("used_memory_startup");
		long committed = JvmMemory.heapCommitted();
		long rss = JvmMemory.rss();
		long dataset = this.store.memoryEstimate();
		long keys = 0;
		int databases = 0;
		for (int i = 0; i < this.store.count(); i++) {
			if (this.store.db(i).size() > 0) {
				databases++;
				keys += this.store.db(i).size();
			}
		}
		long overhead = Math.max(0, used - dataset);
		out.mapHeader(27 + databases);
		entry(out, "peak.allocated", peak);
		entry(out, "total.allocated", used);
		entry(out, "startup.allocated", startup);
		entry(out, "replication.backlog", 0);
		entry(out, "clients.slaves", 0);
		entry(out, "clients.normal", 0);
		entry(out, "cluster.links", 0);
		entry(out, "aof.buffer", 0);
		entry(out, "lua.caches", longField("used_memory_scripts_eval"));
		entry(out, "functions.caches", longField("used_memory_functions"));
		for (int i = 0; i < this.store.count(); i++) {
			Keyspace db = this.store.db(i);
			if (db.size() == 0) {
				continue;
			}
			out.bulkText("db." + i);
			out.mapHeader(3);
			entry(out, "overhead.hashtable.main", (long) db.size() * ENTRY_OVERHEAD);
			entry(out, "overhead.hashtable.expires", (long) db.expiresCount() * ENTRY_OVERHEAD);
			entry(out, "overhead.hashtable.slot-to-keys", 0);
		}
		entry(out, "overhead.total", overhead);
		entry(out, "keys.count", keys);
		entry(out, "keys.bytes-per-key", keys == 0 ? 0 : (used - startup) / keys);
		entry(out, "dataset.bytes", dataset);
		doubleEntry(out, "dataset.percentage", 100.0 * dataset / Math.max(1, used - startup));
		doubleEntry(out, "peak.percentage", 100.0 * used / Math.max(1, peak));
		entry(out, "allocator.allocated", used);
		entry(out, "allocator.active", committed);
		entry(out, "allocator.resident", rss);
		doubleEntry(out, "allocator-fragmentation.ratio", ratio(committed, used));
		entry(out, "allocator-fragmentation.bytes", committed - used);
		doubleEntry(out, "allocator-rss.ratio", ratio(rss, committed));
		entry(out, "allocator-rss.bytes", rss - committed);
		doubleEntry(out, "rss-overhead.ratio", 1.0);
		entry(out, "rss-overhead.bytes", 0);
		doubleEntry(out, "fragmentation", ratio(rss, used));
		entry(out, "fragmentation.bytes", rss - used);
	}

	/**
	 * MEMORY DOCTOR: Redis's report in its words where they apply to a JVM (an empty instance, a
	 * past peak, big client buffers, many scripts), and a heap close to its maximum, which on the
	 * JVM is what ends a server without a maxmemory.
	 */
	String doctor() {
		long used = JvmMemory.heapUsed();
		long peak = JvmMemory.heapPeak();
		long max = Runtime.getRuntime().maxMemory();
		if (this.store.memoryEstimate() < EMPTY_INSTANCE) {
			return "Hi Sam, this instance is empty or is using very little memory, my issues detector can't be used in "
					+ "these conditions. Please, leave for your mission on Earth and fill it with some data. The new Sam "
					+ "and I will be back to our programming as soon as I finished rebooting.\n";
		}
		StringBuilder report = new StringBuilder();
		if ((float) peak / used > 1.5) {
			report.append(" * Peak memory: In the past this instance used more than 150% the memory that is currently "
					+ "using. The JVM keeps the heap it grew to for a while and gives it back to the system over time; "
					+ "MEMORY PURGE asks for a garbage collection now.\n\n");
		}
		if (max != Long.MAX_VALUE && used > max * 0.9) {
			report.append(" * Heap nearly full: This instance uses more than 90% of the JVM's maximum heap ("
					+ InfoFields.human(max) + "). Set maxmemory and a maxmemory-policy so that writes are refused or keys "
					+ "evicted before the heap runs out, or give the JVM a larger -Xmx.\n\n");
		}
		int clients = Math.max(1, this.sessions.size());
		if (longField("mem_clients_normal") / clients > 1024 * 200) {
			report.append(" * Big client buffers: The clients output buffers in this instance are greater than 200K per "
					+ "client (on average). This may result from different causes, like Pub/Sub clients subscribed to "
					+ "channels bot not receiving data fast enough, so that data piles on the Redis instance output "
					+ "buffer, or clients sending commands with large replies or very large sequences of commands in the "
					+ "same pipeline. Please use the CLIENT LIST command in order to investigate the issue if it causes "
					+ "problems in your instance, or to understand better why certain clients are using a big amount of "
					+ "memory.\n\n");
		}
		if (longField("number_of_cached_scripts") > 1000) {
			report.append(" * Many scripts: There seem to be many cached scripts in this instance (more than 1000). This "
					+ "may be because scripts are generated and `EVAL`ed, instead of being parameterized (with KEYS and "
					+ "ARGV), `SCRIPT LOAD`ed and `EVALSHA`ed. Unless `SCRIPT FLUSH` is called periodically, the "
					+ "scripts' caches may end up consuming most of your memory.\n\n");
		}
		if (report.isEmpty()) {
			return "Hi Sam, I can't find any memory issue in your instance. I can only account for what occurs on this "
					+ "base.\n";
		}
		return "Sam, I detected a few issues in this Redis instance memory implants:\n\n" + report
				+ "I'm here to keep you safe, Sam. I want to help you.\n";
	}

	/** MALLOC-STATS: the JVM's memory pools, where Redis prints jemalloc's statistics. */
	private static String mallocStats() {
		StringBuilder text = new StringBuilder("JVM memory pools (used / committed / max, bytes)\n");
		for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
			text.append(String.format(Locale.ROOT, "%-34s %-8s %14d %14d %14d%n", pool.getName(),
					pool.getType().name().toLowerCase(Locale.ROOT), pool.getUsage().getUsed(),
					pool.getUsage().getCommitted(), pool.getUsage().getMax()));
		}
		return text.toString();
	}

	private long longField(String name) {
		Object value = this.info.value(name);
		if (value == null) {
			return 0;
		}
		try {
			return Long.parseLong(value.toString());
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

	private static double ratio(long a, long b) {
		return b == 0 ? 0 : (double) a / b;
	}

	private static void entry(ReplyWriter out, String name, long value) {
		out.bulkText(name);
		out.integer(value);
	}

	private static void doubleEntry(ReplyWriter out, String name, double value) {
		out.bulkText(name);
		out.doubleValue(value);
	}

}
