package io.kvserver.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.kvserver.support.KvServerIntegrationTest;
import io.kvserver.support.RawConnection;

/**
 * maxclients enforced as Redis 7.0 does, over real sockets, on every connection factory. The bytes
 * and counters are those a redis-server 7.0.15 started with {@code --maxclients 2} showed: the
 * refused client reads the error and then end of stream, rejected_connections goes up, while
 * connected_clients and total_connections_received do not; CONFIG SET below the count disconnects
 * nobody.
 */
abstract class ClientLimitContract extends KvServerIntegrationTest {

	private static final String REFUSAL = "-ERR max number of clients reached\r\n";

	private static final Duration DEADLINE = Duration.ofSeconds(10);

	@Autowired
	private ClientAdmission admission;

	@Test
	void aClientBeyondMaxclientsIsToldAndClosedWhileTheOthersCarryOn() {
		try (RawConnection admin = connect()) {
			assertThat(admin.send("PING\r\n").readReply()).isEqualTo("+PONG\r\n");
			String original = admin.send("CONFIG GET maxclients\r\n").readReply();
			// This server is shared with other test classes: wait until their connections have closed.
			await("only this test's connection open").atMost(DEADLINE).until(() -> this.admission.connected() == 1);
			long rejected = info(admin, "rejected_connections");
			long received = info(admin, "total_connections_received");
			try {
				setMaxclients(admin, "3");
				try (RawConnection b = connect(); RawConnection c = connect()) {
					assertPong(b, c);
					assertRefused();
					assertThat(info(admin, "rejected_connections")).isEqualTo(rejected + 1);
					assertThat(info(admin, "total_connections_received")).as("the refused one is not a client")
						.isEqualTo(received + 2);
					assertThat(info(admin, "connected_clients")).isEqualTo(3);
					assertPong(admin, b, c);

					setMaxclients(admin, "2");
					assertPong(admin, b, c);
					assertRefused();
					setMaxclients(admin, "3");

					assertThat(c.send("QUIT\r\n").readReply()).isEqualTo("+OK\r\n");
					assertThat(c.readUntilClosed()).isEmpty();
					await("the client that quit gone").atMost(DEADLINE)
						.until(() -> info(admin, "connected_clients") == 2);
					try (RawConnection d = connect()) {
						assertPong(d);
						assertRefused();
					}
					assertThat(info(admin, "rejected_connections")).isEqualTo(rejected + 3);
					assertThat(info(admin, "total_connections_received")).isEqualTo(received + 3);
				}
			}
			finally {
				setMaxclients(admin, original.split("\r\n")[4]);
			}
		}
	}

	private void assertRefused() {
		try (RawConnection refused = connect()) {
			assertThat(refused.readUntilClosed()).isEqualTo(REFUSAL);
		}
	}

	private static void assertPong(RawConnection... clients) {
		for (RawConnection client : clients) {
			assertThat(client.send("PING\r\n").readReply()).isEqualTo("+PONG\r\n");
		}
	}

	private static void setMaxclients(RawConnection admin, String value) {
		assertThat(admin.send("CONFIG SET maxclients " + value + "\r\n").readReply()).isEqualTo("+OK\r\n");
	}

	private static long info(RawConnection admin, String field) {
		Matcher m = Pattern.compile("\r\n" + field + ":(\\d+)\r\n").matcher(admin.send("INFO\r\n").readReply());
		assertThat(m.find()).as(field).isTrue();
		return Long.parseLong(m.group(1));
	}

}
