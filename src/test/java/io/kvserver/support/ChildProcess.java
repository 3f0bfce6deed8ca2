package io.kvserver.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A program a test starts (a packaged server, Prometheus, a load generator), its output in a log
 * file, stopped by its own pid: SIGTERM, then SIGKILL if it lingers. A tool that is not installed
 * fails the test with the package to install; nothing is skipped.
 */
public final class ChildProcess implements AutoCloseable {

	private final String name;

	private final Process process;

	private final Path log;

	private ChildProcess(String name, Process process, Path log) {
		this.name = name;
		this.process = process;
		this.log = log;
	}

	public static ChildProcess start(String name, List<String> command, Path workDir, Map<String, String> env) {
		Path log = workDir.resolve(name + ".log");
		ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile());
		builder.environment().putAll(env);
		try {
			return new ChildProcess(name, builder.start(), log);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("could not start " + command, ex);
		}
	}

	/** Runs a command to completion (bounded by the timeout) and returns its exit code; output goes to the log. */
	public static int run(String name, List<String> command, Path workDir, Map<String, String> env, long timeoutSeconds) {
		try (ChildProcess child = start(name, command, workDir, env)) {
			if (!child.process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
				throw new IllegalStateException(name + " did not finish within " + timeoutSeconds + " s; its output:\n"
						+ child.output());
			}
			return child.process.exitValue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** The absolute path of a program on PATH; fails with the Debian package that provides it. */
	public static Path require(String program, String debianPackage) {
		for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
			if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
				return Path.of(dir, program);
			}
		}
		throw new IllegalStateException(program + " is not installed: apt-get install " + debianPackage
				+ " (.ci/run does this)");
	}

	public static int freeLoopbackPort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public long pid() {
		return this.process.pid();
	}

	public boolean isAlive() {
		return this.process.isAlive();
	}

	/** The exit status once the process has ended, waiting at most this long; null if it is still running. */
	public Integer waitForExit(Duration timeout) {
		try {
			return this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? this.process.exitValue() : null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	public String output() {
		try {
			return Files.readString(this.log, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			return "(no output: " + ex.getMessage() + ")";
		}
	}

	/** Fails, with the program's output, if it has exited. */
	public void assertAlive() {
		if (!this.process.isAlive()) {
			throw new IllegalStateException(this.name + " (pid " + pid() + ") exited with code "
					+ this.process.exitValue() + "; its output:\n" + output());
		}
	}

	/** SIGTERM, then waits for the exit; the exit status, or -1 if it did not end in time. */
	public int terminate(Duration timeout) {
		this.process.destroy();
		return awaitExit(timeout);
	}

	/** SIGKILL: no shutdown of any kind, as a crash or the OOM killer ends a process. */
	public void kill() {
		this.process.destroyForcibly();
		awaitExit(Duration.ofSeconds(30));
	}

	/** Waits for the process to end; its exit status, or -1 if it is still running at the deadline. */
	public int awaitExit(Duration timeout) {
		try {
			return this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? this.process.exitValue() : -1;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return -1;
		}
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(15, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(15, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
