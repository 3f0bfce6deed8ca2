package io.kvserver.loadtest;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs the runner's command line in this JVM, as {@code bench/loadtest} would, and reads what it wrote. */
record LoadTestCommand(int exitCode, String out, String err) {

	private static final Pattern TOTAL = Pattern.compile("^Total operations: (\\d+)$", Pattern.MULTILINE);

	static LoadTestCommand run(String... args) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		LoadTestMain main = new LoadTestMain(new PrintStream(out, true, StandardCharsets.UTF_8),
				new PrintStream(err, true, StandardCharsets.UTF_8));
		int exitCode = LoadTestMain.commandLine(main).execute(args);
		return new LoadTestCommand(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
	}

	/** The "Total operations" of each result block printed, in order. */
	List<Long> totals() {
		Matcher m = TOTAL.matcher(this.out);
		return m.results().map((r) -> Long.parseLong(r.group(1))).toList();
	}

	/**
	 * Checks a finished sweep without errors: a result block per run with every line of the original,
	 * then CSV, JSON and a decodable PNG with the same runs.
	 */
	void assertCleanSweep(Path dir, String name, int... connections) throws IOException {
		assertThat(this.exitCode).as("exit code; stderr:%n%s", this.err).isZero();
		assertThat(totals()).hasSize(connections.length).allMatch((total) -> total > 0);
		for (int n : connections) {
			assertThat(this.out).contains(", " + n + " connections, ").contains("Connections: " + n + " (" + n + " open");
		}
		assertThat(this.out.lines().filter((l) -> l.startsWith("Errors: ")))
			.hasSize(connections.length)
			.allMatch((l) -> l.equals("Errors: 0 (connect 0, timeout 0, i/o 0, error replies 0)"));
		assertThat(this.out.lines().filter((l) -> l.startsWith("Error rate: "))).allMatch((l) -> l.equals("Error rate: 0.00%"));
		assertThat(this.out.lines().filter((l) -> l.matches("Ops/sec: \\d+\\.\\d\\d"))).hasSize(connections.length);
		assertThat(this.out.lines().filter((l) -> l.matches("Latency ms: p50 [\\d.]+  p90 [\\d.]+  p99 [\\d.]+  p99\\.9 [\\d.]+  max [\\d.]+")))
			.hasSize(connections.length);

		List<String> csv = Files.readAllLines(dir.resolve(name + ".csv"));
		assertThat(csv).hasSize(connections.length + 1);
		assertThat(csv.get(0)).startsWith("scenario,connections,open_at_end,seconds,total_operations,errors,");
		JsonNode json = new JsonMapper().readTree(dir.resolve(name + ".json").toFile());
		JsonNode runs = json.get("runs");
		assertThat(runs).hasSize(connections.length);
		for (int i = 0; i < connections.length; i++) {
			assertThat(runs.get(i).get("connections").asInt()).isEqualTo(connections[i]);
			assertThat(runs.get(i).get("errors").asLong()).isZero();
			assertThat(runs.get(i).get("total_operations").asLong()).isEqualTo(totals().get(i));
			assertThat(csv.get(i + 1)).contains("," + connections[i] + "," + connections[i] + ",");
		}
		Path png = dir.resolve(name + ".png");
		assertThat(Files.size(png)).isPositive();
		BufferedImage image = ImageIO.read(png.toFile());
		assertThat(image).as("decodable PNG").isNotNull();
		assertThat(image.getWidth()).isPositive();
	}

}
