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

/**
 * Node's ioredis (6.x, RESP3 with replyMapping "resp3") runs the client scenario in
 * {@code src/test/node/scenario.js}. Node and the installed package are required, not optional:
 * {@code .ci/run} runs {@code npm ci} in {@code src/test/node}; without them this test fails and
 * says so.
 */
class IoredisIT extends KvServerIntegrationTest {

	private static final Path DIR = Path.of("src/test/node");

	/** The script's steps; the listing test fails if the script gains one this test does not run. */
	static final List<String> STEPS = List.of("resp3", "strings", "counters", "ttls", "msetMget", "scan",
			"watchMultiExecRetryLoop", "watchedKeyChangedByAnotherClient", "pipelining");

	private static Path node;

	@TempDir
	Path tmp;

	private ScenarioScript scenario;

	@BeforeAll
	static void findNodeAndIoredis() {
		node = ChildProcess.require("node", "nodejs");
		if (!Files.isDirectory(DIR.resolve("node_modules/ioredis"))) {
			fail("ioredis is not installed in " + DIR + "; ./mvnw verify runs npm ci there when node_modules is missing (pom.xml, profile npm-ci)");
		}
	}

	@BeforeEach
	void scenario() {
		this.scenario = new ScenarioScript(node, DIR, "scenario.js", this.tmp);
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
