package io.kvserver.clients;

import static org.assertj.core.api.Assertions.fail;

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

/** The library scripts through ioredis's defineCommand ({@code src/test/node/scripts.js}). */
class IoredisScriptsIT extends KvServerIntegrationTest {

	private static final Path DIR = Path.of("src/test/node");

	static final List<String> STEPS = List.of("tokenBucket", "redlockStyleLock", "evalshaFallsBackToEval");

	private static Path node;

	@TempDir
	Path tmp;

	private ScenarioScript scenario;

	@BeforeAll
	static void findNodeAndIoredis() {
		node = ChildProcess.require("node", "nodejs");
		if (!Files.isDirectory(DIR.resolve("node_modules/ioredis"))) {
			fail("ioredis is not installed in " + DIR + "; ./mvnw verify runs npm ci there when node_modules is missing");
		}
	}

	@BeforeEach
	void scenario() {
		this.scenario = new ScenarioScript(node, DIR, "scripts.js", this.tmp);
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
