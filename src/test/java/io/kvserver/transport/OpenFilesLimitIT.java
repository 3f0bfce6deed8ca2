package io.kvserver.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.kvserver.support.ChildProcess;
import io.kvserver.support.PackagedJar;
import io.kvserver.support.RawConnection;

/**
 * The packaged server under an open-files limit it will run into (`ulimit -n 256`): more clients
 * than it has descriptors for must not end the listener. Once descriptors are free again, new
 * clients are served, and INFO reports the limit as Redis's maxclients does. maxclients is lifted
 * first, or it would refuse clients before the descriptors ran out.
 */
class OpenFilesLimitIT {

	private static final int LIMIT = 256;

	/** Starting takes seconds on a quiet machine, minutes on one busy with other builds (load 35: over 60 s). */
	private static final Duration DEADLINE = Duration.ofMinutes(5);

	@Test
	void runningOutOfDescriptorsDoesNotEndTheListener(@TempDir Path work) throws Exception {
		Path jar = PackagedJar.jar();
		int port = ChildProcess.freeLoopbackPort();
		String java = PackagedJar.java();
		// ulimit -n sets the hard limit too, so the JVM cannot raise its soft limit past it.
		String command = "ulimit -n " + LIMIT + " && exec '" + java + "' -jar '" + jar + "' --kvserver.port=" + port
				+ " --kvserver.bind=127.0.0.1 --server.port=0";
		List<Socket> crowd = new ArrayList<>();
		try (ChildProcess server = ChildProcess.start("kvserver", List.of("bash", "-c", command), work, Map.of())) {
			await("the server answering").atMost(DEADLINE).ignoreExceptions().until(() -> {
				server.assertAlive();
				try (RawConnection probe = RawConnection.open("127.0.0.1", port)) {
					return probe.send("PING\r\n").readReply().equals("+PONG\r\n");
				}
			});
			try (RawConnection info = RawConnection.open("127.0.0.1", port)) {
				info.send("INFO clients\r\n");
				assertThat(info.readReply()).contains("maxclients:" + (LIMIT - 32) + "\r\n");
				// maxclients would refuse the crowd before descriptors run out. Redis takes this value
				// under any limit (maxclients + 32 wraps in its unsigned int), which lifts the refusal.
				info.send("CONFIG SET maxclients 4294967295\r\n");
				assertThat(info.readReply()).isEqualTo("+OK\r\n");
			}
			// Twice as many clients as descriptors: the kernel completes the handshakes, the server runs out.
			for (int i = 0; i < 2 * LIMIT; i++) {
				Socket socket = new Socket();
				socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
				crowd.add(socket);
			}
			await("the server logging that accept failed").atMost(DEADLINE)
				.until(() -> server.output().contains("Error accepting a client connection"));
			for (Socket socket : crowd) {
				socket.close();
			}
			crowd.clear();
			await("a new client served again").atMost(DEADLINE).ignoreExceptions().until(() -> {
				server.assertAlive();
				try (RawConnection fresh = RawConnection.open("127.0.0.1", port)) {
					return fresh.send("SET after limit\r\nGET after\r\n").readReply().equals("+OK\r\n")
							&& fresh.readReply().equals("$5\r\nlimit\r\n");
				}
			});
		}
		finally {
			for (Socket socket : crowd) {
				try {
					socket.close();
				}
				catch (IOException ignored) {
					// closing what the test opened
				}
			}
		}
	}

}
