package io.kvserver.clients;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.kvserver.support.ProgramRun;

/**
 * The client scenario as a script in another language's client library (ioredis, redis-py): run as
 * {@code interpreter script PORT STEP}, one step per process so a failing step hides none of the
 * others; it prints "ok STEP" and "done", and with {@code --list} its step names.
 */
final class ScenarioScript {

	private static final long TIMEOUT_SECONDS = 120;

	private final Path interpreter;

	private final Path dir;

	private final String script;

	private final Path tmp;

	ScenarioScript(Path interpreter, Path dir, String script, Path tmp) {
		this.interpreter = interpreter;
		this.dir = dir;
		this.script = script;
		this.tmp = tmp;
	}

	void assertLists(List<String> steps) {
		ProgramRun listing = run("--list");
		assertThat(listing.exitCode()).as(listing.stderr()).isZero();
		assertThat(listing.stdout().lines()).containsExactlyElementsOf(steps);
	}

	void assertStepPasses(int port, String step) {
		ProgramRun result = run(Integer.toString(port), step);
		assertThat(result.exitCode()).as("%s %s %s failed:%n%s", this.script, port, step, result.stderr()).isZero();
		assertThat(result.stdout()).isEqualTo("ok " + step + "\ndone\n");
	}

	private ProgramRun run(String... args) {
		List<String> command = new ArrayList<>(List.of(this.interpreter.toString(), this.script));
		command.addAll(List.of(args));
		return ProgramRun.run(command, this.dir, null, this.tmp, TIMEOUT_SECONDS);
	}

}
