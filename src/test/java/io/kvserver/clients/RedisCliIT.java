package io.kvserver.clients;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.kvserver.support.ChildProcess;
import io.kvserver.support.KvServerIntegrationTest;
import io.kvserver.support.ProgramRun;

/**
 * Debian's real {@code redis-cli} against the server: one-shot commands, commands piped on stdin,
 * {@code --pipe} mass insertion, {@code --scan}, {@code -3} (RESP3), and WATCH/MULTI/EXEC through
 * long-lived redis-cli processes fed one command at a time. The binary is required, not optional:
 * a missing one fails.
 */
class RedisCliIT extends KvServerIntegrationTest {

	private static final long TIMEOUT_SECONDS = 15;

	private static Path redisCli;

	@TempDir
	Path tmp;

	@BeforeAll
	static void findRedisCli() {
		redisCli = ChildProcess.require("redis-cli", "redis-tools");
	}

	@Test
	void oneShotCommands() {
		assertThat(cli("set", "cli:k", "v")).isEqualTo("OK\n");
		assertThat(cli("get", "cli:k")).isEqualTo("v\n");
		assertThat(cli("del", "cli:ctr")).matches("[01]\n");
		assertThat(cli("incr", "cli:ctr")).isEqualTo("1\n");
		assertThat(cli("incrby", "cli:ctr", "41")).isEqualTo("42\n");
		assertThat(cli("ping")).isEqualTo("PONG\n");
		assertThat(cli("echo", "hello world")).isEqualTo("hello world\n");
	}

	@Test
	void repliesKeepTheirTypes() {
		// --no-raw shows reply types as redis-cli does on a terminal.
		cli("set", "cli:typed", "7");
		assertThat(cli("--no-raw", "get", "cli:typed")).isEqualTo("\"7\"\n");
		assertThat(cli("--no-raw", "incr", "cli:typed")).isEqualTo("(integer) 8\n");
		assertThat(cli("--no-raw", "get", "cli:typed:missing")).isEqualTo("(nil)\n");
		assertThat(cli("--no-raw", "mget", "cli:typed", "cli:typed:missing")).isEqualTo("1) \"8\"\n2) (nil)\n");
		assertThat(cli("--no-raw", "set", "cli:typed", "x", "nx")).isEqualTo("(nil)\n");
		assertThat(cli("--no-raw", "incr", "cli:typed", "extra"))
			.isEqualTo("(error) ERR wrong number of arguments for 'incr' command\n");
	}

	@Test
	void errorsArePrinted() {
		cli("set", "cli:text", "abc");
		assertThat(cli("incr", "cli:text")).isEqualTo("ERR value is not an integer or out of range\n\n");
	}

	@Test
	void dbsizeOfASelectedDatabase() {
		// Database 11, so keys other tests write to database 0 do not count.
		assertThat(cli("-n", "11", "flushdb")).isEqualTo("OK\n");
		assertThat(cli("-n", "11", "mset", "a", "1", "b", "2", "c", "3")).isEqualTo("OK\n");
		assertThat(cli("-n", "11", "dbsize")).isEqualTo("3\n");
		assertThat(cli("-n", "11", "flushdb")).isEqualTo("OK\n");
		assertThat(cli("-n", "11", "dbsize")).isEqualTo("0\n");
	}

	@Test
	void commandsPipedOnStdin() throws IOException {
		Path input = this.tmp.resolve("commands.txt");
		Files.writeString(input, "SET cli:stdin 1\nINCR cli:stdin\nGET cli:stdin\nPING\n");
		assertThat(run(input, "-p", Integer.toString(port())).stdout()).isEqualTo("OK\n2\n2\nPONG\n");
	}

