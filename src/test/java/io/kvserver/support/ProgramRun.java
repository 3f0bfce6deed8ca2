package io.kvserver.support;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * One run of a command-line program to completion, its stdout and stderr captured in files under a
 * test's temporary directory; a run that outlives the timeout is killed and fails the test.
 */
public record ProgramRun(int exitCode, String stdout, String stderr) {

	/**
	 * @param dir the working directory, or null for the test's
	 * @param stdin a file to read as input, or null for none: never the test JVM's stdin, which a
	 * program like redis-cli would wait on
	 */
	public static ProgramRun run(List<String> command, @Nullable Path dir, @Nullable Path stdin, Path tmp,
			long timeoutSeconds) {
		try {
			Path out = Files.createTempFile(tmp, "stdout", ".txt");
			Path err = Files.createTempFile(tmp, "stderr", ".txt");
			ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile())
				.redirectError(err.toFile())
				.redirectInput(stdin != null ? stdin.toFile() : new File("/dev/null"));
			if (dir != null) {
				builder.directory(dir.toFile());
			}
			Process process = builder.start();
			if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				fail("%s did not finish within %d s; output so far: %s %s", command, timeoutSeconds,
						Files.readString(out), Files.readString(err));
			}
			return new ProgramRun(process.exitValue(), Files.readString(out), Files.readString(err));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
