package io.kvserver.compat;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

import io.kvserver.support.RawConnection;

/**
 * A real {@code redis-server} child process on a free loopback port, as the reference that
 * kvserver is compared against. It persists nothing ({@code --save '' --appendonly no}) and works
 * in its own temporary directory. Start it once per test class and close it afterwards (tests that
 * also run kvserver extend {@link RedisComparisonTest}, which does this):
 *
 * <pre>
 * static RedisServerProcess redis;
 * &#64;BeforeAll static void start() { redis = RedisServerProcess.start(); }
 * &#64;AfterAll static void stop() { redis.close(); }
 * </pre>
 *
 * There is deliberately no "skip if missing": a comparison that silently does not run proves
 * nothing, so a missing binary fails the test with instructions.
 */
public final class RedisServerProcess implements AutoCloseable {

	private static final String BINARY = "redis-server";

	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(20);

	private static final int START_ATTEMPTS = 3;

	private static final Pattern VERSION = Pattern.compile("redis_version:(\\S+)");

	private final Process process;

	private final int port;

	private final Path workDir;

	private final Path log;

	private RedisServerProcess(Process process, int port, Path workDir, Path log) {
		this.process = process;
		this.port = port;
		this.workDir = workDir;
		this.log = log;
	}

	/**
	 * Starts redis-server and returns once it answers PING. A port picked free can be taken by
	 * someone else before redis binds it, so a start whose process dies is retried on a new port.
	 */
	public static RedisServerProcess start() {
		return start(List.of());
	}

	/**
	 * As {@link #start()}, with more arguments after the defaults (a later one wins), e.g.
	 * {@code --dir d --dbfilename x.rdb} to start on a file the test wrote.
	 */
	public static RedisServerProcess start(List<String> moreArguments) {
		Path binary = findOnPath(BINARY);
		IllegalStateException failure = null;
		for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
			try {
				return startOnce(binary, freeLoopbackPort(), moreArguments);
			}
			catch (IllegalStateException ex) {
				failure = ex;
			}
		}
		throw failure;
	}

	private static RedisServerProcess startOnce(Path binary, int port, List<String> moreArguments) {
		Path workDir;
		Path log;
		Process process;
		try {
			workDir = Files.createTempDirectory("redis-compat-");
			log = workDir.resolve("redis.log");
			List<String> command = new java.util.ArrayList<>(List.of(binary.toString(), "--port", Integer.toString(port),
					"--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no", "--dir",
					workDir.toString()));
			command.addAll(moreArguments);
			process = new ProcessBuilder(command)
				.directory(workDir.toFile())
				.redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("could not start " + binary, ex);
		}
		RedisServerProcess server = new RedisServerProcess(process, port, workDir, log);
		try {
			server.awaitPong();
		}
		catch (IllegalStateException ex) {
			server.close();
			throw ex;
		}
		return server;
	}

	/** Polls PING until +PONG or the deadline; a process that exits meanwhile fails at once. */
	private void awaitPong() {
		try {
			Awaitility.await("redis-server answering PING on port " + this.port)
				.atMost(STARTUP_TIMEOUT)
				.pollInterval(Duration.ofMillis(50))
				.until(() -> {
					if (!this.process.isAlive()) {
						throw new IllegalStateException("redis-server exited with code " + this.process.exitValue()
								+ " before answering PING; its log:\n" + logText());
					}
					return "+PONG\r\n".equals(exchange("PING\r\n", 7, Duration.ofMillis(500)));
				});
		}
		catch (ConditionTimeoutException ex) {
			throw new IllegalStateException("redis-server did not answer PING on port " + this.port + " within "
					+ STARTUP_TIMEOUT + "; its log:\n" + logText(), ex);
		}
	}

	/** Sends an inline command on a short-lived connection; null if the server is not there (yet). */
	private String exchange(String request, int replyLength, Duration timeout) {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.port)) {
			socket.setSoTimeout((int) timeout.toMillis());
			OutputStream out = socket.getOutputStream();
			out.write(request.getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			InputStream in = socket.getInputStream();
			return new String(in.readNBytes(replyLength), StandardCharsets.ISO_8859_1);
		}
		catch (IOException ex) {
			return null;
		}
	}

	/** The directory the server was started in (its --dir unless the test gave another). */
	public Path workDir() {
		return this.workDir;
	}

	public String host() {
		return "127.0.0.1";
	}

	public int port() {
		return this.port;
	}

	/** A raw connection to this server, as {@code KvServerIntegrationTest.connect()} gives one to kvserver. */
	public RawConnection connect() {
		return RawConnection.open(host(), this.port);
	}

		/** The server's own idea of its version, from INFO server (e.g. "7.0.15"). */
	public String version() {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.port)) {
			socket.setSoTimeout(5_000);
			socket.getOutputStream().write("INFO server\r\n".getBytes(StandardCharsets.ISO_8859_1));
			InputStream in = socket.getInputStream();
			StringBuilder header = new StringBuilder();
			int b;
			while ((b = in.read()) >= 0 && b != '\n') {
				header.append((char) b);
			}
			int length = Integer.parseInt(header.toString().trim().substring(1));
			String info = new String(in.readNBytes(length), StandardCharsets.ISO_8859_1);
			Matcher m = VERSION.matcher(info);
			if (!m.find()) {
				throw new IllegalStateException("no redis_version in INFO server: " + info);
			}
			return m.group(1);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Stops the server (SIGTERM, then SIGKILL if it lingers) and removes its directory. */
	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		deleteQuietly(this.log);
		deleteQuietly(this.workDir);
	}

	private String logText() {
		try {
			return Files.readString(this.log, StandardCharsets.ISO_8859_1);
		}
		catch (IOException ex) {
			return "(no log: " + ex.getMessage() + ")";
		}
	}

	private static void deleteQuietly(Path path) {
		try {
			Files.deleteIfExists(path);
		}
		catch (IOException ignored) {
			// a leftover temp file is harmless
		}
	}

	private static Path findOnPath(String name) {
		String path = System.getenv().getOrDefault("PATH", "");
		for (String dir : List.of(path.split(File.pathSeparator))) {
			if (dir.isEmpty()) {
				continue;
			}
			Path candidate = Path.of(dir, name);
			if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
				return candidate;
			}
		}
		throw new IllegalStateException(name + " was not found on PATH (" + path + "). The compatibility tests compare "
				+ "kvserver with a real Redis 7.0 and never skip: install it as .ci/run does, "
				+ "with `apt-get install -y redis-server` (Debian's package provides /usr/bin/redis-server).");
	}

	private static int freeLoopbackPort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("no free loopback port", ex);
		}
	}

}