	@Test
	void pipeModeMassInsertion() throws IOException {
		int commands = 200;
		Path input = this.tmp.resolve("mass.resp");
		StringBuilder resp = new StringBuilder();
		for (int i = 0; i < commands; i++) {
			resp.append(respCommand("SET", "cli:mass:" + i, "value-" + i));
		}
		Files.writeString(input, resp, StandardCharsets.US_ASCII);
		ProgramRun result = run(input, "-p", Integer.toString(port()), "--pipe");
		assertThat(result.stdout()).contains("All data transferred")
			.endsWith("errors: 0, replies: " + commands + "\n");
		assertThat(result.exitCode()).isZero();
		assertThat(cli("get", "cli:mass:0")).isEqualTo("value-0\n");
		assertThat(cli("get", "cli:mass:" + (commands - 1))).isEqualTo("value-" + (commands - 1) + "\n");
	}

	@Test
	void pipeModeCountsErrors() throws IOException {
		Path input = this.tmp.resolve("errors.resp");
		Files.writeString(input, respCommand("SET", "cli:perr", "x") + respCommand("INCR", "cli:perr")
				+ respCommand("NOSUCHCOMMAND") + respCommand("GET", "cli:perr"), StandardCharsets.US_ASCII);
		ProgramRun result = run(input, "-p", Integer.toString(port()), "--pipe");
		assertThat(result.stdout()).endsWith("errors: 2, replies: 4\n");
		assertThat(result.exitCode()).isEqualTo(1);
	}

	@Test
	void scanVisitsEveryOneOfTenThousandKeys() throws IOException {
		String db = Integer.toString(ClientScenario.REDIS_CLI_DB);
		assertThat(cli("-n", db, "flushdb")).isEqualTo("OK\n");
		Path input = this.tmp.resolve("scan.resp");
		StringBuilder resp = new StringBuilder(respCommand("SELECT", db));
		for (int i = 0; i < ClientScenario.SCAN_KEYS; i++) {
			resp.append(respCommand("SET", ClientScenario.scanKey(i), "v"));
		}
		Files.writeString(input, resp, StandardCharsets.US_ASCII);
		assertThat(run(input, "-p", Integer.toString(port()), "--pipe").stdout())
			.endsWith("errors: 0, replies: " + (ClientScenario.SCAN_KEYS + 1) + "\n");
		List<String> keys = cli("-n", db, "--scan").lines().toList();
		assertThat(new HashSet<>(keys)).hasSize(ClientScenario.SCAN_KEYS)
			.contains(ClientScenario.scanKey(0), ClientScenario.scanKey(ClientScenario.SCAN_KEYS - 1));
		assertThat(cli("-n", db, "--scan", "--pattern", "scan:999?").lines()).hasSize(10);
		assertThat(cli("-n", db, "flushdb")).isEqualTo("OK\n");
	}

