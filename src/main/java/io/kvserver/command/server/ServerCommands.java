package io.kvserver.command.server;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import com.sun.management.OperatingSystemMXBean;
import io.kvserver.config.ConfigRegistry;
import io.kvserver.config.Directive;
import io.kvserver.config.DirectiveFlag;
import io.kvserver.command.Args;
import io.kvserver.command.CommandCatalog;
import io.kvserver.command.CommandException;
import io.kvserver.command.CommandFamily;
import io.kvserver.command.CommandSpec;
import io.kvserver.command.CommandTable;
import io.kvserver.util.GlobMatcher;
import io.kvserver.command.HelpReply;
import io.kvserver.command.Session;
import io.kvserver.command.SessionRegistry;
import io.kvserver.metrics.CommandStats;
import io.kvserver.metrics.ServerStats;
import io.kvserver.protocol.ReplyWriter;
import io.kvserver.store.Keyspace;
import io.kvserver.store.Store;

/** DBSIZE, FLUSHDB, FLUSHALL, INFO, CONFIG and TIME. */
public final class ServerCommands implements CommandFamily {

	private final Store databases;

	private final SessionRegistry sessions;

	private final ServerStats stats;

	private final IntSupplier port;

	private final ConfigRegistry config;

	private final LongSupplier clock;

	private final String runId = runId();

	/** The table INFO commandstats reports on (and CONFIG RESETSTAT resets); set once every family is built. */
	private CommandTable table;

	/** INFO persistence's fields, in order; none until persistence is wired in. */
	private Supplier<Map<String, Object>> persistenceInfo = Map::of;

	/** Expired keys counted before the last CONFIG RESETSTAT; the databases keep their own totals. */
	private long expiredKeysAtReset;

	private static final List<String> CONFIG_HELP = List.of(
			"CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
			"GET <pattern>",
			"    Return parameters matching the glob-like <pattern> and their values.",
			"SET <directive> <value>",
			"    Set the configuration <directive> to <value>.",
			"RESETSTAT",
			"    Reset statistics reported by the INFO command.",
			"REWRITE",
			"    Rewrite the configuration file.",
			"HELP",
			"    Prints this help.");

	/**
	 * @param config the directives CONFIG GET reports, CONFIG SET changes and CONFIG REWRITE writes back
	 */
	public ServerCommands(Store databases, SessionRegistry sessions, ServerStats stats, IntSupplier port,
			ConfigRegistry config, LongSupplier clock) {
		this.databases = databases;
		this.sessions = sessions;
		this.stats = stats;
		this.port = port;
		this.config = config;
		this.clock = clock;
	}

	/** What INFO persistence reports (the persistence layer's figures, in Redis's order). */
	public void reportPersistence(Supplier<Map<String, Object>> info) {
		this.persistenceInfo = info;
	}

	/** INFO commandstats describes the table this family is part of, which exists only after every family is built. */
	public void describe(CommandTable table) {
		this.table = table;
	}

	@Override
	public List<CommandSpec> commands() {
		return List.of(
				CommandSpec.of("dbsize", (s, a, o) -> o.integer(this.databases.db(s.db()).size())),
				CommandSpec.of("flushdb", (s, a, o) -> {
					checkFlushOptions(a);
					this.databases.db(s.db()).clear();
					o.ok();
				}),
				CommandSpec.of("flushall", (s, a, o) -> {
					checkFlushOptions(a);
					for (int i = 0; i < this.databases.count(); i++) {
						this.databases.db(i).clear();
					}
					o.ok();
				}),
				CommandSpec.of("info", this::info),
				CommandSpec.of("time", this::time),
				CommandSpec.container("config", List.of(
						CommandSpec.of("config|get", this::configGet),
						CommandSpec.of("config|set", this::configSet),
						CommandSpec.of("config|resetstat", this::resetStat),
						CommandSpec.of("config|rewrite", this::rewrite),
						CommandSpec.of("config|help", (s, a, o) -> HelpReply.write(CONFIG_HELP, o)))));
	}

	/** TIME: seconds and microseconds of the Unix time, as two bulk strings. */
	private void time(Session session, byte[][] argv, ReplyWriter out) {
		Instant now = Instant.now();
		out.arrayHeader(2);
		out.bulkText(Long.toString(now.getEpochSecond()));
		out.bulkText(Long.toString(now.getNano() / 1000));
	}

