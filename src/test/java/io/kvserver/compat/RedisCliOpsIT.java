package io.kvserver.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.kvserver.support.ChildProcess;
import io.kvserver.support.ProgramRun;

/**
 * The operator's side of Debian's real {@code redis-cli} against kvserver and a real Redis 7.0 fed
 * the same keys: {@code --bigkeys} and {@code --memkeys} (which drive SCAN, TYPE, the per-type
 * length commands and MEMORY USAGE), {@code --stat}, {@code --latency} and {@code slowlog get}.
 * Figures that measure time or memory are set aside; everything else must read the same.
 */
class RedisCliOpsIT extends RedisComparisonTest {

	/** A database no other test writes to, so the scans see only this test's keys. */
	private static final String DB = "13";

	private static final long TIMEOUT_SECONDS = 30;

	private static Path redisCli;

	@TempDir
	Path tmp;

	@BeforeAll
	static void findRedisCli() {
		redisCli = ChildProcess.require("redis-cli", "redis-tools");
	}

	@Test
	void bigkeysSummaryReadsAsRedisDoes() {
		fill(port());
		fill(redis.port());
		assertThat(summary(cli(port(), "-n", DB, "--bigkeys")))
			.isEqualTo(summary(cli(redis.port(), "-n", DB, "--bigkeys")))
			.contains("Biggest string found '\"ops:big\"' has 52 bytes")
			.contains("21 strings with 262 bytes (100.00% of keys, avg size 12.48)");
	}

	@Test
	void memkeysSummaryHasRedisShape() {
		fill(port());
		fill(redis.port());
		List<String> ours = summary(cli(port(), "-n", DB, "--memkeys"));
		assertThat(figuresAsideFrom(ours)).isEqualTo(figuresAsideFrom(summary(cli(redis.port(), "-n", DB, "--memkeys"))));
		// The biggest key is the same one, whatever each server counts as its bytes.
		assertThat(ours).anyMatch((line) -> line.startsWith("Biggest string found '\"ops:big\"' has "));
	}

	@Test
	void statShowsTheKeyCount() {
		fill(port());
		// --stat repeats for ever: -i 0.1 and a bounded read of its first lines, the process then killed;
		// stdbuf because redis-cli leaves its output block-buffered on a pipe.
		List<String> lines = firstLines(List.of("stdbuf", "-oL", redisCli.toString(), "-p", Integer.toString(port()), "-n", DB,
				"--stat", "-i", "0.1"), 3);
		assertThat(lines.get(0)).startsWith("------- data ------ --------------------- load --------------------");
		assertThat(lines.get(1).split("\\s+")).startsWith("keys", "mem", "clients", "blocked", "requests",
				"connections");
		// The key count is of the whole server (INFO keyspace), so at least this test's keys.
		assertThat(Long.parseLong(lines.get(2).split("\\s+")[0])).isGreaterThanOrEqualTo(21);
	}

	@Test
	void latencyPrintsOneRawLineOfFigures() {
		String out = cli(port(), "--latency", "--raw", "-i", "0.2");
		assertThat(out).matches("\\d+ \\d+ \\d+\\.\\d{2} \\d+\n");
	}

	@Test
	void slowlogGetReadsAsRedisDoes() {
		List<String> ours = slowCommand(port());
		List<String> theirs = slowCommand(redis.port());
		assertThat(ours).isEqualTo(theirs).contains("set", "ops:slow", "value");
	}

	/** Logs every command, runs one, and answers the newest entry with its id, time and duration set aside. */
	private List<String> slowCommand(int port) {
		cli(port, "slowlog", "reset");
		cli(port, "config", "set", "slowlog-log-slower-than", "0");
		try {
			cli(port, "set", "ops:slow", "value");
			String[] entry = cli(port, "slowlog", "get", "1").split("\n");
			assertThat(entry).hasSizeGreaterThan(6);
			List<String> seen = new ArrayList<>();
			// id, unix time, microseconds: numbers whose values differ; then argv, address and name.
			for (int i = 0; i < 3; i++) {
				assertThat(entry[i]).matches("\\d+");
			}
			for (int i = 3; i < entry.length; i++) {
				seen.add(entry[i].replaceAll(":\\d+$", ":PORT"));
			}
			return seen;
		}
		finally {
			cli(port, "config", "set", "slowlog-log-slower-than", "10000");
		}
	}

	/** Twenty strings of 1 to 20 bytes and one of 52, in a database of their own. */
	private void fill(int port) {
		cli(port, "-n", DB, "flushdb");
		for (int i = 1; i <= 20; i++) {
			cli(port, "-n", DB, "set", "ops:" + i, "x".repeat(i));
		}
		cli(port, "-n", DB, "set", "ops:big", "y".repeat(52));
	}

	/** The lines from the summary on: those before it follow the scan's order, which is each server's own. */
	private static List<String> summary(String output) {
		List<String> lines = List.of(output.split("\n"));
		int start = lines.indexOf("-------- summary -------");
		assertThat(start).as("a summary in %s", output).isNotNegative();
		return lines.subList(start, lines.size());
	}

	private static List<String> figuresAsideFrom(List<String> lines) {
		return lines.stream()
			.map((line) -> line.startsWith("Biggest ") || line.contains(" bytes (")
					? line.replaceAll("\\d+(\\.\\d+)?", "N") : line)
			.toList();
	}

	private String cli(int port, String... args) {
		List<String> command = new ArrayList<>(List.of(redisCli.toString(), "-p", Integer.toString(port)));
		command.addAll(List.of(args));
		ProgramRun run = ProgramRun.run(command, null, null, this.tmp, TIMEOUT_SECONDS);
		assertThat(run.exitCode()).as("%s: %s", command, run.stderr()).isZero();
		return run.stdout();
	}

	private List<String> firstLines(List<String> command, int count) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
				.start();
			try (var reader = process.inputReader()) {
				List<String> lines = new ArrayList<>();
				String line;
				while (lines.size() < count && (line = reader.readLine()) != null) {
					lines.add(line);
				}
				assertThat(lines).as("the first %d lines of %s", count, command).hasSize(count);
				return lines;
			}
			finally {
				process.destroyForcibly();
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
