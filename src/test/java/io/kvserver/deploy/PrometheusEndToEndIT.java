package io.kvserver.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.kvserver.support.ChildProcess;
import io.kvserver.support.ProjectVersion;
import io.kvserver.support.RawConnection;

import static io.kvserver.deploy.DeploymentFilesIT.list;
import static io.kvserver.deploy.DeploymentFilesIT.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What {@code docker compose up} would do, without a Docker engine: the packaged jar laid out as
 * the Dockerfile's run stage lays it out (same layers, same JVM flags, same entry point, health
 * checked by the Dockerfile's own HEALTHCHECK command), a real Prometheus (Debian's) scraping it
 * with the job from the top-level prometheus.yml, and redis-benchmark driving load. The assertions
 * go through Prometheus's HTTP API, as a dashboard would.
 */
class PrometheusEndToEndIT {

	private static final Path PROJECT = Path.of("").toAbsolutePath();

	private static final Duration DEADLINE = Duration.ofSeconds(90);

	private static final int IDLE_CONNECTIONS = 3;

	private static final int MAX_BENCHMARK_RUNS = 30;

	private final HttpClient http = HttpClient.newHttpClient();

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void prometheusScrapesThePackagedServerUnderLoad(@TempDir Path work) throws Exception {
		Path prometheusBinary = ChildProcess.require("prometheus", "prometheus");
		Path benchmark = ChildProcess.require("redis-benchmark", "redis-tools");
		Dockerfile dockerfile = Dockerfile.read(PROJECT.resolve("Dockerfile"));
		Path app = layOutLikeTheRunStage(dockerfile, work);

		int respPort = ChildProcess.freeLoopbackPort();
		int httpPort = ChildProcess.freeLoopbackPort();
		int prometheusPort = ChildProcess.freeLoopbackPort();
		List<String> server = new ArrayList<>(List.of(javaBinary().toString()));
		server.addAll(dockerfile.entrypoint().subList(1, dockerfile.entrypoint().size()));
		server.addAll(List.of("--kvserver.port=" + respPort, "--kvserver.bind=127.0.0.1", "--server.port=" + httpPort));
		try (ChildProcess kvserver = ChildProcess.start("kvserver", server, app,
				Map.of("JAVA_TOOL_OPTIONS", dockerfile.env("JAVA_TOOL_OPTIONS")))) {
			await("the Dockerfile's HEALTHCHECK passing").atMost(DEADLINE).pollInterval(Duration.ofSeconds(1)).until(() -> {
				kvserver.assertAlive();
				return healthcheck(dockerfile, httpPort, work) == 0;
			});
			// The image's layout (extracted layers, no jar manifest on the class path) still knows its version.
			String version = ProjectVersion.fromPom();
			try (RawConnection c = RawConnection.open("127.0.0.1", respPort)) {
				assertThat(c.send("INFO server\r\n").readReply()).contains("\r\nkvserver_version:" + version + "\r\n");
			}
			assertThat(this.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/actuator/info"))
				.build(), HttpResponse.BodyHandlers.ofString()).body()).contains("\"version\":\"" + version + "\"");

			Path config = prometheusConfig(httpPort, work);
			List<RawConnection> idle = new ArrayList<>();
			try (ChildProcess prometheus = ChildProcess.start("prometheus", List.of(prometheusBinary.toString(),
					"--config.file=" + config, "--storage.tsdb.path=" + work.resolve("tsdb"),
					"--web.listen-address=127.0.0.1:" + prometheusPort), work, Map.of())) {
				// Connections that stay open through every scrape, whatever the load is doing at that moment.
				for (int i = 0; i < IDLE_CONNECTIONS; i++) {
					idle.add(RawConnection.open("127.0.0.1", respPort));
					idle.get(i).send("PING\r\n").read("+PONG\r\n");
				}
				await("Prometheus ready").atMost(DEADLINE).pollInterval(Duration.ofMillis(500)).until(() -> {
					prometheus.assertAlive();
					return status("http://127.0.0.1:" + prometheusPort + "/-/ready") == 200;
				});

				AtomicBoolean stop = new AtomicBoolean();
				List<Integer> exits = new CopyOnWriteArrayList<>();
				Thread load = Thread.ofPlatform().name("redis-benchmark-loop").start(() -> {
					for (int run = 0; run < MAX_BENCHMARK_RUNS && !stop.get(); run++) {
						exits.add(ChildProcess.run("redis-benchmark-" + run, List.of(benchmark.toString(), "-h", "127.0.0.1",
								"-p", Integer.toString(respPort), "-n", "200000", "-c", "4", "-r", "1000", "-q", "-t", "set,get"),
								work, Map.of(), 120));
					}
				});
				String api = "http://127.0.0.1:" + prometheusPort + "/api/v1/query?query=";
				try {
					await("Prometheus seeing commands and connections").atMost(DEADLINE)
						.pollInterval(Duration.ofSeconds(1))
						.untilAsserted(() -> {
							kvserver.assertAlive();
							prometheus.assertAlive();
							assertThat(values(api, "up{job=\"kvserver\"}")).as("target up").containsValue(1.0);
							assertThat(values(api, "rate(kvserver_commands_total[15s])").values())
								.as("rate(kvserver_commands_total[15s])")
								.anySatisfy(rate -> assertThat(rate).isPositive());
							assertThat(values(api, "kvserver_connections").values()).as("kvserver_connections")
								.singleElement()
								.satisfies(open -> assertThat(open).isGreaterThanOrEqualTo(IDLE_CONNECTIONS));
							assertThat(values(api, "histogram_quantile(0.99, sum by (family, le) "
									+ "(rate(kvserver_command_latency_seconds_bucket[15s])))"))
								.as("p99 latency per family")
								.hasEntrySatisfying("family=string", p99 -> assertThat(p99).isPositive().isFinite());
						});
				}
				finally {
					stop.set(true);
					load.join(Duration.ofMinutes(3));
				}
				assertThat(exits).as("redis-benchmark exit codes").isNotEmpty().containsOnly(0);

				// Every dashboard query is valid PromQL for this Prometheus, with Grafana's variable filled in.
				for (String expr : DeploymentFilesIT.dashboardExpressions()) {
					JsonNode reply = query(api, expr.replace("$__rate_interval", "1m"));
					assertThat(reply.path("status").asString()).as(expr).isEqualTo("success");
				}
			}
			finally {
				idle.forEach(RawConnection::close);
			}
		}
		assertThat(healthcheck(dockerfile, httpPort, work)).as("HEALTHCHECK once the server is gone").isNotZero();
	}

	/** The Dockerfile's build stage extracts the layers; its run stage copies them, in order, into one directory. */
	private static Path layOutLikeTheRunStage(Dockerfile dockerfile, Path work) throws IOException {
		Path jar;
		try (Stream<Path> files = Files.list(PROJECT.resolve("target"))) {
			jar = files.filter(p -> p.getFileName().toString().matches("kvserver-.*\\.jar")).findFirst()
				.orElseThrow(() -> new IllegalStateException("no target/kvserver-*.jar: run through ./mvnw verify, after package"));
		}
		Path layers = work.resolve("layers");
		List<String> extract = new ArrayList<>(List.of(javaBinary().toString(), "-Djarmode=tools", "-jar", jar.toString()));
		extract.addAll(dockerfile.extractArguments());
		extract.addAll(List.of("--destination", layers.toString()));
		assertThat(ChildProcess.run("extract", extract, work, Map.of(), 120)).as("jarmode=tools extract").isZero();
		Path app = Files.createDirectories(work.resolve("app"));
		for (String layer : dockerfile.layers()) {
			copyTree(layers.resolve(layer), app);
		}
		return app;
	}

	private static int healthcheck(Dockerfile dockerfile, int httpPort, Path work) {
		return ChildProcess.run("healthcheck", List.of("sh", "-c", dockerfile.healthcheck()), work,
				Map.of("HEALTH_PORT", Integer.toString(httpPort)), 30);
	}

	/** The top-level prometheus.yml with only the scrape target moved from the compose service to this machine. */
	private static Path prometheusConfig(int httpPort, Path work) throws Exception {
		Map<String, Object> config = DeploymentFilesIT.yaml(PROJECT.resolve("prometheus.yml"));
		List<Object> jobs = list(config.get("scrape_configs"));
		assertThat(jobs).hasSize(1);
		Map<String, Object> staticConfig = map(list(map(jobs.get(0)).get("static_configs")).get(0));
		assertThat(list(staticConfig.get("targets"))).containsExactly("kvserver:8080");
		staticConfig.put("targets", List.of("127.0.0.1:" + httpPort));
		DumperOptions options = new DumperOptions();
		options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
		Path file = work.resolve("prometheus.yml");
		Files.writeString(file, new Yaml(options).dump(config));
		return file;
	}

	/** The instant vector as "label=value,..." (without __name__) to value. */
	private Map<String, Double> values(String api, String expr) throws Exception {
		JsonNode reply = query(api, expr);
		assertThat(reply.path("status").asString()).as("%s: %s", expr, reply).isEqualTo("success");
		Map<String, Double> values = new LinkedHashMap<>();
		for (JsonNode sample : reply.path("data").path("result")) {
			List<String> labels = new ArrayList<>();
			sample.path("metric").properties().forEach(e -> {
				if (!e.getKey().equals("__name__") && !e.getKey().equals("instance") && !e.getKey().equals("job")) {
					labels.add(e.getKey() + "=" + e.getValue().asString());
				}
			});
			values.put(String.join(",", labels), Double.parseDouble(sample.path("value").get(1).asString()));
		}
		return values;
	}

	private JsonNode query(String api, String expr) throws Exception {
		HttpResponse<String> response = this.http.send(
				HttpRequest.newBuilder(URI.create(api + URLEncoder.encode(expr, StandardCharsets.UTF_8))).build(),
				HttpResponse.BodyHandlers.ofString());
		return this.json.readTree(response.body());
	}

	private int status(String url) {
		try {
			return this.http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
				.statusCode();
		}
		catch (IOException ex) {
			return -1;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return -1;
		}
	}

	private static Path javaBinary() {
		return Path.of(System.getProperty("java.home"), "bin", "java");
	}

	private static void copyTree(Path from, Path to) throws IOException {
		try (Stream<Path> paths = Files.walk(from)) {
			for (Path source : (Iterable<Path>) paths::iterator) {
				Path target = to.resolve(from.relativize(source).toString());
				if (Files.isDirectory(source)) {
					Files.createDirectories(target);
				}
				else {
					Files.copy(source, target);
				}
			}
		}
	}

	/** The parts of the Dockerfile that say how the image runs the server. */
	record Dockerfile(List<String> layers, Map<String, String> envs, List<String> entrypoint, String healthcheck,
			List<String> extractArguments) {

		static Dockerfile read(Path file) {
			String text;
			try {
				text = Files.readString(file).replace("\\\n", " ");
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			List<String> layers = all(text, "(?m)^COPY --from=build /layers/([\\w-]+)/ \\./$");
			Map<String, String> envs = new LinkedHashMap<>();
			Matcher env = Pattern.compile("(?m)^ENV (\\w+)=\"?([^\"\\n]*)\"?$").matcher(text);
			while (env.find()) {
				envs.put(env.group(1), env.group(2));
			}
			List<String> entrypoint = all(text.substring(text.indexOf("\nENTRYPOINT")), "\"([^\"]+)\"");
			String healthcheck = one(text, "(?m)^HEALTHCHECK .*? CMD (.*)$");
			String extract = one(text, "-Djarmode=tools -jar target/kvserver-\\*\\.jar (extract .*?) --destination /layers");
			assertThat(layers).as("layers copied by the run stage").containsExactly("dependencies", "spring-boot-loader",
					"snapshot-dependencies", "application");
			assertThat(entrypoint).as("ENTRYPOINT").hasSize(2).startsWith("java");
			return new Dockerfile(layers, envs, entrypoint, healthcheck, List.of(extract.split(" ")));
		}

		String env(String name) {
			assertThat(this.envs).as("ENV in the Dockerfile").containsKey(name);
			return this.envs.get(name);
		}

		private static List<String> all(String text, String regex) {
			List<String> found = new ArrayList<>();
			Matcher m = Pattern.compile(regex).matcher(text);
			while (m.find()) {
				found.add(m.group(1));
			}
			return found;
		}

		private static String one(String text, String regex) {
			Matcher m = Pattern.compile(regex).matcher(text);
			assertThat(m.find()).as("the Dockerfile has %s", regex).isTrue();
			return m.group(1).trim();
		}

	}

}
