package io.kvserver.command.server;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

import io.kvserver.config.ConfigRegistry;
import io.kvserver.config.Directive;
import io.kvserver.config.DirectiveFlag;
import io.kvserver.command.Args;
import io.kvserver.command.CommandException;
import io.kvserver.command.CommandFamily;
import io.kvserver.command.CommandSpec;
import io.kvserver.command.CommandTable;
import io.kvserver.util.GlobMatcher;
import io.kvserver.command.HelpReply;
import io.kvserver.command.Session;
import io.kvserver.command.SessionRegistry;
import io.kvserver.metrics.CommandStats;
import io.kvserver.metrics.InfoFields;
import io.kvserver.metrics.ServerStats;
import io.kvserver.protocol.ReplyWriter;
import io.kvserver.store.Store;

/** DBSIZE, FLUSHDB, FLUSHALL, INFO, CONFIG and TIME. */
public final class ServerCommands implements CommandFamily {

	private final Store databases;

	private final SessionRegistry sessions;

	private final ServerStats stats;

	private final IntSupplier port;

	private final ConfigRegistry config;

	private final LongSupplier clock;

	/** The table INFO commandstats reports on (and CONFIG RESETSTAT resets); set once every family is built. */
	private CommandTable table;

	/** INFO persistence's fields, in order; none until persistence is wired in. */

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
			ConfigRegistry config, LongSupplier clock, InfoFields info) {
		this.databases = databases;
		this.sessions = sessions;
		this.stats = stats;
		this.port = port;
		this.config = config;
		this.clock = clock;
		ServerInfo.register(info, stats, sessions, databases, port, clock,
				() -> Long.parseLong(config.lookup("maxclients").get()));
		info.register("config_file", () -> config.configFile() != null ? config.configFile() : "");
		// Redis 7.2's ACL counters (7.0 has none): refused AUTHs, and ACL refusals by command, key, channel
		info.registerLinesAfter("reply_buffer_expands", () -> {
			long[] denied = stats.aclDenials();
			Map<String, Long> lines = new LinkedHashMap<>();
			lines.put("acl_access_denied_auth", denied[0]);
			lines.put("acl_access_denied_cmd", denied[1]);
			lines.put("acl_access_denied_key", denied[2]);
			lines.put("acl_access_denied_channel", denied[3]);
			return lines;
		});
		info.register("expired_keys", () -> databases.expiredKeys() - this.expiredKeysAtReset);
	}

	@Override
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

}
