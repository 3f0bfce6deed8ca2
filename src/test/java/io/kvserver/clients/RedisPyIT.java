package io.kvserver.clients;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import io.kvserver.support.ChildProcess;
import io.kvserver.support.KvServerIntegrationTest;

/**
 * Python's redis-py (Debian's python3-redis, 4.3: RESP2, bytes replies unless decoding is asked
 * for) runs the client scenario in {@code src/test/python/scenario.py}, including its own
 * WATCH/MULTI/EXEC helper (a pipeline that raises WatchError). {@code .ci/run} installs the
 * package; without it the scenario fails on its import and this test says so.
 */
class RedisPyIT extends KvServerIntegrationTest {

	/** The script's steps; the listing test fails if the script gains one this test does not run. */
	static final List<String> STEPS = List.of("resp2", "strings", "counters", "ttls", "msetMget", "scan",
			"watchMultiExecRetryLoop", "watchedKeyChangedByAnotherClient", "pipelining", "queue", "leaderboard");

	private static Path python;

	@TempDir
	Path tmp;

	private ScenarioScript scenario;

	/**
	 * Debian's own interpreter first: the python3-redis package installs for it, and a pyenv or venv
	 * python3 earlier on PATH would not see the package.
	 */
	@BeforeAll
	static void findPython() {
		Path debian = Path.of("/usr/bin/python3");
		python = Files.isExecutable(debian) ? debian : ChildProcess.require("python3", "python3");
	}

	@BeforeEach
	void scenario() {
		this.scenario = new ScenarioScript(python, Path.of("src/test/python"), "scenario.py", this.tmp);
	}

	@Test
	void theScenarioHasTheStepsThisTestRuns() {
		this.scenario.assertLists(STEPS);
	}

	@ParameterizedTest(name = "{0}")
	@FieldSource("STEPS")
	void step(String step) {
		this.scenario.assertStepPasses(port(), step);
	}

}
