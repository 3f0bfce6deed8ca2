package io.kvserver.metrics;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.kvserver.command.CommandCatalog;
import io.kvserver.support.KvServerIntegrationTest;
import io.kvserver.support.ProjectVersion;
import io.kvserver.support.RawConnection;

import static org.assertj.core.api.Assertions.assertThat;

/** The Actuator endpoints a user and Docker's HEALTHCHECK see, and only those. */
class ActuatorIT extends KvServerIntegrationTest {

	@LocalServerPort
	private int httpPort;

	@Test
	void healthShowsTheListenerWithItsPortAndConnections() throws Exception {
		try (RawConnection c = connect()) {
			c.send("PING\r\n").read("+PONG\r\n");
			HttpResponse<String> health = get("/actuator/health");
			assertThat(health.statusCode()).isEqualTo(200);
			assertThat(health.body()).startsWith("{").contains("\"status\":\"UP\"")
				.contains("\"kvserver\":{\"details\":{\"port\":" + port() + ",\"bind\":\"127.0.0.1\",\"transport\":\"loop\",\"connections\":");
			int at = health.body().indexOf("\"connections\":") + "\"connections\":".length();
			int connections = Integer.parseInt(health.body().substring(at, health.body().indexOf('}', at)));
			assertThat(connections).isGreaterThanOrEqualTo(1);
		}
	}

	@Test
	void infoShowsTheBuildVersionAndGitCommit() throws Exception {
		HttpResponse<String> info = get("/actuator/info");
		assertThat(info.statusCode()).isEqualTo(200);
		assertThat(info.body()).contains("\"version\":\"" + ProjectVersion.fromPom() + "\"", "\"artifact\":\"kvserver\"")
			.containsPattern("\"git\":\\{\"branch\":\"[^\"]+\",\"commit\":\\{\"id\":\"[0-9a-f]{7,}\"");
	}

	/** The same version in INFO server, right after Redis's own (which clients parse), as in /actuator/info. */
	@Test
	void infoServerShowsTheBuildVersionAfterRedisVersion() throws Exception {
		try (RawConnection c = connect()) {
			List<String> lines = c.send("INFO server\r\n").readReply().lines().toList();
			int redis = lines.indexOf("redis_version:" + CommandCatalog.REDIS_VERSION);
			assertThat(redis).as("redis_version in %s", lines).isPositive();
			assertThat(lines.get(redis + 1)).isEqualTo("kvserver_version:" + ProjectVersion.fromPom())
				.isNotEqualTo("kvserver_version:dev");
		}
	}

	@Test
	void onlyHealthInfoMetricsAndPrometheusAreExposed() throws Exception {
		assertThat(get("/actuator").body()).contains("/actuator/health", "/actuator/info", "/actuator/metrics",
				"/actuator/prometheus")
			.doesNotContain("/actuator/env", "/actuator/beans", "/actuator/heapdump", "/actuator/shutdown");
		for (String hidden : new String[] { "/actuator/env", "/actuator/beans", "/actuator/heapdump",
				"/actuator/threaddump", "/actuator/loggers", "/actuator/configprops" }) {
			assertThat(get(hidden).statusCode()).as(hidden).isEqualTo(404);
		}
		assertThat(get("/actuator/metrics").body()).contains("\"kvserver.commands\"", "\"kvserver.connections\"",
				"\"kvserver.pipeline.batches\"", "\"jvm.memory.used\"");
	}

	private HttpResponse<String> get(String path) throws Exception {
		try (HttpClient http = HttpClient.newHttpClient()) {
			return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.httpPort + path)).build(),
					HttpResponse.BodyHandlers.ofString());
		}
	}

}
