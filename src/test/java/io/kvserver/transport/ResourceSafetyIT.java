package io.kvserver.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.kvserver.command.Session;
import io.kvserver.command.SessionRegistry;
import io.kvserver.support.KvServerIntegrationTest;
import io.kvserver.support.RawConnection;

/**
 * What hostile or careless clients must not be able to do to the server: make it allocate what a
 * header merely declares, leak sessions by hanging up mid-command, or fall over under many
 * simultaneous connections. The server runs in this JVM, so its heap and its session registry
 * are observed directly.
 */
class ResourceSafetyIT extends KvServerIntegrationTest {

	private static final Duration DEADLINE = Duration.ofSeconds(60);

	private static final Pattern CONNECTED_CLIENTS = Pattern.compile("connected_clients:(\\d+)\r\n");

	@Autowired
	private SessionRegistry sessions;

	@Test
	void declaredHugeBulksAreNotAllocatedUpFront() {
		int connections = 200;
		int baseline = this.sessions.size();
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		memory.gc();
		long heapBefore = memory.getHeapMemoryUsage().getUsed();
		List<RawConnection> hogs = new ArrayList<>();
		try {
			for (int i = 0; i < connections; i++) {
				RawConnection hog = connect();
				hogs.add(hog);
				// 512 MB declared (exactly proto-max-bulk-len, so accepted), a few bytes delivered.
				hog.send("*1\r\n$536870912\r\nsome bytes of a value that never completes");
			}
			await().atMost(DEADLINE).until(() -> this.sessions.size() >= baseline + connections);
			try (RawConnection fresh = connect()) {
				fresh.send("PING\r\n");
				assertThat(fresh.readReply()).isEqualTo("+PONG\r\n");
			}
			memory.gc();
			long growth = memory.getHeapMemoryUsage().getUsed() - heapBefore;
			assertThat(growth).as("heap growth with %d connections each declaring a 512 MB bulk", connections)
				.isLessThan(256L * 1024 * 1024);
			// Still waiting for the rest of their commands: none was dropped.
			assertThat(this.sessions.size()).isGreaterThanOrEqualTo(baseline + connections);
		}
		finally {
			hogs.forEach(RawConnection::close);
		}
		await().atMost(DEADLINE).until(() -> this.sessions.size() <= baseline);
	}

	@Test
	void clientsHangingUpMidCommandLeaveNothingBehind() {
		int baseline = this.sessions.size();
		try (RawConnection probe = connect()) {
			int infoBaseline = connectedClients(probe);
			assertThat(infoBaseline).isEqualTo(baseline + 1);
			String[] partialRequests = { "*3\r\n$3\r\nSET\r\n$9\r\nrs:hangup\r\n$5\r\nab", // inside a small bulk
					"*3\r\n$3\r\nSET\r\n$9\r\nrs:hangup\r\n$1000000\r\n" + "x".repeat(100_000), // inside a big bulk
					"*3\r\n$3\r\nSET\r\n$9", // inside a bulk header
					"*2", // inside the multibulk count
					"SET rs:hangup inline-with-no-newline", // inside an inline command
			};
			Set<Long> ids = new HashSet<>();
			for (String partial : partialRequests) {
				for (boolean reset : new boolean[] { false, true }) {
					ids.add(hangUpMidCommand(partial, reset));
				}
			}
			assertThat(ids).hasSize(partialRequests.length * 2);
			await().atMost(DEADLINE).untilAsserted(() -> {
				assertThat(this.sessions.all()).extracting(Session::id).doesNotContainAnyElementsOf(ids);
				assertThat(this.sessions.size()).isLessThanOrEqualTo(baseline + 1);
				assertThat(connectedClients(probe)).isLessThanOrEqualTo(infoBaseline);
			});
			// The half-written SET never ran.
			probe.send("EXISTS rs:hangup\r\n");
			assertThat(probe.readReply()).isEqualTo(":0\r\n");
		}
	}

	@Test
	void aThousandConcurrentConnectionsEachSetAndGet() throws Exception {
		int connections = 1000;
		int baseline = this.sessions.size();
		CountDownLatch allOpen = new CountDownLatch(connections);
		CountDownLatch go = new CountDownLatch(1);
		try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
			List<Future<String>> results = new ArrayList<>();
			for (int i = 0; i < connections; i++) {
				String key = "rs:many:" + i;
				results.add(clients.submit(() -> {
					try (RawConnection c = connect()) {
						allOpen.countDown();
						if (!go.await(30, TimeUnit.SECONDS)) {
							throw new IllegalStateException("never told to go");
						}
						c.send("SET " + key + " " + key + "\r\nGET " + key + "\r\n");
						return c.readReply() + c.readReply();
					}
				}));
			}
			assertThat(allOpen.await(30, TimeUnit.SECONDS)).as("all connections opened").isTrue();
			// Every connection is open on the server at once before any of them sends a command.
			await().atMost(DEADLINE).until(() -> this.sessions.size() >= baseline + connections);
			go.countDown();
			for (int i = 0; i < connections; i++) {
				String key = "rs:many:" + i;
				assertThat(results.get(i).get(30, TimeUnit.SECONDS))
					.isEqualTo("+OK\r\n$" + key.length() + "\r\n" + key + "\r\n");
			}
		}
		await().atMost(DEADLINE).until(() -> this.sessions.size() <= baseline);
	}

	private static int connectedClients(RawConnection c) {
		c.send("INFO clients\r\n");
		Matcher m = CONNECTED_CLIENTS.matcher(c.readReply());
		assertThat(m.find()).as("INFO clients has connected_clients").isTrue();
		return Integer.parseInt(m.group(1));
	}

	/**
	 * Connects, learns the session's id, sends a partial request and hangs up: with an orderly close,
	 * or with SO_LINGER 0 so the server sees a connection reset, as it does when a client crashes.
	 */
	private long hangUpMidCommand(String partialRequest, boolean reset) {
		try (Socket socket = new Socket("127.0.0.1", port())) {
			socket.setSoTimeout(10_000);
			socket.getOutputStream().write("CLIENT ID\r\n".getBytes(StandardCharsets.US_ASCII));
			byte[] line = new byte[32];
			int n = 0;
			while (n < 2 || line[n - 2] != '\r' || line[n - 1] != '\n') {
				int b = socket.getInputStream().read();
				assertThat(b).as("reply to CLIENT ID").isNotNegative();
				line[n++] = (byte) b;
			}
			String reply = new String(line, 0, n, StandardCharsets.US_ASCII);
			assertThat(reply).matches(":\\d+\r\n");
			socket.getOutputStream().write(partialRequest.getBytes(StandardCharsets.US_ASCII));
			if (reset) {
				socket.setSoLinger(true, 0);
			}
			return Long.parseLong(reply.substring(1, n - 2));
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

}
