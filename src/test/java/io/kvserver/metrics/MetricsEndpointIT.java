package io.kvserver.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.kvserver.support.KvServerIntegrationTest;
import io.kvserver.support.RawConnection;

class MetricsEndpointIT extends KvServerIntegrationTest {

	@LocalServerPort
	private int httpPort;

	@Test
	void prometheusEndpointCountsCommandsAndOpenConnections() throws Exception {
		double before = scrape("kvserver_commands_total");
		try (RawConnection c = connect()) {
			StringBuilder pipeline = new StringBuilder();
			for (int i = 0; i < 100; i++) {
				pipeline.append("PING\r\n");
			}
			c.send(pipeline.toString());
			c.read("+PONG\r\n".repeat(100));
			assertThat(scrape("kvserver_commands_total") - before).isGreaterThanOrEqualTo(100);
			assertThat(scrape("kvserver_connections")).isGreaterThanOrEqualTo(1);
		}
	}

	@Test
	void opsPerSecondIsServedByActuatorMetrics() throws Exception {
		String body = get("/actuator/metrics/kvserver.ops.per.second");
		assertThat(body).contains("\"name\":\"kvserver.ops.per.second\"").contains("\"statistic\":\"VALUE\"");
	}

	private double scrape(String meter) throws Exception {
		Matcher m = Pattern.compile("(?m)^" + meter + " ([0-9.eE+-]+)$").matcher(get("/actuator/prometheus"));
		assertThat(m.find()).as("meter %s in /actuator/prometheus", meter).isTrue();
		return Double.parseDouble(m.group(1));
	}

	private String get(String path) throws Exception {
		try (HttpClient http = HttpClient.newHttpClient()) {
			HttpResponse<String> response = http.send(
					HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.httpPort + path)).build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).isEqualTo(200);
			return response.body();
		}
	}

}
