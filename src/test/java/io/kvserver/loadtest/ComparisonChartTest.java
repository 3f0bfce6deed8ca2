package io.kvserver.loadtest;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.kvserver.loadtest.BenchmarkResults.Row;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** {@code loadtest chart}: bench/compare.sh's results read back as medians and drawn, every target on the same axes. */
class ComparisonChartTest {

	/** Two rounds and a half of a sitting, as bench/lib.sh and bench/compare.sh append them. */
	private static final String RESULTS = """
			c50 P1|SET|kvserver|100000|0.25|0.50
			c50 P1|SET|redis|90000|0.27|0.52
			c50 P16|GET|kvserver|1000000|0.70|1.10
			c50 P16|GET|redis|900000|0.71|1.00
			sustained c1000|GET/SET 80/20|kvserver|19939|0.073|0.518|0
			sustained c1000|GET/SET 80/20|redis|19942|0.070|0.389|0
			sustained c500|GET/SET 80/20|kvserver|9962|0.067|0.259|0
			sustained c500|GET/SET 80/20|redis|9974|0.065|0.272|0
			c50 P1|SET|kvserver|120000|0.20|0.40
			c50 P1|SET|redis|95000|0.26|0.50
			c50 P1|SET|kvserver|80000|0.30|0.60
			""";

	@TempDir
	Path dir;

	@Test
	void eachRowIsTheMedianOfItsRuns() throws IOException {
		BenchmarkResults results = BenchmarkResults.read(write("results.txt", "# a comment\n\n" + RESULTS));
		assertThat(results.targets()).containsExactly("kvserver", "redis");
		assertThat(results.benchmark("kvserver", 1)).extracting(Row::command, Row::opsPerSecond, Row::p50Millis, Row::p99Millis)
			.containsExactly(tuple("SET", 100000.0, 0.25, 0.50));
		// two runs: the mean of the middle two
		assertThat(results.benchmark("redis", 1)).extracting(Row::opsPerSecond).containsExactly(92500.0);
		assertThat(results.benchmark("redis", 16)).extracting(Row::command).containsExactly("GET");
		assertThat(results.pipelines()).containsExactly(1, 16);
		assertThat(results.sweep("kvserver")).extracting(Row::sweepConnections, Row::opsPerSecond)
			.containsExactly(tuple(500, 9962.0), tuple(1000, 19939.0));
	}

	@Test
	void chartCommandDrawsSweepAndBenchmarkChartsInOnePicture() throws IOException {
		Path results = write("results.txt", RESULTS);
		Path png = this.dir.resolve("both.png");
		LoadTestCommand run = LoadTestCommand.run("chart", results.toString(), "--out", png.toString());
		assertThat(run.exitCode()).as("stderr: %s", run.err()).isZero();
		assertThat(run.out()).contains("wrote " + png + ": kvserver, redis, 8 rows");
		BufferedImage image = ImageIO.read(png.toFile());
		// sweep throughput and latency, then one bar chart per pipeline depth: two by two
		assertThat(image.getWidth()).isEqualTo(2 * SweepChart.WIDTH);
		assertThat(image.getHeight()).isEqualTo(2 * SweepChart.HEIGHT);
	}

	@Test
	void withoutOutTheChartGoesNextToTheResults() throws IOException {
		Path results = write("benchmark-only.txt", "c50 P1|GET|kvserver|1|0.1|0.2\nc50 P1|GET|redis|2|0.1|0.2\n");
		LoadTestCommand run = LoadTestCommand.run("chart", results.toString());
		assertThat(run.exitCode()).as("stderr: %s", run.err()).isZero();
		BufferedImage image = ImageIO.read(this.dir.resolve("benchmark-only.png").toFile());
		assertThat(image.getWidth()).isEqualTo(SweepChart.WIDTH);
		assertThat(image.getHeight()).isEqualTo(SweepChart.HEIGHT);
	}

	@Test
	void aFileWithoutResultsIsAnError() throws IOException {
		Path results = write("empty.txt", "# nothing measured\n");
		LoadTestCommand run = LoadTestCommand.run("chart", results.toString());
		assertThat(run.exitCode()).isNotZero();
		assertThat(run.err()).contains("no results to chart");
		assertThat(this.dir.resolve("empty.png")).doesNotExist();
	}

	/** The README's picture is drawn from this file, so it must stay one the chart command reads whole. */
	@Test
	void theDocumentedResultsHaveBothServersEverywhere() throws IOException {
		BenchmarkResults results = BenchmarkResults.read(Path.of("docs/perf/kvserver-vs-redis.txt"));
		assertThat(results.targets()).containsExactly("kvserver", "redis");
		assertThat(results.pipelines()).containsExactly(1, 16);
		for (String target : results.targets()) {
			assertThat(results.sweep(target)).extracting(Row::sweepConnections)
				.containsExactly(500, 800, 1000, 1200, 5000, 10000);
			assertThat(results.benchmark(target, 1)).hasSize(8);
			assertThat(results.benchmark(target, 16)).hasSize(4);
		}
		BufferedImage image = ImageIO.read(Path.of("docs/perf/kvserver-vs-redis.png").toFile());
		assertThat(image.getWidth()).isEqualTo(2 * SweepChart.WIDTH);
		assertThat(image.getHeight()).isEqualTo(2 * SweepChart.HEIGHT);
	}

	private Path write(String name, String text) throws IOException {
		return Files.writeString(this.dir.resolve(name), text);
	}

}
