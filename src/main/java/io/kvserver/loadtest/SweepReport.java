package io.kvserver.loadtest;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The results of a sweep as CSV (one row per connection count, for spreadsheets and the bench
 * scripts) and JSON (the same rows plus the settings they were measured with). Rewritten after
 * every run, so a sweep stopped half-way still leaves the runs it finished.
 */
final class SweepReport {

	private static final List<Column> COLUMNS = List.of(new Column("scenario", RunResult::scenario),
			new Column("connections", RunResult::connections), new Column("open_at_end", RunResult::openAtEnd),
			new Column("seconds", (r) -> decimal(r.seconds())),
			new Column("total_operations", RunResult::totalOperations), new Column("errors", RunResult::errors),
			new Column("error_rate_pct", (r) -> decimal(r.errorRate())),
			new Column("ops_per_sec", (r) -> decimal(r.opsPerSecond())),
			new Column("p50_ms", (r) -> millis(r.p50Micros())), new Column("p90_ms", (r) -> millis(r.p90Micros())),
			new Column("p99_ms", (r) -> millis(r.p99Micros())), new Column("p999_ms", (r) -> millis(r.p999Micros())),
			new Column("max_ms", (r) -> millis(r.maxMicros())),
			new Column("connect_errors", RunResult::connectErrors),
			new Column("timeout_errors", RunResult::timeoutErrors), new Column("io_errors", RunResult::ioErrors),
			new Column("reply_errors", RunResult::replyErrors));

	private SweepReport() {
	}

	static void writeCsv(Path file, List<RunResult> runs) throws IOException {
		List<String> lines = new ArrayList<>();
		lines.add(String.join(",", COLUMNS.stream().map(Column::name).toList()));
		for (RunResult run : runs) {
			lines.add(String.join(",", COLUMNS.stream().map((c) -> String.valueOf(c.value().apply(run))).toList()));
		}
		Files.write(file, lines, StandardCharsets.UTF_8);
	}

	static void writeJson(Path file, LoadSettings settings, Instant started, List<RunResult> runs) throws IOException {
		StringBuilder json = new StringBuilder(1024);
		json.append("{\n  \"started\": ").append(quote(started.toString()));
		json.append(",\n  \"settings\": {");
		appendSettings(json, settings);
		json.append("\n  },\n  \"runs\": [");
		for (int i = 0; i < runs.size(); i++) {
			json.append((i == 0) ? "\n    {" : ",\n    {");
			for (int c = 0; c < COLUMNS.size(); c++) {
				Column column = COLUMNS.get(c);
				Object value = column.value().apply(runs.get(i));
				json.append((c == 0) ? "" : ", ").append(quote(column.name())).append(": ");
				json.append(jsonValue(value));
			}
			json.append('}');
		}
		json.append("\n  ]\n}\n");
		Files.writeString(file, json, StandardCharsets.UTF_8);
	}

	private static void appendSettings(StringBuilder json, LoadSettings s) {
		Object[][] fields = { { "host", s.host() }, { "port", s.port() }, { "scenario", s.scenario().label() },
				{ "duration_s", decimal(s.duration().toMillis() / 1000.0) },
				{ "warm_up_s", decimal(s.warmUp().toMillis() / 1000.0) },
				{ "ramp_up_s", decimal(s.rampUp().toMillis() / 1000.0) }, { "get_ratio", decimal(s.getRatio()) },
				{ "keys", s.keyCount() }, { "value_size", s.valueSize() }, { "think_min_ms", s.thinkMin().toMillis() },
				{ "think_max_ms", s.thinkMax().toMillis() }, { "pipeline", s.depth() },
				{ "producers", (s.scenario() == Scenario.QUEUE) ? s.producers() : 0 },
				{ "connect_timeout_ms", s.connectTimeout().toMillis() },
				{ "read_timeout_ms", s.readTimeout().toMillis() } };
		for (int i = 0; i < fields.length; i++) {
			Object value = fields[i][1];
			json.append((i == 0) ? "\n    " : ",\n    ").append(quote((String) fields[i][0])).append(": ");
			json.append(jsonValue(value));
		}
	}

	/** Three decimals, printed the same in CSV and JSON (a BigDecimal prints no exponent at this scale). */
	private static BigDecimal decimal(double value) {
		return BigDecimal.valueOf(value).setScale(3, RoundingMode.HALF_UP);
	}

	private static BigDecimal millis(long micros) {
		return BigDecimal.valueOf(micros, 3);
	}

	private static String jsonValue(Object value) {
		return (value instanceof Number) ? value.toString() : quote(value.toString());
	}

	/** A JSON string; the values here are host names and fixed words, but quote them properly anyway. */
	private static String quote(String text) {
		StringBuilder quoted = new StringBuilder(text.length() + 2).append('"');
		for (char c : text.toCharArray()) {
			switch (c) {
				case '"' -> quoted.append("\\\"");
				case '\\' -> quoted.append("\\\\");
				default -> {
					if (c < 0x20) {
						quoted.append(String.format("\\u%04x", (int) c));
					}
					else {
						quoted.append(c);
					}
				}
			}
		}
		return quoted.append('"').toString();
	}

	private record Column(String name, Function<RunResult, Object> value) {
	}

}
