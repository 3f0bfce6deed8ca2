package io.kvserver.deploy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.kvserver.support.ChildProcess;
import io.kvserver.support.KvServerIntegrationTest;
import io.kvserver.support.PrometheusText;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deployment files checked without a Docker engine: docker-compose.yml by Debian's
 * docker-compose, prometheus.yml by promtool, and the Grafana dashboard parsed and held against
 * the provisioning files and the metric names this server really exposes.
 */
class DeploymentFilesIT extends KvServerIntegrationTest {

	private static final Path PROJECT = Path.of("").toAbsolutePath();

	private static final Path DASHBOARD = PROJECT.resolve("deploy/grafana/dashboards/kvserver.json");


	/**
	 * The image runs the server with the JVM flags ./mvnw spring-boot:run and the benchmarks use,
	 * and the JVM in the image accepts every one of them (an unknown -XX flag stops a JVM at start).
	 */
	@Test
	void dockerfileRunsWithThePomsJvmFlags() throws Exception {
		String pom = Files.readString(PROJECT.resolve("pom.xml"));
		Matcher flags = Pattern
			.compile("<kvserver.jvm.flags>([^<]+)</kvserver.jvm.flags>").matcher(pom);
		assertThat(flags.find()).as("kvserver.jvm.flags in pom.xml").isTrue();
		List<String> pomFlags = List.of(flags.group(1).trim().split("\\s+"));
		String toolOptions = PrometheusEndToEndIT.Dockerfile.read(PROJECT.resolve("Dockerfile")).env("JAVA_TOOL_OPTIONS");
		assertThat(List.of(toolOptions.split("\\s+"))).as("the Dockerfile's JAVA_TOOL_OPTIONS")
			.containsAll(pomFlags);
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(pomFlags);
		command.add("-version");
		Process java = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(java.waitFor()).as("java %s -version said: %s", pomFlags, output).isZero();
	}

	@Test
	void composeFileIsValidAndEverythingItMountsExists(@TempDir Path work) throws Exception {
		Path compose = ChildProcess.require("docker-compose", "docker-compose");
		// The password comes from .env, which is never committed: the example stands in for it.
		int exit = ChildProcess.run("docker-compose-config",
				List.of(compose.toString(), "--env-file", PROJECT.resolve(".env.example").toString(), "-f",
						PROJECT.resolve("docker-compose.yml").toString(), "config", "-q"), work,
				Map.of(), 120);
		assertThat(exit).as("docker-compose config -q, output:\n%s", Files.readString(work.resolve("docker-compose-config.log")))
			.isZero();

		Map<String, Object> services = map(yaml(PROJECT.resolve("docker-compose.yml")).get("services"));
		assertThat(services).containsOnlyKeys("kvserver", "prometheus", "grafana");
		Map<String, Object> kvserver = map(services.get("kvserver"));
		assertThat(kvserver.get("build")).isEqualTo(".");
		assertThat(list(kvserver.get("ports"))).contains("6379:6379", "8080:8080");
		assertThat(map(map(kvserver.get("ulimits")).get("nofile"))).containsKeys("soft", "hard");
		assertThat(map(kvserver.get("environment")).get("KVSERVER_REQUIREPASS"))
			.as("the password from .env, required: protected mode refuses clients from outside the container without one")
			.isEqualTo("${KVSERVER_PASSWORD:?set KVSERVER_PASSWORD in .env (copy .env.example)}");
		assertThat(ChildProcess.run("docker-compose-config-without-env",
				List.of(compose.toString(), "--env-file", Files.writeString(work.resolve("empty.env"), "").toString(), "-f",
						PROJECT.resolve("docker-compose.yml").toString(), "config", "-q"), work, Map.of(), 120))
			.as("docker-compose refuses to start without a password").isNotZero();
		assertThat(PrometheusEndToEndIT.Dockerfile.read(PROJECT.resolve("Dockerfile")).env("KVSERVER_BIND"))
			.as("the image listens on every interface of its container").isEqualTo("* -::*");
		Map<String, Object> prometheus = map(services.get("prometheus"));
		assertThat(list(prometheus.get("volumes"))).contains("./prometheus.yml:/etc/prometheus/prometheus.yml:ro");
		assertThat(list(prometheus.get("command"))).contains("--config.file=/etc/prometheus/prometheus.yml");
		Map<String, Object> grafana = map(services.get("grafana"));
		List<Object> volumes = list(grafana.get("volumes"));
		for (Object volume : volumes) {
			String hostPath = volume.toString().split(":")[0];
			assertThat(PROJECT.resolve(hostPath)).as("mounted into grafana: %s", volume).exists();
		}
		// Grafana's dashboard provider reads the folder the dashboards are mounted at, and the home
		// dashboard is our file in it.
		String providerPath = (String) map(map(list(yaml(PROJECT.resolve(
				"deploy/grafana/provisioning/dashboards/kvserver.yml")).get("providers")).get(0)).get("options")).get("path");
		assertThat(volumes).contains("./deploy/grafana/dashboards:" + providerPath + ":ro",
				"./deploy/grafana/provisioning:/etc/grafana/provisioning:ro");
		assertThat(map(grafana.get("environment")).get("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH"))
			.isEqualTo(providerPath + "/kvserver.json");
	}

