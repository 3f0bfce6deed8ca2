package io.kvserver.loadtest;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

import org.awaitility.Awaitility;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.kvserver.support.KvServerIntegrationTest;
import io.kvserver.support.RawConnection;

import static org.assertj.core.api.Assertions.assertThat;

/** The load-test runner, briefly, against the running kvserver: every scenario, no errors, every output. */
class LoadTestIT extends KvServerIntegrationTest {

	@TempDir
	Path out;

	@Test
	void sustainedSweepOfTheOriginalWorkload() throws IOException {
		LoadTestCommand run = LoadTestCommand.run("--port", Integer.toString(port()), "--connections", "2,5",
				"--duration", "1s", "--warm-up", "0s", "--ramp-up", "200ms", "--think-ms", "0-20", "--progress", "500ms",
				"--out", this.out.toString(), "--label", "kv");
		run.assertCleanSweep(this.out, "kv-sustained", 2, 5);
		assertThat(run.err()).contains("[sustained 5] measuring");
		// the SETs really landed: "count" holds one of the numbers written
		try (RawConnection connection = connect()) {
			assertThat(connection.send("GET count\r\n").readReply()).matches("\\$\\d+\r\n\\d+\r\n");
		}
	}

	@Test
	void throughputOnAKeyRangeWithFixedSizeValues() throws IOException {
		LoadTestCommand run = LoadTestCommand.run("--port", Integer.toString(port()), "-c", "3", "-d", "1s",
				"--warm-up", "0s", "--ramp-up", "0s", "--scenario", "throughput", "--keys", "100", "--value-size", "64",
				"--get-ratio", "0.5", "--out", this.out.toString(), "--label", "kv");
		run.assertCleanSweep(this.out, "kv-throughput", 3);
		try (RawConnection connection = connect()) {
			assertThat(connection.send("EXISTS count:0 count:1 count:2 count:3 count:4\r\n").readReply())
				.matches(":[1-5]\r\n");
		}
	}

	@Test
	void pipelined() throws IOException {
		LoadTestCommand run = LoadTestCommand.run("--port", Integer.toString(port()), "-c", "2", "-d", "1s",
				"--warm-up", "0s", "--ramp-up", "0s", "-s", "PIPELINED", "-P", "8", "-o", this.out.toString(),
				"--label", "kv");
		run.assertCleanSweep(this.out, "kv-pipelined", 2);
		// whole batches only
		assertThat(run.totals().get(0) % 8).isZero();
	}

	@Test
	void queueOfBlockedConsumersAndProducers() throws IOException {
		LoadTestCommand run = LoadTestCommand.run("--port", Integer.toString(port()), "-c", "20", "-d", "1s",
				"--warm-up", "0s", "--ramp-up", "100ms", "-s", "queue", "--producers", "2", "-o", this.out.toString(),
				"--label", "kv");
		run.assertCleanSweep(this.out, "kv-queue", 20);
		assertThat(run.out()).contains("connections 20 (consumers) and 2 producers");
		try (RawConnection connection = connect()) {
			// the producers never let the queue grow past the backlog bound (plus one push each in flight)
			String length = connection.send("LLEN queue\r\n").readReply();
			assertThat(Long.parseLong(length.substring(1).trim())).isLessThanOrEqualTo(QueueProducer.MAX_BACKLOG + 2);
			// the consumers' connections are gone, and with them their places in line
			Awaitility.await()
				.atMost(Duration.ofSeconds(10))
				.until(() -> connection.send("INFO clients\r\n").readReply(), (info) -> info.contains("blocked_clients:0\r\n"));
		}
	}

}
