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

/** The library scripts through redis-py's register_script ({@code src/test/python/scripts.py}). */
class RedisPyScriptsIT extends KvServerIntegrationTest {

	static final List<String> STEPS = List.of("tokenBucket", "redlockStyleLock", "evalshaFallsBackToEval");

	private static Path python;

	@TempDir
	Path tmp;

	private ScenarioScript scenario;

	/** Debian's interpreter, for which the python3-redis package installs (see RedisPyIT). */
	@BeforeAll
	static void findPython() {
		Path debian = Path.of("/usr/bin/python3");
		python = Files.isExecutable(debian) ? debian : ChildProcess.require("python3", "python3");
	}

	@BeforeEach
	void scenario() {
		this.scenario = new ScenarioScript(python, Path.of("src/test/python"), "scripts.py", this.tmp);
	}

	@Test
	void theScriptHasTheStepsThisTestRuns() {
		this.scenario.assertLists(STEPS);
	}

	@ParameterizedTest(name = "{0}")
	@FieldSource("STEPS")
	void step(String step) {
		this.scenario.assertStepPasses(port(), step);
	}

}