	@Test
	void watchMultiExecRetryLoopWithConcurrentIncrementers() throws Exception {
		cli("del", "cli:cas");
		ExecutorService pool = Executors.newFixedThreadPool(ClientScenario.WORKERS);
		try {
			List<Future<Integer>> workers = new ArrayList<>();
			for (int w = 0; w < ClientScenario.WORKERS; w++) {
				workers.add(pool.submit(() -> {
					int tries = 0;
					try (Interactive session = interactive()) {
						for (int done = 0; done < ClientScenario.INCREMENTS_EACH; tries++) {
							assertThat(session.call("WATCH cli:cas")).isEqualTo("OK");
							String current = session.call("GET cli:cas");
							long next = (current.isEmpty() ? 0 : Long.parseLong(current)) + 1;
							assertThat(session.call("MULTI")).isEqualTo("OK");
							assertThat(session.call("SET cli:cas " + next)).isEqualTo("QUEUED");
							// One queued SET: "OK" if it ran, an empty line for the null reply of an aborted EXEC.
							if (session.call("EXEC").equals("OK")) {
								done++;
							}
						}
					}
					return tries;
				}));
			}
			int tries = 0;
			for (Future<Integer> worker : workers) {
				tries += worker.get(120, TimeUnit.SECONDS);
			}
			assertThat(cli("get", "cli:cas"))
				.isEqualTo(ClientScenario.WORKERS * ClientScenario.INCREMENTS_EACH + "\n");
			assertThat(tries).isGreaterThanOrEqualTo(ClientScenario.WORKERS * ClientScenario.INCREMENTS_EACH);
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void aWatchedKeyChangedByAnotherClientAbortsExec() throws Exception {
		cli("set", "cli:watched", "1");
		try (Interactive session = interactive()) {
			assertThat(session.call("WATCH cli:watched")).isEqualTo("OK");
			assertThat(cli("set", "cli:watched", "changed")).isEqualTo("OK\n");
			assertThat(session.call("MULTI")).isEqualTo("OK");
			assertThat(session.call("SET cli:watched mine")).isEqualTo("QUEUED");
			assertThat(session.call("EXEC")).as("the null reply").isEmpty();
			assertThat(session.call("GET cli:watched")).isEqualTo("changed");
		}
	}

	@Test
	void resp3() {
		assertThat(cli("-3", "--no-raw", "hello")).contains("1# \"server\" => \"redis\"\n")
			.contains("3# \"proto\" => (integer) 3\n");
		assertThat(cli("-3", "--no-raw", "config", "get", "maxmemory")).isEqualTo("1# \"maxmemory\" => \"0\"\n");
		assertThat(cli("-3", "--no-raw", "get", "cli:r3:missing")).isEqualTo("(nil)\n");
		assertThat(cli("-3", "client", "info")).contains(" resp=3");
		assertThat(cli("-3", "info", "server")).startsWith("# Server\r\nredis_version:7.0.15\r\n");
		cli("set", "cli:r3", "v");
		assertThat(cli("-3", "--no-raw", "mget", "cli:r3", "cli:r3:missing")).isEqualTo("1) \"v\"\n2) (nil)\n");
	}

	/** A redis-cli reading commands from a pipe, one at a time: one connection for WATCH/MULTI/EXEC. */
	private Interactive interactive() throws IOException {
		Process process = new ProcessBuilder(redisCli.toString(), "-h", "127.0.0.1", "-p", Integer.toString(port()))
			.redirectError(ProcessBuilder.Redirect.DISCARD)
			.start();
		return new Interactive(process);
	}

	private static final class Interactive implements AutoCloseable {

		private final Process process;

		private final Writer in;

		private final BufferedReader out;

		Interactive(Process process) {
			this.process = process;
			this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
			this.out = new BufferedReader(
					new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
		}

		/** Sends one command and reads the one line redis-cli prints for its reply. */
		String call(String command) throws Exception {
			this.in.write(command + "\n");
			this.in.flush();
			CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
				try {
					return this.out.readLine();
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			});
			try {
				String reply = line.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
				assertThat(reply).as("redis-cli's reply to " + command).isNotNull();
				return reply;
			}
			catch (TimeoutException ex) {
				this.process.destroyForcibly();
				throw new AssertionError("redis-cli printed nothing within " + TIMEOUT_SECONDS + " s for " + command);
			}
		}

		@Override
		public void close() throws Exception {
			this.in.close();
			if (!this.process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
		}

	}

	private static String respCommand(String... args) {
		StringBuilder resp = new StringBuilder().append('*').append(args.length).append("\r\n");
		for (String arg : args) {
			resp.append('$').append(arg.length()).append("\r\n").append(arg).append("\r\n");
		}
		return resp.toString();
	}

	/** Runs {@code redis-cli -p PORT args...} with no input and returns what it printed. */
	private String cli(String... args) {
		List<String> all = new ArrayList<>(List.of("-p", Integer.toString(port())));
		all.addAll(List.of(args));
		ProgramRun result = run(null, all.toArray(String[]::new));
		assertThat(result.exitCode()).as("exit code of redis-cli %s", all).isZero();
		return result.stdout();
	}

	private ProgramRun run(@Nullable Path stdin, String... args) {
		List<String> command = new ArrayList<>(List.of(redisCli.toString(), "-h", "127.0.0.1"));
		command.addAll(List.of(args));
		return ProgramRun.run(command, null, stdin, this.tmp, TIMEOUT_SECONDS);
	}

}
