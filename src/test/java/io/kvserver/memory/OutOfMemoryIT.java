package io.kvserver.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.kvserver.support.ChildProcess;
import io.kvserver.support.PackagedJar;
import io.kvserver.support.RawConnection;

/**
 * The scenario of issue 18: a server with a 256 MB heap fed {@code redis-benchmark -r 10000000 -d
 * 1000 -t set} until its data would be larger than the heap. At the default maxmemory (half the
 * heap) it refuses writes with -OOM and answers everything else throughout, health included. With
 * maxmemory turned off it runs out of heap and must exit with an error (so that a supervisor
 * restarts it), with or without -XX:+ExitOnOutOfMemoryError: never a process that holds the port and
 * answers nothing.
 */
class OutOfMemoryIT {

	private static final Duration START = Duration.ofMinutes(5);

	/** How long the benchmark may take; on a quiet machine it ends within seconds. */
	private static final Duration LOAD = Duration.ofMinutes(5);

	private static final String OOM = "OOM command not allowed when used memory > 'maxmemory'.";

	@Test
	void atTheDefaultMaxmemoryWritesAreRefusedAndEverythingElseAnswers(@TempDir Path work) throws Exception {
		int port = ChildProcess.freeLoopbackPort();
		int httpPort = ChildProcess.freeLoopbackPort();
		try (ChildProcess server = start(work, port, httpPort, List.of(), List.of())) {
			try (PingProbe probe = PingProbe.start(port)) {
				BenchmarkRun bench = benchmark(work, port);
				assertThat(bench.status).as("redis-benchmark stops at the first error reply").isEqualTo(1);
				assertThat(bench.output).contains("Error from server: " + OOM);
				assertThat(probe.failure()).as("PING while the heap filled").isNull();
				assertThat(probe.answered()).isPositive();
			}
			server.assertAlive();
			try (RawConnection client = RawConnection.open("127.0.0.1", port)) {
				assertThat(client.send("PING\r\n").readReply()).isEqualTo("+PONG\r\n");
				assertThat(client.send("SET one-more value\r\n").readReply()).isEqualTo("-" + OOM + "\r\n");
				assertThat(client.send("GET key:__rand_int__\r\n").readReply()).isNotNull();
				long maxmemory = EvictionIT.info(client, "maxmemory");
				long heap = EvictionIT.info(client, "jvm_heap_max");
				assertThat(maxmemory).as("half the heap, in whole megabytes").isEqualTo(heap / (1 << 20) / 2 * (1 << 20));
				assertThat(EvictionIT.info(client, "used_memory")).isGreaterThan(maxmemory - (1 << 20))
					.isLessThanOrEqualTo(maxmemory + 4096);
				assertThat(client.send("FLUSHALL\r\n").readReply()).isEqualTo("+OK\r\n");
				assertThat(client.send("SET again value\r\n").readReply()).isEqualTo("+OK\r\n");
			}
			HttpResponse<String> health = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/actuator/health"))
					.timeout(Duration.ofSeconds(30))
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(health.statusCode()).isEqualTo(200);
			assertThat(health.body()).contains("\"UP\"");
		}
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "-XX:+ExitOnOutOfMemoryError", "no JVM flag" })
	void withoutMaxmemoryTheServerRunsOutOfHeapAndExits(String jvmFlag, @TempDir Path work) throws Exception {
		int port = ChildProcess.freeLoopbackPort();
		List<String> jvm = jvmFlag.startsWith("-") ? List.of(jvmFlag) : List.of();
		try (ChildProcess server = start(work, port, 0, jvm, List.of("--maxmemory", "0"))) {
			BenchmarkRun bench = benchmark(work, port);
			Integer status = server.waitForExit(LOAD);
			assertThat(status).as("the server exited (benchmark: %s); its output:%n%s", bench.output, server.output())
				.isNotNull()
				.isEqualTo(FatalErrorExit.STATUS);
			assertThat(server.output()).contains("Terminating due to java.lang.OutOfMemoryError");
		}
	}

	private static ChildProcess start(Path work, int port, int httpPort, List<String> jvmOptions, List<String> args) {
		List<String> jvm = new ArrayList<>(List.of("-Xmx256m"));
		jvm.addAll(jvmOptions);
		List<String> app = new ArrayList<>(List.of("--port", Integer.toString(port), "--bind", "127.0.0.1", "--save",
				"", "--dir", work.toString()));
		app.addAll(args);
		app.add("--server.port=" + httpPort);
		ChildProcess server = ChildProcess.start("kvserver", PackagedJar.command(jvm, app), work, Map.of());
		await("the server answering").atMost(START).ignoreExceptions().until(() -> {
			server.assertAlive();
			try (RawConnection probe = RawConnection.open("127.0.0.1", port)) {
				return probe.send("PING\r\n").readReply().equals("+PONG\r\n");
			}
		});
		return server;
	}

	private record BenchmarkRun(int status, String output) {
	}

	/** The load: 400,000 SETs of 1000 bytes on random keys from 50 clients. */
	private static BenchmarkRun benchmark(Path work, int port) throws Exception {
		Path log = work.resolve("benchmark.log");
		Process bench = new ProcessBuilder(ChildProcess.require("redis-benchmark", "redis-tools").toString(), "-h",
				"127.0.0.1", "-p", Integer.toString(port), "-r", "10000000", "-d", "1000", "-t", "set", "-n", "400000", "-q")
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		try {
			if (!bench.waitFor(LOAD.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
				throw new AssertionError("redis-benchmark still running after " + LOAD + ":\n" + Files.readString(log));
			}
			return new BenchmarkRun(bench.exitValue(), Files.readString(log));
		}
		finally {
			bench.destroyForcibly();
		}
	}

	/** PINGs the server on its own connection every 100 ms and remembers the first one not answered. */
	private static final class PingProbe implements AutoCloseable {

		private final AtomicBoolean running = new AtomicBoolean(true);

		private final AtomicLong answered = new AtomicLong();

		private volatile String failure;

		private final Thread thread;

		private PingProbe(int port) {
			this.thread = Thread.ofVirtual().start(() -> {
				try (RawConnection client = RawConnection.open("127.0.0.1", port)) {
					while (this.running.get()) {
						String reply = client.send("PING\r\n").readReply(); // 10 s read timeout
						if (!reply.equals("+PONG\r\n")) {
							this.failure = "PING answered " + reply;
							return;
						}
						this.answered.incrementAndGet();
						Thread.sleep(100); // pacing, not synchronisation
					}
				}
				catch (Exception ex) {
					this.failure = "PING failed: " + ex;
				}
			});
		}

		static PingProbe start(int port) {
			return new PingProbe(port);
		}

		String failure() throws InterruptedException {
			this.running.set(false);
			this.thread.join(Duration.ofSeconds(30));
			return this.failure;
		}

		long answered() {
			return this.answered.get();
		}

		@Override
		public void close() throws InterruptedException {
			this.running.set(false);
			this.thread.join(Duration.ofSeconds(30));
		}

	}

}
