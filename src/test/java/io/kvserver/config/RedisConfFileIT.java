package io.kvserver.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.kvserver.support.ChildProcess;
import io.kvserver.support.PackagedJar;
import io.kvserver.support.RawConnection;

/**
 * The packaged server started as redis-server is, {@code kvserver.jar redis.conf --directive value},
 * with a Redis config file: Debian's stock redis.conf, and a small one that CONFIG SET and CONFIG
 * REWRITE change exactly as they change it under redis-server 7.0.
 */
class RedisConfFileIT {

	/** Generous: the build machine is shared, and a JVM start there can take most of a minute. */
	private static final Duration START = Duration.ofSeconds(180);

	@TempDir
	Path work;

	@Test
	void startsFromDebiansStockRedisConf() throws IOException {
		Path stock = Path.of("/etc/redis/redis.conf");
		assertThat(stock).as("Debian's redis-server package installs it (.ci/run)").isReadable();
		Path conf = Files.copy(stock, this.work.resolve("redis.conf"));
		int port = ChildProcess.freeLoopbackPort();
		// The stock file keeps its dump in /var/lib/redis: this server keeps its own in the test's directory.
		try (ChildProcess server = startKvserver(conf, "--port", Integer.toString(port), "--dir", this.work.toString(),
				"--save", "")) {
			try (RawConnection client = RawConnection.open("127.0.0.1", port)) {
				assertThat(client.send("CONFIG GET bind\r\n").readReply())
					.isEqualTo("*2\r\n$4\r\nbind\r\n$14\r\n127.0.0.1 -::1\r\n");
				assertThat(client.send("CONFIG GET port\r\n").readReply()).contains("\r\n" + port + "\r\n");
				assertThat(client.send("INFO server\r\n").readReply()).contains("config_file:" + conf.toAbsolutePath());
			}
			assertThat(server.output()).as("the stock file's Redis directives kvserver lacks are named, not refused")
				.contains("'daemonize' is not implemented by kvserver; ignored");
		}
	}

	@Test
	void configRewriteWritesTheFileAsRedisDoes() throws Exception {
		String config = """
				# settings for a test
				port %d
				bind 127.0.0.1

				maxclients 100
				appendonly no
				loglevel notice
				proto-max-bulk-len 2mb
				proto-max-bulk-len "3mb"
				""";
		Path redisDir = Files.createDirectories(this.work.resolve("redis"));
		Path ourDir = Files.createDirectories(this.work.resolve("kvserver"));
		int redisPort = ChildProcess.freeLoopbackPort();
		int ourPort = ChildProcess.freeLoopbackPort();
		Path redisConf = Files.writeString(redisDir.resolve("redis.conf"), config.formatted(redisPort));
		Path ourConf = Files.writeString(ourDir.resolve("redis.conf"), config.formatted(ourPort));
		List<String> changes = List.of("CONFIG SET proto-max-bulk-len 4mb maxclients 200\r\n",
				"CONFIG SET client-query-buffer-limit 5mb\r\n", "CONFIG REWRITE\r\n");
		Set<String> ours;
		try (ChildProcess redis = ChildProcess.start("redis-server",
				List.of(ChildProcess.require("redis-server", "redis-server").toString(), redisConf.toString()), redisDir,
				Map.of()); ChildProcess kvserver = startKvserver(ourConf)) {
			awaitPong(redis, redisPort);
			for (String change : changes) {
				try (RawConnection r = RawConnection.open("127.0.0.1", redisPort);
						RawConnection k = RawConnection.open("127.0.0.1", ourPort)) {
					assertThat(k.send(change).readReply()).as(change).isEqualTo(r.send(change).readReply());
				}
			}
			try (RawConnection k = RawConnection.open("127.0.0.1", ourPort)) {
				ours = Arrays.stream(k.send("CONFIG GET *\r\n").readReply().split("\r\n"))
					.filter(line -> !line.startsWith("*") && !line.startsWith("$"))
					.collect(Collectors.toSet());
			}
		}
		// Lines Redis appended for directives kvserver lacks are dropped. Redis appends in its config
		// table's hash order, random per process: the appended lines compare as a set.
		Set<String> original = Set.copyOf(config.formatted(redisPort).lines().toList());
		String expected = normalized(Files.readString(redisConf), redisPort, redisDir, line -> original.contains(line)
				|| ours.contains(line.split(" ")[0]) || line.startsWith("user "));
		String actual = normalized(Files.readString(ourConf), ourPort, ourDir, line -> true);
		assertThat(actual).as("redis-server's rewrite without the lines of directives kvserver lacks")
			.isEqualTo(expected)
			.contains("maxclients 200\n", "proto-max-bulk-len 4mb\n", "client-query-buffer-limit 5mb\n",
					"dir \"DIR\"\n");

		try (ChildProcess again = startKvserver(ourConf);
				RawConnection client = RawConnection.open("127.0.0.1", ourPort)) {
			assertThat(client.send("CONFIG GET client-query-buffer-limit\r\n").readReply())
				.as("restarted from the rewritten file").endsWith("$7\r\n5242880\r\n");
		}
	}

	/**
	 * The file with its port and directory masked, the lines before "# Generated by CONFIG REWRITE"
	 * as they are and those after it sorted.
	 */
	private static String normalized(String file, int port, Path dir, java.util.function.Predicate<String> keep) {
		List<String> lines = file.lines()
			.filter(line -> line.isEmpty() || line.startsWith("#") || keep.test(line))
			.map(line -> line.replace(Integer.toString(port), "PORT").replace(dir.toAbsolutePath().toString(), "DIR"))
			.toList();
		int signature = lines.indexOf("# Generated by CONFIG REWRITE");
		if (signature < 0) {
			return String.join("\n", lines) + "\n";
		}
		List<String> appended = new java.util.ArrayList<>(lines.subList(signature + 1, lines.size()));
		appended.sort(null);
		return String.join("\n", lines.subList(0, signature + 1)) + "\n" + String.join("\n", appended) + "\n";
	}

	private ChildProcess startKvserver(Path conf, String... directives) {
		List<String> args = new java.util.ArrayList<>(List.of(conf.toString()));
		args.addAll(List.of(directives));
		args.add("--server.port=0");
		ChildProcess server = ChildProcess.start("kvserver-" + System.nanoTime(), PackagedJar.command(List.of(), args),
				conf.getParent(), Map.of());
		int port = Integer.parseInt(portOf(conf, directives));
		awaitPong(server, port);
		return server;
	}

	private static String portOf(Path conf, String... directives) {
		for (int i = 0; i + 1 < directives.length; i++) {
			if (directives[i].equals("--port")) {
				return directives[i + 1];
			}
		}
		try {
			return Files.readAllLines(conf).stream().filter(l -> l.startsWith("port ")).findFirst().orElseThrow()
				.substring(5).trim();
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	private static void awaitPong(ChildProcess server, int port) {
		await(server + " answering PING").atMost(START).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
			.until(() -> {
				server.assertAlive();
				try (RawConnection probe = RawConnection.open("127.0.0.1", port)) {
					return probe.send("PING\r\n").readReply().equals("+PONG\r\n");
				}
			});
	}

}
