package io.kvserver.loadtest;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class SweepReportTest {

	@TempDir
	Path dir;

	private final List<RunResult> runs = List.of(Fixtures.result(500, 6000, 0, 400, 9000),
			Fixtures.result(1200, 7000, 4, 1500, 250_000));

	@Test
	void csvHasOneRowPerRun() throws IOException {
		Path csv = this.dir.resolve("sweep.csv");
		SweepReport.writeCsv(csv, this.runs);
		assertThat(Files.readAllLines(csv)).containsExactly(
				"scenario,connections,open_at_end,seconds,total_operations,errors,error_rate_pct,ops_per_sec,"
						+ "p50_ms,p90_ms,p99_ms,p999_ms,max_ms,connect_errors,timeout_errors,io_errors,reply_errors",
				"sustained,500,500,2.000,6006,6,0.100,3000.000,0.400,0.800,1.200,1.600,9.000,0,1,2,3",
				"sustained,1200,1200,2.000,7010,10,0.143,3500.000,1.500,3.000,4.500,6.000,250.000,4,1,2,3");
	}

	@Test
	void jsonHasTheSettingsAndTheSameRowsAsNumbers() throws IOException {
		Path json = this.dir.resolve("sweep.json");
		LoadSettings settings = Fixtures.settings(Scenario.PIPELINED, 6379, Duration.ofSeconds(2));
		SweepReport.writeJson(json, settings, Instant.parse("2026-01-02T03:04:05Z"), this.runs);
		JsonNode root = new JsonMapper().readTree(json.toFile());
		assertThat(root.get("started").asString()).isEqualTo("2026-01-02T03:04:05Z");
		assertThat(root.get("settings").get("host").asString()).isEqualTo("127.0.0.1");
		assertThat(root.get("settings").get("scenario").asString()).isEqualTo("pipelined");
		assertThat(root.get("settings").get("pipeline").asInt()).isEqualTo(4);
		assertThat(root.get("settings").get("get_ratio").asDouble()).isEqualTo(0.8);
		assertThat(root.get("runs")).hasSize(2);
		JsonNode second = root.get("runs").get(1);
		assertThat(second.get("scenario").asString()).isEqualTo("sustained");
		assertThat(second.get("connections").isNumber()).isTrue();
		assertThat(second.get("connections").asInt()).isEqualTo(1200);
		assertThat(second.get("total_operations").asLong()).isEqualTo(7010);
		assertThat(second.get("ops_per_sec").asDouble()).isEqualTo(3500.0);
		assertThat(second.get("max_ms").asDouble()).isEqualTo(250.0);
		assertThat(second.get("connect_errors").asLong()).isEqualTo(4);
	}

	@Test
	void chartIsAPngOfBothPanels() throws IOException {
		Path png = this.dir.resolve("sweep.png");
		SweepChart.write(png, "test sweep", this.runs);
		BufferedImage image = ImageIO.read(png.toFile());
		assertThat(image).isNotNull();
		assertThat(image.getWidth()).isEqualTo(900);
		assertThat(image.getHeight()).isEqualTo(900);
		assertThat(Files.list(this.dir)).containsExactly(png);
	}

	@Test
	void chartOfRunsWithoutRepliesStillDraws() throws IOException {
		Path png = this.dir.resolve("failed.png");
		SweepChart.write(png, "nothing answered", List.of(new RunResult("sustained", 3, 0, 1, 0, 30, 0, 0, 0, 0, 0, 0,
				0, 0)));
		assertThat(ImageIO.read(png.toFile())).isNotNull();
	}

}
