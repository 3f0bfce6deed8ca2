package io.kvserver.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.kvserver.support.ChildProcess;
import io.kvserver.support.KvServerIntegrationTest;

/**
 * Node's ioredis (6.x, RESP3 with replyMapping "resp3") runs the client scenario in
 * {@code src/test/node/scenario.js}, one step per process so a failing step hides none of the
 * others. Node and the installed package are required, not optional: {@code .ci/run} runs
 * {@code npm ci} in {@code src/test/node}; without them this test fails and says so.
 */
class IoredisIT extends KvServerIntegrationTest {

	private static final Path DIR = Path.of("src/test/node");

	private static final long TIMEOUT_SECONDS = 120;

	private static final List<String> STEPS = List.of("resp3", "strings", "counters", "ttls", "msetMget", "scan",
			"watchMultiExecRetryLoop", "watchedKeyChangedByAnotherClient", "pipelining");

	private static Path node;

	@TempDir
	Path tmp;

	@BeforeAll
	static void findNodeAndIoredis() {
		node = ChildProcess.require("node", "nodejs");
		if (!Files.isDirectory(DIR.resolve("node_modules/ioredis"))) {
			fail("ioredis is not installed in " + DIR + "; run: npm ci --prefix src/test/node (.ci/run does)");
		}
	}

	@Test
	void theScenarioHasTheStepsThisTestRuns() {
		Result listing = node("--list");
		assertThat(listing.exitCode()).as(listing.stderr()).isZero();
		assertThat(listing.stdout().lines()).containsExactlyElementsOf(STEPS);
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "resp3", "strings", "counters", "ttls", "msetMget", "scan", "watchMultiExecRetryLoop",
			"watchedKeyChangedByAnotherClient", "pipelining" })
	void step(String step) {
		Result result = node(Integer.toString(port()), step);
		assertThat(result.exitCode()).as("node scenario.js %s %s failed:%n%s", port(), step, result.stderr()).isZero();
		assertThat(result.stdout()).isEqualTo("ok " + step + "\ndone\n");
	}

	private Result node(String... args) {
		List<String> command = new ArrayList<>(List.of(node.toString(), "scenario.js"));
		command.addAll(List.of(args));
		try {
			Path out = Files.createTempFile(this.tmp, "stdout", ".txt");
			Path err = Files.createTempFile(this.tmp, "stderr", ".txt");
			Process process = new ProcessBuilder(command).directory(DIR.toFile())
				.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
				.redirectOutput(out.toFile())
				.redirectError(err.toFile())
				.start();
			if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				fail("%s did not finish within %d s; output so far: %s %s", command, TIMEOUT_SECONDS,
						Files.readString(out), Files.readString(err));
			}
			return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private record Result(int exitCode, String stdout, String stderr) {
	}

}
