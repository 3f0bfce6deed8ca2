package io.kvserver.command;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

import io.kvserver.metrics.ServerStats;
import io.kvserver.protocol.ReplyWriter;
import io.kvserver.store.Databases;
import io.kvserver.store.Keyspace;

/** DBSIZE, FLUSHDB, FLUSHALL, INFO, CONFIG GET and COMMAND. */
public final class ServerCommands implements CommandFamily {

	/** The Redis version whose behaviour we match; clients use it to pick features. */
	public static final String REDIS_VERSION = "7.0.15";

	private final Databases databases;

	private final SessionRegistry sessions;

	private final ServerStats stats;

	private final IntSupplier port;

	private final Supplier<Map<String, String>> config;

	private CommandTable table;

	/**
	 * @param config the values CONFIG GET reports, in Redis's parameter names
	 */
	public ServerCommands(Databases databases, SessionRegistry sessions, ServerStats stats, IntSupplier port,
			Supplier<Map<String, String>> config) {
		this.databases = databases;
		this.sessions = sessions;
		this.stats = stats;
		this.port = port;
		this.config = config;
	}

	/** COMMAND describes the table it is part of, which exists only after every family is built. */
	public void describe(CommandTable table) {
		this.table = table;
	}

	@Override
	public List<CommandSpec> commands() {
		return List.of(
				CommandSpec.of("dbsize", 1, "readonly fast", 0, 0, 0,
						(s, a, o) -> o.integer(this.databases.db(s.db()).size())),
				CommandSpec.of("flushdb", -1, "write", 0, 0, 0, (s, a, o) -> {
					checkFlushOptions(a);
					this.databases.db(s.db()).clear();
					o.ok();
				}),
				CommandSpec.of("flushall", -1, "write", 0, 0, 0, (s, a, o) -> {
					checkFlushOptions(a);
					for (int i = 0; i < this.databases.count(); i++) {
						this.databases.db(i).clear();
					}
					o.ok();
				}),
				CommandSpec.of("info", -1, "loading stale", 0, 0, 0, this::info),
				CommandSpec.container("config", -2, List.of(
						CommandSpec.of("config|get", -3, "admin noscript loading stale", 0, 0, 0, this::configGet))),
				CommandSpec.container("command", -1, this::commandInfoAll, List.of(
						CommandSpec.of("command|count", 2, "loading stale", 0, 0, 0,
								(s, a, o) -> o.integer(this.table.all().size())),
						CommandSpec.of("command|docs", -2, "loading stale", 0, 0, 0, (s, a, o) -> o.arrayHeader(0)),
						CommandSpec.of("command|info", -2, "loading stale", 0, 0, 0, this::commandInfo),
						CommandSpec.of("command|list", -2, "loading stale", 0, 0, 0, this::commandList))));
	}

	/** FLUSHDB/FLUSHALL [ASYNC | SYNC]; both run synchronously here, which is always allowed. */
	private static void checkFlushOptions(byte[][] argv) {
		if (argv.length == 2 && (Args.is(argv[1], "SYNC") || Args.is(argv[1], "ASYNC"))) {
			return;
		}
		if (argv.length != 1) {
			throw new CommandException(CommandException.SYNTAX);
		}
	}

