package io.kvserver.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.test.context.TestPropertySource;

import io.kvserver.support.ChildProcess;
import io.kvserver.support.KvServerIntegrationTest;
import io.kvserver.support.NetworkNamespace;
import io.kvserver.support.PackagedJar;
import io.kvserver.support.RawConnection;

/**
 * Protected mode and the default bind, tested from a real non-loopback address: a client in a
 * network namespace joined to this machine by a veth pair. kvserver (listening on every interface)
 * and a redis-server 7.0 started the same way must answer it with the same bytes.
 */
@TestPropertySource(properties = "kvserver.bind=* -::*")
class ProtectedModeIT extends KvServerIntegrationTest {

	@TempDir
	static Path work;

	static NetworkNamespace namespace;

	static ChildProcess redis;

	static int redisPort;

	@BeforeAll
	static void start() {
		namespace = NetworkNamespace.create(work);
		redisPort = ChildProcess.freeLoopbackPort();
		redis = ChildProcess.start("redis-server", List.of(ChildProcess.require("redis-server", "redis-server").toString(),
				"--port", Integer.toString(redisPort), "--bind", "* -::*", "--save", "", "--appendonly", "no"), work,
				Map.of());
		await("redis-server answering").atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
			try (RawConnection probe = RawConnection.open("127.0.0.1", redisPort)) {
				return probe.send("PING\r\n").readReply().equals("+PONG\r\n");
			}
		});
	}

	@AfterAll
	static void stop() {
		if (redis != null) {
			redis.close();
		}
		if (namespace != null) {
			namespace.close();
		}
	}

	@AfterEach
	void restoreDefaults() {
		for (int port : new int[] { port(), redisPort }) {
			try (RawConnection local = RawConnection.open("127.0.0.1", port)) {
				local.send("AUTH s3cret\r\n").readReply(); // an error when no password is set, which is fine
				assertThat(local.send("CONFIG SET protected-mode yes requirepass \"\"\r\n").readReply()).isEqualTo("+OK\r\n");
			}
		}
	}

	@Test
	void aClientFromAnotherAddressIsDeniedWithRedissTextAndCounted() {
		NetworkNamespace.Exchange fromRedis = namespace.exchange(redisPort, "PING\r\n");
		assertThat(fromRedis.reply()).startsWith("-DENIED Redis is running in protected mode");
		assertThat(fromRedis.ended()).isTrue();
		long rejectedBefore = rejectedConnections();

		NetworkNamespace.Exchange ours = namespace.exchange(port(), "PING\r\n");

		assertThat(ours.reply()).isEqualTo(fromRedis.reply());
		assertThat(ours.ended()).as("the connection is closed after the text").isTrue();
		assertThat(rejectedConnections()).as("rejected_connections, as Redis counts it").isEqualTo(rejectedBefore + 1);
		try (RawConnection local = connect()) {
			assertThat(local.send("PING\r\n").readReply()).as("loopback clients are served").isEqualTo("+PONG\r\n");
		}
	}

	@Test
	void protectedModeOffLetsTheClientIn() {
		setOnBoth("CONFIG SET protected-mode no\r\n");
		NetworkNamespace.Exchange fromRedis = namespace.exchange(redisPort, "PING\r\nCLIENT INFO\r\n");
		NetworkNamespace.Exchange ours = namespace.exchange(port(), "PING\r\nCLIENT INFO\r\n");
		assertThat(fromRedis.reply()).startsWith("+PONG\r\n");
		assertThat(ours.reply()).startsWith("+PONG\r\n").contains(" addr=" + namespace.namespaceAddress() + ":");
		assertThat(ours.closed()).isFalse();
	}

	@Test
	void aPasswordForTheDefaultUserReplacesProtectedMode() {
		setOnBoth("CONFIG SET requirepass s3cret\r\n");
		String request = "PING\r\nAUTH wrong\r\nAUTH s3cret\r\nPING\r\n";
		NetworkNamespace.Exchange fromRedis = namespace.exchange(redisPort, request);
		NetworkNamespace.Exchange ours = namespace.exchange(port(), request);
		assertThat(fromRedis.reply()).isEqualTo("-NOAUTH Authentication required.\r\n"
				+ "-WRONGPASS invalid username-password pair or user is disabled.\r\n+OK\r\n+PONG\r\n");
		assertThat(ours.reply()).isEqualTo(fromRedis.reply());
	}

	@Test
	void theDefaultBindListensOnLoopbackOnly() {
		int port = ChildProcess.freeLoopbackPort();
		try (ChildProcess server = ChildProcess.start("kvserver-default-bind", PackagedJar.command(List.of(),
				List.of("--port", Integer.toString(port), "--save", "", "--dir", work.toString(), "--server.port=0")),
				work, Map.of())) {
			await("the packaged server answering").atMost(Duration.ofSeconds(90)).ignoreExceptions().until(() -> {
				server.assertAlive();
				try (RawConnection probe = RawConnection.open("127.0.0.1", port)) {
					return probe.send("CONFIG GET bind\r\n").readReply()
						.equals("*2\r\n$4\r\nbind\r\n$14\r\n127.0.0.1 -::1\r\n");
				}
			});
			assertThat(namespace.exchange(port, "PING\r\n").refused()).as("nothing listens on the host's other addresses")
				.isTrue();
		}
	}

	private void setOnBoth(String command) {
		for (int port : new int[] { port(), redisPort }) {
			try (RawConnection local = RawConnection.open("127.0.0.1", port)) {
				assertThat(local.send(command).readReply()).isEqualTo("+OK\r\n");
			}
		}
	}

	private long rejectedConnections() {
		try (RawConnection local = connect()) {
			String info = local.send("INFO stats\r\n").readReply();
			int at = info.indexOf("rejected_connections:") + "rejected_connections:".length();
			return Long.parseLong(info.substring(at, info.indexOf('\r', at)));
		}
	}

}
