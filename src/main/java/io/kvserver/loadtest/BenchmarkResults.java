package io.kvserver.loadtest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Side-by-side results as {@code bench/compare.sh} collects them in {@code results.txt}: one line
 * per run, {@code workload|command|target|ops_per_sec|p50_ms|p99_ms[|errors]}, the sustained sweep's
 * points as workload {@code sustained c<connections>} and redis-benchmark's as e.g. {@code c50 P16}.
 * Rounds repeat the lines; each row here is the median of a target's runs, as in the tables of
 * {@code bench/summarize.py}. Lines that are not of this form (comments, blank lines) are skipped.
 */
record BenchmarkResults(List<String> targets, List<Row> rows) {

	private static final Pattern SUSTAINED = Pattern.compile("sustained c(\\d+)");

	private static final Pattern PIPELINE = Pattern.compile("\\bP(\\d+)\\b");

	/** The median of one target's runs of one workload and command. */
	record Row(String workload, String command, String target, double opsPerSecond, double p50Millis,
			double p99Millis) {

		/** Connections of a sustained-sweep point, or -1 for a redis-benchmark row. */
		int sweepConnections() {
			Matcher m = SUSTAINED.matcher(this.workload);
			return m.matches() ? Integer.parseInt(m.group(1)) : -1;
		}

		/** Requests per write of a redis-benchmark row ({@code P16}), 1 when the workload does not say. */
		int pipeline() {
			Matcher m = PIPELINE.matcher(this.workload);
			return m.find() ? Integer.parseInt(m.group(1)) : 1;
		}

	}

	static BenchmarkResults read(Path file) throws IOException {
		Map<List<String>, List<double[]>> runs = new LinkedHashMap<>();
		Set<String> targets = new LinkedHashSet<>();
		for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
			String[] fields = line.strip().split("\\|");
			if (fields.length < 6 || line.startsWith("#")) {
				continue;
			}
			double[] values;
			try {
				values = new double[] { Double.parseDouble(fields[3]), Double.parseDouble(fields[4]),
						Double.parseDouble(fields[5]) };
			}
			catch (NumberFormatException ex) {
				throw new IOException(file + ": not a number in '" + line + "'", ex);
			}
			targets.add(fields[2]);
			runs.computeIfAbsent(List.of(fields[0], fields[1], fields[2]), (key) -> new ArrayList<>()).add(values);
		}
		List<Row> rows = new ArrayList<>();
		runs.forEach((key, values) -> rows.add(new Row(key.get(0), key.get(1), key.get(2), median(values, 0),
				median(values, 1), median(values, 2))));
		return new BenchmarkResults(List.copyOf(targets), List.copyOf(rows));
	}

	/** The sustained sweep's points of one target, by connections. */
	List<Row> sweep(String target) {
		return this.rows.stream()
			.filter((r) -> r.target().equals(target) && r.sweepConnections() > 0)
			.sorted((a, b) -> Integer.compare(a.sweepConnections(), b.sweepConnections()))
			.toList();
	}

	/** The redis-benchmark rows of one target at one pipeline depth, in the order they were first seen. */
	List<Row> benchmark(String target, int pipeline) {
		return this.rows.stream()
			.filter((r) -> r.target().equals(target) && r.sweepConnections() < 0 && r.pipeline() == pipeline)
			.toList();
	}

	/** The pipeline depths the redis-benchmark rows were run at, smallest first. */
	List<Integer> pipelines() {
		return this.rows.stream().filter((r) -> r.sweepConnections() < 0).map(Row::pipeline).distinct().sorted().toList();
	}

	private static double median(List<double[]> runs, int column) {
		double[] values = runs.stream().mapToDouble((v) -> v[column]).sorted().toArray();
		int mid = values.length / 2;
		return (values.length % 2 == 1) ? values[mid] : (values[mid - 1] + values[mid]) / 2;
	}

}
