package io.kvserver.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.awaitility.Awaitility;

/** The jar `./mvnw verify` packaged before the integration tests run, and the command that starts it. */
public final class PackagedJar {

	private PackagedJar() {
	}

	public static Path jar() {
		try (Stream<Path> files = Files.list(Path.of("target"))) {
			return files.filter(f -> f.getFileName().toString().matches("kvserver-.*\\.jar"))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException("no packaged jar in target/: run ./mvnw verify"))
				.toAbsolutePath();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The test JVM's own java binary. */
	public static String java() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	/** {@code java [jvmOptions] -jar kvserver.jar [args]}. */
	public static List<String> command(List<String> jvmOptions, List<String> args) {
		List<String> command = new ArrayList<>();
		command.add(java());
		command.addAll(jvmOptions);
		command.add("-jar");
		command.add(jar().toString());
		command.addAll(args);
		return command;
	}

	/**
	 * Waits until the packaged server started as {@code server} answers PING on {@code port}: seconds
	 * on a quiet machine, minutes on one busy with other builds; fails at once if it exits.
	 */
	public static void awaitServing(ChildProcess server, int port) {
		Awaitility.await("the server answering").atMost(Duration.ofMinutes(5)).ignoreExceptions().until(() -> {
			server.assertAlive();
			try (RawConnection probe = RawConnection.open("127.0.0.1", port)) {
				return probe.send("PING\r\n").readReply().equals("+PONG\r\n");
			}
		});
	}

}
