package io.kvserver.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.kvserver.support.ChildProcess;
import io.kvserver.support.PackagedJar;
import io.kvserver.support.RawConnection;

/**
 * 10,000 clients blocked in BRPOP at once cost the packaged server only their connections: no
 * thread each (the server's thread count stays where 10,000 idle clients left it) and a few
 * hundred bytes of heap each beyond what their idle connections already took. One RPUSH of 10,000
 * elements then serves every one of them, each a different element. The server runs in a process
 * of its own, so that its sockets and the test's count against separate open-files limits.
 */
class ManyBlockedClientsIT {

	private static final int CLIENTS = 10_000;

	private static final Duration DEADLINE = Duration.ofSeconds(120);

	private static final Pattern USED_MEMORY = Pattern.compile("used_memory:(\\d+)");

	/** Heap a blocked client may take beyond its idle connection (its waiter, queue node and held-back state). */
	private static final long MAX_BYTES_PER_BLOCKED_CLIENT = 2048;

	@Test
	void tenThousandBlockedClientsAreServedByOnePusher(@TempDir Path work) throws Exception {
		int port = ChildProcess.freeLoopbackPort();
		List<Socket> clients = new ArrayList<>(CLIENTS);
		try (ChildProcess server = ChildProcess.start("kvserver",
				PackagedJar.command(List.of("-Xmx1g"), List.of("--kvserver.port=" + port, "--kvserver.bind=127.0.0.1",
						"--server.port=0", "--kvserver.maxclients=" + (CLIENTS + 100))),
				work, Map.of())) {
			PackagedJar.awaitAnswering(server, port, DEADLINE);
			try (RawConnection control = RawConnection.open("127.0.0.1", port)) {
				for (int i = 0; i < CLIENTS; i++) {
					Socket socket = new Socket();
					socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
					socket.setSoTimeout(60_000);
					clients.add(socket);
					socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
				}
				for (Socket socket : clients) {
					assertThat(readReply(socket.getInputStream())).isEqualTo("+PONG\r\n");
				}
				long idleHeap = heapAfterGc(server, control);
				int idleThreads = threads(server);

				for (Socket socket : clients) {
					socket.getOutputStream().write("BRPOP queue 0\r\n".getBytes(StandardCharsets.US_ASCII));
				}
				await("every client blocked").atMost(DEADLINE)
					.until(() -> control.send("INFO clients\r\n").readReply().contains("blocked_clients:" + CLIENTS + "\r\n"));
				long blockedHeap = heapAfterGc(server, control);
				int blockedThreads = threads(server);
				System.out.printf("%d clients: idle %d B heap, %d threads; blocked %d B heap (%d B per client), %d threads%n",
						CLIENTS, idleHeap, idleThreads, blockedHeap, (blockedHeap - idleHeap) / CLIENTS, blockedThreads);
				assertThat(blockedThreads).as("threads with every client blocked, against %d with them idle", idleThreads)
					.isLessThan(idleThreads + 10);
				assertThat((blockedHeap - idleHeap) / CLIENTS).as("heap bytes per blocked client (idle: %d, blocked: %d)",
						idleHeap, blockedHeap)
					.isLessThan(MAX_BYTES_PER_BLOCKED_CLIENT);

				StringBuilder push = new StringBuilder("*" + (CLIENTS + 2) + "\r\n$5\r\nRPUSH\r\n$5\r\nqueue\r\n");
				for (int i = 0; i < CLIENTS; i++) {
					String element = Integer.toString(i);
					push.append('$').append(element.length()).append("\r\n").append(element).append("\r\n");
				}
				assertThat(control.send(push.toString()).readReply()).isEqualTo(":" + CLIENTS + "\r\n");
				Set<String> served = new HashSet<>();
				for (Socket socket : clients) {
					String reply = readReply(socket.getInputStream());
					assertThat(reply).startsWith("*2\r\n$5\r\nqueue\r\n");
					served.add(reply);
				}
				assertThat(served).as("each client got an element of its own").hasSize(CLIENTS);
				assertThat(control.send("EXISTS queue\r\n").readReply()).isEqualTo(":0\r\n");
				assertThat(control.send("INFO clients\r\n").readReply()).contains("blocked_clients:0\r\n");
			}
		}
		finally {
			for (Socket socket : clients) {
				try {
					socket.close();
				}
				catch (IOException ignored) {
					// closing what the test opened
				}
			}
		}
	}

	/** The server's used heap after a full collection (jcmd GC.run), as INFO reports it. */
	private static long heapAfterGc(ChildProcess server, RawConnection control) {
		Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
		int exit = ChildProcess.run("jcmd", List.of(jcmd.toString(), Long.toString(server.pid()), "GC.run"),
				Path.of(System.getProperty("java.io.tmpdir")), Map.of(), 60);
		assertThat(exit).as("jcmd GC.run").isZero();
		Matcher m = USED_MEMORY.matcher(control.send("INFO memory\r\n").readReply());
		assertThat(m.find()).isTrue();
		return Long.parseLong(m.group(1));
	}

	/** The server process's thread count, from /proc. */
	private static int threads(ChildProcess server) throws IOException {
		for (String line : Files.readAllLines(Path.of("/proc", Long.toString(server.pid()), "status"))) {
			if (line.startsWith("Threads:")) {
				return Integer.parseInt(line.substring("Threads:".length()).trim());
			}
		}
		throw new IllegalStateException("no thread count in /proc/" + server.pid() + "/status");
	}

	/** One reply of the shapes this test expects: a simple string, an integer, or an array of bulk strings. */
	private static String readReply(InputStream in) throws IOException {
		StringBuilder reply = new StringBuilder();
		String line = readLine(in);
		reply.append(line).append("\r\n");
		if (line.startsWith("*")) {
			int count = Integer.parseInt(line.substring(1));
			for (int i = 0; i < count; i++) {
				String header = readLine(in);
				reply.append(header).append("\r\n").append(readLine(in)).append("\r\n");
			}
		}
		return reply.toString();
	}

	private static String readLine(InputStream in) throws IOException {
		StringBuilder line = new StringBuilder();
		int b;
		while ((b = in.read()) != '\n') {
			if (b < 0) {
				throw new IOException("connection closed after " + line);
			}
			if (b != '\r') {
				line.append((char) b);
			}
		}
		return line.toString();
	}

}
