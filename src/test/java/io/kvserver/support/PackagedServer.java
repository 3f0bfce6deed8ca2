package io.kvserver.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * kvserver as a separate process, from the jar {@code ./mvnw verify} packaged, so that it can be
 * stopped by a signal (SIGTERM, SIGKILL) and started again on the same files. Persistence
 * settings are passed as {@code --kvserver.*} arguments.
 */
public final class PackagedServer implements AutoCloseable {

	private static final Duration STARTUP = Duration.ofSeconds(120);

	private final ChildProcess process;

	private final int port;

	private PackagedServer(ChildProcess process, int port) {
		this.process = process;
		this.port = port;
	}

	/** Starts the jar in {@code workDir} (its log is {@code name.log} there) and returns once it answers PING. */
	public static PackagedServer start(String name, Path workDir, List<String> arguments) {
		int port = ChildProcess.freeLoopbackPort();
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar",
				jar().toString(), "--kvserver.port=" + port, "--kvserver.bind=127.0.0.1", "--server.port=0",
				"--spring.main.banner-mode=off"));
		command.addAll(arguments);
		ChildProcess process = ChildProcess.start(name, command, workDir, Map.of());
		PackagedServer server = new PackagedServer(process, port);
		await(name + " answering PING").atMost(STARTUP).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
			.until(() -> {
				process.assertAlive();
				try (RawConnection probe = RawConnection.open("127.0.0.1", port)) {
					return probe.send("PING\r\n").readReply().equals("+PONG\r\n");
				}
			});
		return server;
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

	public int port() {
		return this.port;
	}

	public ChildProcess process() {
		return this.process;
	}

	public RawConnection connect() {
		return RawConnection.open("127.0.0.1", this.port);
	}

	@Override
	public void close() {
		this.process.close();
	}

}