	private void configGet(Session session, byte[][] argv, ReplyWriter out) {
		Map<String, String> parameters = this.config.get();
		Map<String, String> matched = new LinkedHashMap<>();
		java.util.Set<String> seen = new java.util.HashSet<>();
		for (int i = 2; i < argv.length; i++) {
			String requested = Args.text(argv[i]);
			String lower = requested.toLowerCase(Locale.ROOT);
			if (lower.indexOf('*') < 0 && lower.indexOf('?') < 0 && lower.indexOf('[') < 0) {
				// Redis looks a plain name up directly and echoes it as the client spelled it.
				if (parameters.containsKey(lower) && seen.add(lower)) {
					matched.put(requested, parameters.get(lower));
				}
				continue;
			}
			byte[] pattern = lower.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
			parameters.forEach((name, value) -> {
				if (GlobMatcher.matches(pattern, name.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1))
						&& seen.add(name)) {
					matched.put(name, value);
				}
			});
		}
		out.mapHeader(matched.size());
		matched.forEach((name, value) -> {
			out.bulkText(name);
			out.bulkText(value);
		});
	}

	private void info(Session session, byte[][] argv, ReplyWriter out) {
		List<String> wanted = new ArrayList<>();
		for (int i = 1; i < argv.length; i++) {
			wanted.add(Args.text(argv[i]).toLowerCase(Locale.ROOT));
		}
		boolean all = wanted.isEmpty() || wanted.contains("all") || wanted.contains("default")
				|| wanted.contains("everything");
		StringBuilder text = new StringBuilder();
		if (all || wanted.contains("server")) {
			section(text, "Server");
			long uptime = (System.currentTimeMillis() - this.stats.startedAtMillis()) / 1000;
			line(text, "redis_version", REDIS_VERSION);
			line(text, "kvserver_version", version());
			line(text, "redis_mode", "standalone");
			line(text, "os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
					+ System.getProperty("os.arch"));
			line(text, "arch_bits", System.getProperty("sun.arch.data.model", "64"));
			line(text, "java_version", Runtime.version().toString());
			line(text, "process_id", ProcessHandle.current().pid());
			line(text, "tcp_port", this.port.getAsInt());
			line(text, "uptime_in_seconds", uptime);
			line(text, "uptime_in_days", uptime / 86400);
			line(text, "hz", 10);
		}
		if (all || wanted.contains("clients")) {
			section(text, "Clients");
			line(text, "connected_clients", this.sessions.size());
			line(text, "blocked_clients", 0);
		}
		if (all || wanted.contains("memory")) {
			section(text, "Memory");
			Runtime rt = Runtime.getRuntime();
			long used = rt.totalMemory() - rt.freeMemory();
			line(text, "used_memory", used);
			line(text, "used_memory_human", human(used));
			line(text, "maxmemory", rt.maxMemory());
			line(text, "mem_allocator", "jvm " + ManagementFactory.getRuntimeMXBean().getVmName());
		}
		if (all || wanted.contains("stats")) {
			section(text, "Stats");
			line(text, "total_connections_received", this.stats.totalConnectionsReceived());
			line(text, "total_commands_processed", this.stats.totalCommandsProcessed());
			line(text, "instantaneous_ops_per_sec", Math.round(this.stats.instantaneousOpsPerSecond()));
			line(text, "rejected_connections", this.stats.rejectedConnections());
			line(text, "expired_keys", expiredKeys());
			line(text, "keyspace_hits", this.stats.keyspaceHits());
			line(text, "keyspace_misses", this.stats.keyspaceMisses());
		}
		if (all || wanted.contains("keyspace")) {
			section(text, "Keyspace");
			for (int i = 0; i < this.databases.count(); i++) {
				Keyspace db = this.databases.db(i);
				if (db.size() > 0) {
					line(text, "db" + i, "keys=" + db.size() + ",expires=" + db.expiresCount() + ",avg_ttl=0");
				}
			}
		}
		out.verbatim("txt", text.toString());
	}

	private long expiredKeys() {
		long total = 0;
		for (int i = 0; i < this.databases.count(); i++) {
			total += this.databases.db(i).expiredKeys();
		}
		return total;
	}

	private static void section(StringBuilder text, String name) {
		if (!text.isEmpty()) {
			text.append("\r\n");
		}
		text.append("# ").append(name).append("\r\n");
	}

	private static void line(StringBuilder text, String field, Object value) {
		text.append(field).append(':').append(value).append("\r\n");
	}

	private static String human(long bytes) {
		if (bytes < 1024) {
			return bytes + "B";
		}
		double value = bytes;
		String[] units = { "K", "M", "G", "T" };
		int unit = -1;
		do {
			value /= 1024;
			unit++;
		}
		while (value >= 1024 && unit < units.length - 1);
		return String.format(Locale.ROOT, "%.2f%s", value, units[unit]);
	}

	private static String version() {
		String v = ServerCommands.class.getPackage().getImplementationVersion();
		return v != null ? v : "dev";
	}

	private void commandInfoAll(Session session, byte[][] argv, ReplyWriter out) {
		List<CommandSpec> all = new ArrayList<>(this.table.all());
		all.sort(Comparator.comparing(CommandSpec::name));
		out.arrayHeader(all.size());
		for (CommandSpec spec : all) {
			writeInfo(spec, out);
		}
	}

	private void commandInfo(Session session, byte[][] argv, ReplyWriter out) {
		if (argv.length == 2) {
			commandInfoAll(session, argv, out); // COMMAND INFO with no names describes every command
			return;
		}
		out.arrayHeader(argv.length - 2);
		for (int i = 2; i < argv.length; i++) {
			CommandSpec spec = this.table.lookup(argv[i]);
			if (spec == null) {
				out.nullBulk(); // Redis's addReplyNull: $-1 in RESP2
			}
			else {
				writeInfo(spec, out);
			}
		}
	}

	private void commandList(Session session, byte[][] argv, ReplyWriter out) {
		List<String> names = this.table.all().stream().map(CommandSpec::name).sorted().toList();
		out.arrayHeader(names.size());
		names.forEach(out::bulkText);
	}

	/** The ten-element reply Redis 7 gives for one command in COMMAND / COMMAND INFO. */
	private static void writeInfo(CommandSpec spec, ReplyWriter out) {
		out.arrayHeader(10);
		out.bulkText(spec.name());
		out.integer(spec.arity());
		out.arrayHeader(spec.flags().size());
		spec.flags().forEach(out::simpleString);
		out.integer(spec.firstKey());
		out.integer(spec.lastKey());
		out.integer(spec.step());
		out.arrayHeader(0); // ACL categories
		out.arrayHeader(0); // tips
		out.arrayHeader(0); // key specifications
		out.arrayHeader(spec.subcommands().size());
		spec.subcommands().values().forEach(sub -> writeInfo(sub, out));
	}

}
