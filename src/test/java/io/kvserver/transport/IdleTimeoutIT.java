package io.kvserver.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.kvserver.support.KvServerIntegrationTest;
import io.kvserver.support.RawConnection;

/**
 * Redis's {@code timeout}: a client that sends nothing for longer than that many seconds is closed
 * without a reply, while a client that keeps talking stays, and so does one blocked in BLPOP; 0 (the
 * default) closes none.
 */
class IdleTimeoutIT extends KvServerIntegrationTest {

	@Test
	void idleClientsAreClosedAndBusyOnesStay() throws IOException {
		try (RawConnection admin = connect(); Socket idle = new Socket("127.0.0.1", port());
				RawConnection busy = connect(); RawConnection blocked = connect()) {
			admin.send("DEL idle:queue\r\n").readReply();
			blocked.send("BLPOP idle:queue 0\r\n");
			idle.setSoTimeout(100); // short reads, so the loop below keeps the busy client busy
			idle.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
			assertThat(new String(idle.getInputStream().readNBytes(7), StandardCharsets.US_ASCII)).isEqualTo("+PONG\r\n");
			assertThat(admin.send("CONFIG SET timeout 1\r\n").readReply()).isEqualTo("+OK\r\n");
			try {
				assertThat(admin.send("CONFIG GET timeout\r\n").readReply())
					.isEqualTo("*2\r\n$7\r\ntimeout\r\n$1\r\n1\r\n");
				// idle for more than one whole second: closed within the next check, a second later
				await("the idle client closed").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
					.until(() -> {
						assertThat(busy.send("PING\r\n").readReply()).isEqualTo("+PONG\r\n");
						assertThat(admin.send("PING\r\n").readReply()).isEqualTo("+PONG\r\n");
						return closedByServer(idle);
					});
				assertThat(busy.send("PING\r\n").readReply()).as("a client that kept talking stays").isEqualTo("+PONG\r\n");
				// the blocked client sent nothing for as long as the idle one, but waits on, as in Redis
				assertThat(admin.send("RPUSH idle:queue job\r\n").readReply()).isEqualTo(":1\r\n");
				assertThat(blocked.readReply()).as("the blocked client served")
					.isEqualTo("*2\r\n$10\r\nidle:queue\r\n$3\r\njob\r\n");
			}
			finally {
				assertThat(admin.send("CONFIG SET timeout 0\r\n").readReply()).isEqualTo("+OK\r\n");
			}
		}
	}

	/** Whether the server closed its side: a read ends the stream (or the connection was reset), not a timeout. */
	private static boolean closedByServer(Socket socket) {
		try {
			return socket.getInputStream().read() < 0;
		}
		catch (SocketTimeoutException ex) {
			return false;
		}
		catch (IOException ex) {
			return true;
		}
	}

}