	/** CONFIG SET parameter value [parameter value ...], all or nothing, as Redis 7.0 checks and applies it. */
	private void configSet(Session session, byte[][] argv, ReplyWriter out) {
		if (argv.length % 2 != 0) {
			throw new CommandException(CommandException.SYNTAX);
		}
		List<String> pairs = new ArrayList<>(argv.length - 2);
		for (int i = 2; i < argv.length; i++) {
			pairs.add(Args.text(argv[i]));
		}
		String error = this.config.set(pairs);
		if (error != null) {
			throw new CommandException("ERR " + error);
		}
		out.ok();
	}

	/** CONFIG REWRITE: the config file the server started with, rewritten with the current values. */
	private void rewrite(Session session, byte[][] argv, ReplyWriter out) {
		String error = this.config.rewrite();
		if (error != null) {
			throw new CommandException("ERR " + error);
		}
		out.ok();
	}

	/**
	 * CONFIG RESETSTAT: the counters INFO reports start again from zero, commandstats and errorstats
	 * included (Redis's resetServerStats, resetCommandTableStats and resetErrorTableStats).
	 */
	private void resetStat(Session session, byte[][] argv, ReplyWriter out) {
		this.stats.reset();
		this.table.stats().forEach(CommandStats::reset);
		this.expiredKeysAtReset = this.databases.expiredKeys();
		out.ok();
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
		Map<String, Directive> parameters = this.config.all();
		Map<String, String> matched = new LinkedHashMap<>();
		Set<String> seen = new HashSet<>();
		for (int i = 2; i < argv.length; i++) {
			String requested = Args.text(argv[i]);
			String lower = requested.toLowerCase(Locale.ROOT);
			if (lower.indexOf('*') < 0 && lower.indexOf('?') < 0 && lower.indexOf('[') < 0) {
				// Redis looks a plain name up directly and echoes it as the client spelled it.
				if (parameters.containsKey(lower) && seen.add(lower)) {
					matched.put(requested, parameters.get(lower).get());
				}
				continue;
			}
			byte[] pattern = lower.getBytes(StandardCharsets.ISO_8859_1);
			parameters.forEach((name, directive) -> {
				if (!directive.has(DirectiveFlag.HIDDEN) && GlobMatcher.matches(pattern, name.getBytes(StandardCharsets.ISO_8859_1))
						&& seen.add(name)) {
					matched.put(name, directive.get());
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
		boolean beyondDefault = wanted.contains("all") || wanted.contains("everything");
		long now = this.clock.getAsLong();
		StringBuilder text = new StringBuilder();
		if (all || wanted.contains("server")) {
			section(text, "Server");
			long uptime = (now - this.stats.startedAtMillis()) / 1000;
			line(text, "redis_version", CommandCatalog.REDIS_VERSION);
			line(text, "redis_git_sha1", "00000000");
			line(text, "redis_git_dirty", 0);
			line(text, "kvserver_version", version());
			line(text, "redis_mode", "standalone");
			line(text, "os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
					+ System.getProperty("os.arch"));
			line(text, "arch_bits", System.getProperty("sun.arch.data.model", "64"));
			line(text, "java_version", Runtime.version().toString());
			line(text, "process_id", ProcessHandle.current().pid());
			line(text, "process_supervised", "no");
			line(text, "run_id", this.runId);
			line(text, "tcp_port", this.port.getAsInt());
			line(text, "server_time_usec", now * 1000);
			line(text, "uptime_in_seconds", uptime);
			line(text, "uptime_in_days", uptime / 86400);
			line(text, "hz", 10);
			line(text, "configured_hz", 10);
			line(text, "config_file", this.config.configFile() != null ? this.config.configFile() : "");
		}
		if (all || wanted.contains("clients")) {
			section(text, "Clients");
			line(text, "connected_clients", this.sessions.size());
			line(text, "cluster_connections", 0);
			// The value CONFIG GET maxclients reports, as Redis's INFO prints server.maxclients.
			line(text, "maxclients", this.config.lookup("maxclients").get());
			line(text, "blocked_clients", 0);
			line(text, "tracking_clients", 0);
			line(text, "clients_in_timeout_table", 0);
		}
		if (all || wanted.contains("memory")) {
			section(text, "Memory");
			Runtime rt = Runtime.getRuntime();
			long used = rt.totalMemory() - rt.freeMemory();
			line(text, "used_memory", used);
			line(text, "used_memory_human", human(used));
			line(text, "used_memory_dataset", this.databases.memoryEstimate()); // an estimate: see Keyspace.memoryEstimate()
			long system = totalSystemMemory();
			if (system > 0) {
				line(text, "total_system_memory", system);
				line(text, "total_system_memory_human", human(system));
			}
			// No memory limit and no eviction, as Redis with its default maxmemory 0; the JVM's heap
			// limit is the real ceiling.
			line(text, "maxmemory", 0);
			line(text, "maxmemory_human", "0B");
			line(text, "maxmemory_policy", "noeviction");
			line(text, "jvm_heap_max", rt.maxMemory());
			line(text, "jvm_heap_max_human", human(rt.maxMemory()));
			line(text, "mem_allocator", "jvm " + ManagementFactory.getRuntimeMXBean().getVmName());
		}
		if (all || wanted.contains("persistence")) {
			section(text, "Persistence");
			this.persistenceInfo.get().forEach((field, value) -> line(text, field, value));
		}
		if (all || wanted.contains("stats")) {
			section(text, "Stats");
			line(text, "total_connections_received", this.stats.totalConnectionsReceived());
			line(text, "total_commands_processed", this.stats.totalCommandsProcessed());
			line(text, "instantaneous_ops_per_sec", Math.round(this.stats.instantaneousOpsPerSecond()));
			line(text, "total_net_input_bytes", this.stats.totalNetInputBytes());
			line(text, "total_net_output_bytes", this.stats.totalNetOutputBytes());
			line(text, "rejected_connections", this.stats.rejectedConnections());
			line(text, "expired_keys", this.databases.expiredKeys() - this.expiredKeysAtReset);
			line(text, "evicted_keys", this.stats.evictedKeys());
			line(text, "keyspace_hits", this.stats.keyspaceHits());
			line(text, "keyspace_misses", this.stats.keyspaceMisses());
			line(text, "total_error_replies", this.stats.totalErrorReplies());
			// Redis 7.2's ACL counters (7.0 has none): refused AUTHs, and ACL refusals by command, key, channel
			long[] denied = this.stats.aclDenials();
			line(text, "acl_access_denied_auth", denied[0]);
			line(text, "acl_access_denied_cmd", denied[1]);
			line(text, "acl_access_denied_key", denied[2]);
			line(text, "acl_access_denied_channel", denied[3]);
		}
		if (beyondDefault || wanted.contains("commandstats")) {
			section(text, "Commandstats");
			commandStats(text);
		}
		if (all || wanted.contains("errorstats")) {
			section(text, "Errorstats");
			this.stats.errorStats().forEach((code, count) -> line(text, "errorstat_" + code, "count=" + count));
		}
		if (all || wanted.contains("keyspace")) {
			section(text, "Keyspace");
			for (int i = 0; i < this.databases.count(); i++) {
				Keyspace db = this.databases.db(i);
				if (db.size() > 0) {
					line(text, "db" + i, keyspaceLine(db));
				}
			}
		}
		out.verbatim("txt", text.toString());
	}

	/** Redis's INFO keyspace line; avg_ttl is the exact mean TTL in ms (Redis estimates it by sampling). */
	private static String keyspaceLine(Keyspace db) {
		return "keys=" + db.size() + ",expires=" + db.expiresCount() + ",avg_ttl=" + db.averageTtl();
	}

	/** Redis's cmdstat lines, for every command that was called, rejected or failed at least once. */
	private void commandStats(StringBuilder text) {
		List<CommandStats> all = new ArrayList<>(this.table.stats());
		all.sort(Comparator.comparing(CommandStats::name));
		for (CommandStats command : all) {
			long calls = command.calls();
			long rejected = command.rejectedCalls();
			long failed = command.failedCalls();
			if (calls == 0 && rejected == 0 && failed == 0) {
				continue;
			}
			long usec = command.micros();
			line(text, "cmdstat_" + command.name(), "calls=" + calls + ",usec=" + usec + ",usec_per_call="
					+ String.format(Locale.ROOT, "%.2f", calls == 0 ? 0.0 : (double) usec / calls)
					+ ",rejected_calls=" + rejected + ",failed_calls=" + failed);
		}
	}

	private static long totalSystemMemory() {
		if (ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os) {
			return os.getTotalMemorySize();
		}
		return 0;
	}

	/** A random 40-hex-digit id for this run of the server, as Redis's run_id. */
	private static String runId() {
		byte[] bytes = new byte[20];
		new SecureRandom().nextBytes(bytes);
		return HexFormat.of().formatHex(bytes);
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

}
