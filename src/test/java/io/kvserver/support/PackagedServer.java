package io.kvserver.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

/** The packaged server jar, for tests that run the server in a process of its own. */
public final class PackagedServer {

	private PackagedServer() {
	}

	/** The jar {@code ./mvnw verify} packaged before the integration tests, as an absolute path. */
	public static Path jar() {
		try (Stream<Path> files = Files.list(Path.of("target"))) {
			return files.filter(f -> f.getFileName().toString().matches("kvserver-.*\\.jar")).findFirst()
				.orElseThrow(() -> new IllegalStateException("no packaged jar in target/: run ./mvnw verify"))
				.toAbsolutePath();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The {@code java} of the JDK running the tests. */
	public static String java() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	/** Waits until the server answers PING on the port, failing at once (with its output) if it exits. */
	public static void awaitAnswering(ChildProcess server, int port, Duration deadline) {
		await("the server answering").atMost(deadline).ignoreExceptions().until(() -> {
			server.assertAlive();
			try (RawConnection probe = RawConnection.open("127.0.0.1", port)) {
				return probe.send("PING\r\n").readReply().equals("+PONG\r\n");
			}
		});
	}

}
