package io.kvserver.metrics;

import java.net.Socket;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.kvserver.support.KvServerIntegrationTest;
import io.kvserver.support.PrometheusText;
import io.kvserver.support.RawConnection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The meters as a user scrapes them from {@code /actuator/prometheus} while talking to the server
 * over real sockets. Tests in one JVM run one at a time, so the deltas they measure are their own.
 */
class MetricsEndpointIT extends KvServerIntegrationTest {

	private static final String PING_OK = "kvserver_commands_total{command=\"ping\",family=\"connection\",outcome=\"ok\"}";


	@Test
	void commandsAreCountedPerCommandAndOutcomeWhileTheConnectionGaugeShowsOpenClients() throws Exception {
		PrometheusText before = scrape();
		try (RawConnection c = connect()) {
			c.send("PING\r\n".repeat(100));
			c.read("+PONG\r\n".repeat(100));
			c.send("GET\r\nFROBNICATE\r\nINCR\r\n");
			c.readReply();
			c.readReply();
			c.readReply();
			PrometheusText after = scrape();
			assertThat(after.value(PING_OK) - before.value(PING_OK)).isEqualTo(100);
			assertThat(delta(before, after, "kvserver_commands_total", "command=\"get\"", "outcome=\"error\"")).isEqualTo(1);
			assertThat(delta(before, after, "kvserver_commands_total", "command=\"incr\"", "outcome=\"error\"")).isEqualTo(1);
			assertThat(delta(before, after, "kvserver_commands_total", "command=\"unknown\"", "outcome=\"error\"")).isEqualTo(1);
			assertThat(delta(before, after, "kvserver_errors_total")).isEqualTo(3);
			assertThat(delta(before, after, "kvserver_command_latency_seconds_count", "family=\"connection\""))
				.isEqualTo(100);
			assertThat(after.value("kvserver_connections")).isGreaterThanOrEqualTo(1);
		}
	}

	@Test
	void infoAndTheMetersReadTheSameCounters() throws Exception {
		try (RawConnection c = connect()) {
			c.send("PING\r\n".repeat(10));
			c.read("+PONG\r\n".repeat(10));
			Map<String, String> info = info(c, "everything");
			PrometheusText metrics = scrape();
			String pingStats = info.get("cmdstat_ping");
			long calls = Long.parseLong(pingStats.substring("calls=".length(), pingStats.indexOf(',')));
			assertThat(metrics.value(PING_OK)).isEqualTo(calls);
			assertThat(metrics.value("kvserver_errors_total")).isEqualTo(Long.parseLong(info.get("total_error_replies")));
			assertThat(metrics.value("kvserver_keyspace_expired_total")).isEqualTo(Long.parseLong(info.get("expired_keys")));
			assertThat(metrics.value("kvserver_connections_accepted_total"))
				.isEqualTo(Long.parseLong(info.get("total_connections_received")));
			// The scrape came after INFO, whose own request is the only input in between.
			assertThat(metrics.value("kvserver_net_input_bytes_total"))
				.isEqualTo(Long.parseLong(info.get("total_net_input_bytes")));
		}
	}

