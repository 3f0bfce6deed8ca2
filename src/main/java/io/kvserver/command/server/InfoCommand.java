package io.kvserver.command.server;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.kvserver.command.Args;
import io.kvserver.command.CommandFamily;
import io.kvserver.command.CommandSpec;
import io.kvserver.command.CommandTable;
import io.kvserver.command.Session;
import io.kvserver.metrics.CommandStats;
import io.kvserver.metrics.InfoFields;
import io.kvserver.metrics.ServerStats;
import io.kvserver.protocol.ReplyWriter;
import io.kvserver.store.Keyspace;
import io.kvserver.store.Store;

/**
 * INFO [section ...], as Redis 7.0's genRedisInfoString: every section and field Redis prints, in
 * its order ({@link InfoLayout}), with the live values the server's parts registered in
 * {@link InfoFields}; "default" (or no argument) is Redis's default sections, "all" adds
 * commandstats and latencystats, "everything" adds module-generated sections (none here).
 */
public final class InfoCommand implements CommandFamily {

	private static final Set<String> DEFAULT_SECTIONS = Set.of("server", "clients", "memory", "persistence", "stats",
			"replication", "cpu", "module_list", "errorstats", "cluster", "keyspace");

	private final InfoLayout layout = InfoLayout.load();

	private final InfoFields fields;

	private final Store databases;

	private final ServerStats stats;

	private CommandTable table;

	public InfoCommand(InfoFields fields, Store databases, ServerStats stats) {
		this.fields = fields;
		this.databases = databases;
		this.stats = stats;
	}

	@Override
	public void describe(CommandTable table) {
		this.table = table;
	}

	@Override
	public List<CommandSpec> commands() {
		return List.of(CommandSpec.of("info", this::info));
	}

	@Override
	public String familyName() {
		return "server";
	}

	private void info(Session session, byte[][] argv, ReplyWriter out) {
		out.verbatim("txt", text(argv));
	}

	/** The INFO text for these arguments (argv[0] is INFO itself). */
	String text(byte[][] argv) {
		Set<String> wanted = new HashSet<>();
		boolean all = false;
		if (argv.length == 1) {
			wanted.addAll(DEFAULT_SECTIONS);
		}
		for (int i = 1; i < argv.length; i++) {
			String name = Args.text(argv[i]).toLowerCase(Locale.ROOT);
			switch (name) {
				case "default" -> wanted.addAll(DEFAULT_SECTIONS);
				case "all", "everything" -> all = true;
				default -> wanted.add(name);
			}
		}
		StringBuilder text = new StringBuilder();
		for (InfoLayout.Section section : this.layout.sections()) {
			if (!all && !wanted.contains(key(section))
					&& !(section.title().equals("Modules") && wanted.contains("modules"))) {
				continue;
			}
			if (!text.isEmpty()) {
				text.append("\r\n");
			}
			text.append("# ").append(section.title()).append("\r\n");
			if (section.dynamic()) {
				writeDynamic(section.title(), text);
			}
			else {
				writeFields(section, text);
			}
		}
		return text.toString();
	}

	/** The name INFO takes for a section: its title lower-cased, "module_list" for Modules. */
	private static String key(InfoLayout.Section section) {
		return section.title().equals("Modules") ? "module_list" : section.title().toLowerCase(Locale.ROOT);
	}

	private void writeFields(InfoLayout.Section section, StringBuilder text) {
		for (InfoLayout.Field field : section.fields()) {
			Object value = this.fields.value(field.name());
			line(text, field.name(), value != null ? value : field.provided() ? "" : field.fallback());
			for (Map.Entry<String, ?> extra : this.fields.linesAfter(field.name()).entrySet()) {
				line(text, extra.getKey(), extra.getValue());
			}
		}
	}

	private void writeDynamic(String title, StringBuilder text) {
		switch (title) {
			case "Commandstats" -> commandStats(text);
			case "Errorstats" -> this.stats.errorStats()
				.forEach((code, count) -> line(text, "errorstat_" + code, "count=" + count));
			case "Latencystats" -> sortedStats().forEach(command -> {
				String percentiles = this.table.latencyTracking().percentiles(command);
				if (percentiles != null) {
					line(text, "latency_percentiles_usec_" + command.name(), percentiles);
				}
			});
			case "Keyspace" -> {
				for (int i = 0; i < this.databases.count(); i++) {
					Keyspace db = this.databases.db(i);
					if (db.size() > 0 || db.expiresCount() > 0) {
						line(text, "db" + i, "keys=" + db.size() + ",expires=" + db.expiresCount() + ",avg_ttl="
								+ db.averageTtl());
					}
				}
			}
			default -> {
				// Modules: none are loaded
			}
		}
	}

	private List<CommandStats> sortedStats() {
		List<CommandStats> all = new ArrayList<>(this.table.stats());
		all.sort(Comparator.comparing(CommandStats::name));
		return all;
	}

	/** Redis's cmdstat lines, for every command that was called, rejected or failed at least once. */
	private void commandStats(StringBuilder text) {
		for (CommandStats command : sortedStats()) {
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

	private static void line(StringBuilder text, String field, Object value) {
		text.append(field).append(':').append(value).append("\r\n");
	}

}