	@Test
	void prometheusConfigPassesPromtoolAndScrapesTheActuatorEndpoint(@TempDir Path work) throws Exception {
		Path promtool = ChildProcess.require("promtool", "prometheus");
		int exit = ChildProcess.run("promtool", List.of(promtool.toString(), "check", "config",
				PROJECT.resolve("prometheus.yml").toString()), work, Map.of(), 60);
		assertThat(exit).as("promtool check config, output:\n%s", Files.readString(work.resolve("promtool.log"))).isZero();
		Map<String, Object> job = map(list(yaml(PROJECT.resolve("prometheus.yml")).get("scrape_configs")).get(0));
		assertThat(job).containsEntry("job_name", "kvserver")
			.containsEntry("metrics_path", "/actuator/prometheus")
			.containsEntry("scrape_interval", "5s");
		assertThat(list(map(list(job.get("static_configs")).get(0)).get("targets"))).containsExactly("kvserver:8080");
	}

	@Test
	void dashboardIsAGrafanaDashboardOnTheProvisionedDataSource() throws Exception {
		Map<String, Object> datasource = map(list(yaml(PROJECT.resolve(
				"deploy/grafana/provisioning/datasources/prometheus.yml")).get("datasources")).get(0));
		assertThat(datasource).containsEntry("type", "prometheus")
			.containsEntry("uid", "prometheus")
			.containsEntry("url", "http://prometheus:9090");

		JsonNode dashboard = dashboard();
		assertThat(dashboard.path("uid").asString()).isEqualTo("kvserver");
		assertThat(dashboard.path("title").asString()).isEqualTo("kvserver");
		assertThat(dashboard.path("schemaVersion").asInt()).isBetween(36, 41);
		Set<Integer> ids = new HashSet<>();
		List<int[]> areas = new ArrayList<>();
		for (JsonNode panel : dashboard.path("panels")) {
			String title = panel.path("title").asString();
			assertThat(ids.add(panel.path("id").asInt())).as("unique id of %s", title).isTrue();
			assertThat(panel.path("type").asString()).as(title).isIn("timeseries", "stat");
			assertThat(panel.path("datasource").path("uid").asString()).as(title).isEqualTo("prometheus");
			JsonNode grid = panel.path("gridPos");
			int x = grid.path("x").asInt();
			int y = grid.path("y").asInt();
			int w = grid.path("w").asInt();
			int h = grid.path("h").asInt();
			assertThat(w).as(title).isPositive();
			assertThat(h).as(title).isPositive();
			assertThat(x + w).as("%s fits Grafana's 24 columns", title).isLessThanOrEqualTo(24);
			for (int[] other : areas) {
				boolean overlaps = x < other[0] + other[2] && other[0] < x + w && y < other[1] + other[3] && other[1] < y + h;
				assertThat(overlaps).as("%s overlaps another panel", title).isFalse();
			}
			areas.add(new int[] { x, y, w, h });
			Set<String> refIds = new HashSet<>();
			assertThat(panel.path("targets").size()).as(title).isPositive();
			for (JsonNode target : panel.path("targets")) {
				assertThat(target.path("expr").asString()).as(title).isNotBlank();
				assertThat(refIds.add(target.path("refId").asString())).as("unique refId in %s", title).isTrue();
				assertThat(target.path("datasource").path("uid").asString()).as(title).isEqualTo("prometheus");
			}
		}
		assertThat(ids).hasSizeGreaterThanOrEqualTo(6);
	}

	@Test
	void everyDashboardQuerySelectsMetricsTheServerExposes() throws Exception {
		Set<String> used = new TreeSet<>();
		for (String expr : dashboardExpressions()) {
			used.addAll(PromQl.metricNames(expr));
		}
		assertThat(used).as("the panels the issue asks for").contains("kvserver_commands_total", "kvserver_connections",
				"kvserver_command_latency_seconds_bucket", "kvserver_keyspace_keys", "kvserver_keyspace_memory_bytes",
				"jvm_memory_used_bytes");
		Set<String> exposed = new PrometheusText(httpGet("/actuator/prometheus")).metricNames();
		assertThat(exposed).containsAll(used);
	}

	static List<String> dashboardExpressions() throws Exception {
		List<String> exprs = new ArrayList<>();
		for (JsonNode panel : dashboard().path("panels")) {
			for (JsonNode target : panel.path("targets")) {
				exprs.add(target.path("expr").asString());
			}
		}
		return exprs;
	}

	private static JsonNode dashboard() throws Exception {
		JsonMapper json = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
		return json.readTree(Files.readString(DASHBOARD));
	}


	static Map<String, Object> yaml(Path file) throws Exception {
		return new Yaml().load(Files.readString(file));
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> map(Object value) {
		assertThat(value).isInstanceOf(Map.class);
		return (Map<String, Object>) value;
	}

	@SuppressWarnings("unchecked")
	static List<Object> list(Object value) {
		assertThat(value).isInstanceOf(List.class);
		return (List<Object>) value;
	}

}