	@Test
	void bytesInAndOutAndBatchSizesAreCounted() throws Exception {
		PrometheusText before = scrape();
		try (RawConnection c = connect()) {
			c.send("PING\r\n".repeat(100)); // 600 bytes in, 700 bytes out
			c.read("+PONG\r\n".repeat(100));
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				PrometheusText after = scrape();
				assertThat(delta(before, after, "kvserver_net_input_bytes_total")).isEqualTo(600);
				assertThat(delta(before, after, "kvserver_net_output_bytes_total")).isEqualTo(700);
				// However the 600 bytes arrived, the batches read from them hold 100 requests in all.
				assertThat(delta(before, after, "kvserver_pipeline_batch_requests_sum")).isEqualTo(100);
				assertThat(delta(before, after, "kvserver_pipeline_batch_requests_count")).isBetween(1.0, 100.0);
			});
		}
	}

	@Test
	void closedConnectionsAreCountedByReason() throws Exception {
		PrometheusText before = scrape();
		try (RawConnection quitting = connect()) {
			quitting.send("QUIT\r\n").read("+OK\r\n");
			assertThat(quitting.isClosedByServer()).isTrue();
		}
		try (RawConnection broken = connect()) {
			broken.send("*1\r\n$x\r\n").readReply();
			assertThat(broken.isClosedByServer()).isTrue();
		}
		try (RawConnection polite = connect()) {
			polite.send("PING\r\n").read("+PONG\r\n");
		}
		try (Socket resetting = new Socket("127.0.0.1", port())) {
			resetting.getOutputStream().write("PING\r\n".getBytes());
			resetting.getInputStream().readNBytes(7);
			resetting.setSoLinger(true, 0); // close with RST
		}
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			PrometheusText after = scrape();
			assertThat(delta(before, after, "kvserver_connections_closed_total", "reason=\"client-quit\"")).isEqualTo(1);
			assertThat(delta(before, after, "kvserver_connections_closed_total", "reason=\"protocol-error\"")).isEqualTo(1);
			assertThat(delta(before, after, "kvserver_connections_closed_total", "reason=\"client-reset\"")).isEqualTo(1);
			// at least: a client of an earlier test class may still be hanging up
			assertThat(delta(before, after, "kvserver_connections_closed_total", "reason=\"client-closed\""))
				.isGreaterThanOrEqualTo(1);
			assertThat(delta(before, after, "kvserver_connections_closed_total")).isGreaterThanOrEqualTo(4);
			assertThat(delta(before, after, "kvserver_connections_accepted_total")).isEqualTo(4);
		});
	}

	@Test
	void keyspaceGaugesArePerDatabase() throws Exception {
		try (RawConnection c = connect()) {
			c.send("SELECT 7\r\nSET plain v\r\nSET timed v EX 100\r\n").read("+OK\r\n+OK\r\n+OK\r\n");
			PrometheusText metrics = scrape();
			assertThat(metrics.value("kvserver_keyspace_keys{db=\"7\"}")).isEqualTo(2);
			assertThat(metrics.value("kvserver_keyspace_expires{db=\"7\"}")).isEqualTo(1);
			// Two 5-byte keys and 1-byte values (four 24-byte arrays), plus the value and expiry tables' arrays.
			assertThat(metrics.value("kvserver_keyspace_memory_bytes{db=\"7\"}")).isBetween(96.0, 1024.0);
			assertThat(metrics.value("kvserver_keyspace_evicted_total")).isZero();
			c.send("FLUSHDB\r\n").read("+OK\r\n");
			assertThat(scrape().value("kvserver_keyspace_memory_bytes{db=\"7\"}")).isZero();
		}
	}

	@Test
	void theBlockedClientsGaugeCountsClientsWaitingInABlockingPop() throws Exception {
		try (RawConnection waiter = connect(); RawConnection pusher = connect()) {
			waiter.send("BLPOP metrics:queue 0\r\n");
			await().atMost(Duration.ofSeconds(10))
				.until(() -> scrape().value("kvserver_clients_blocked") == 1 && info(pusher, "clients")
					.get("blocked_clients")
					.equals("1"));
			pusher.send("RPUSH metrics:queue job\r\n").read(":1\r\n");
			waiter.read("*2\r\n$13\r\nmetrics:queue\r\n$3\r\njob\r\n");
			assertThat(scrape().value("kvserver_clients_blocked")).isZero();
		}
	}

	@Test
	void opsPerSecondIsServedByActuatorMetrics() throws Exception {
		String body = httpGet("/actuator/metrics/kvserver.ops.per.second");
		assertThat(body).contains("\"name\":\"kvserver.ops.per.second\"").contains("\"statistic\":\"VALUE\"");
	}

	@Test
	void jvmMetersComeFromSpringBoot() throws Exception {
		assertThat(scrape().metricNames()).contains("jvm_memory_used_bytes", "jvm_gc_pause_seconds_count",
				"process_cpu_usage");
	}

	private static double delta(PrometheusText before, PrometheusText after, String name, String... labels) {
		return after.sum(name, labels) - before.sum(name, labels);
	}

	private static Map<String, String> info(RawConnection c, String section) {
		c.send("INFO " + section + "\r\n");
		String reply = c.readReply();
		Map<String, String> fields = new LinkedHashMap<>();
		for (String line : reply.split("\r\n")) {
			int colon = line.indexOf(':');
			if (colon > 0 && !line.startsWith("$")) {
				fields.put(line.substring(0, colon), line.substring(colon + 1));
			}
		}
		return fields;
	}

	private PrometheusText scrape() throws Exception {
		return new PrometheusText(httpGet("/actuator/prometheus"));
	}


}
