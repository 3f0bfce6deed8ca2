package io.kvserver.loadtest;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code loadtest chart RESULTS}: a side-by-side sitting as one picture, every server on the same
 * axes. Reads what {@code bench/compare.sh} collects (see {@link BenchmarkResults}), so the chart
 * of a sitting can be drawn again, or from numbers typed in from a table.
 */
@Command(name = "chart", mixinStandardHelpOptions = true, usageHelpWidth = 110,
		description = { "Draws side-by-side results as one PNG, every target (kvserver, redis, ...) on the same "
				+ "axes: the sustained sweep's ops/s and latency against connections, and redis-benchmark's ops/s "
				+ "per command, one chart per pipeline depth. RESULTS has one line per run, "
				+ "workload|command|target|ops_per_sec|p50_ms|p99_ms[|errors], as bench/compare.sh writes to "
				+ "results.txt; rounds repeat the lines and their medians are drawn." })
final class ChartCommand implements Callable<Integer> {

	@Spec
	private CommandSpec spec;

	@Parameters(index = "0", paramLabel = "RESULTS", description = "The results file, e.g. bench/results/compare-*/results.txt.")
	private Path results;

	@Option(names = { "-o", "--out" }, paramLabel = "PNG",
			description = "The picture to write (default: RESULTS with .png instead of its extension).")
	private Path out;

	@Option(names = "--title", defaultValue = "kvserver vs Redis 7.0",
			description = "Prefix of each chart's title (default: ${DEFAULT-VALUE}).")
	private String title;

	@Override
	public Integer call() throws IOException {
		BenchmarkResults read = BenchmarkResults.read(this.results);
		Path png = (this.out != null) ? this.out : defaultOut(this.results);
		ComparisonChart.write(png, this.title, read);
		this.spec.commandLine()
			.getOut()
			.printf("wrote %s: %s, %d rows%n", png, String.join(", ", read.targets()), read.rows().size());
		return 0;
	}

	private static Path defaultOut(Path results) {
		String name = results.getFileName().toString();
		int dot = name.lastIndexOf('.');
		return results.resolveSibling(((dot > 0) ? name.substring(0, dot) : name) + ".png");
	}

}
