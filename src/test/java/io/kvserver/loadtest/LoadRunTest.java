package io.kvserver.loadtest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs against servers that fail in the ways a loaded server does, over real loopback sockets:
 * nothing listening, a listener that never accepts, one that accepts but never answers. Each
 * failure must be counted as errors and the run must end by its deadline.
 */
class LoadRunTest {

	private static final Duration DURATION = Duration.ofSeconds(1);

	/** Measured time plus the stop grace, with room for a busy machine. */
	private static final Duration DEADLINE = DURATION.plus(LoadRun.STOP_GRACE);

	private final ByteArrayOutputStream progress = new ByteArrayOutputStream();

	@Test
	void connectsToAClosedPortAreErrorsAndTheRunEndsByItsDeadline() throws Exception {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			closedPort = socket.getLocalPort();
		}
		RunResult result = timed(Fixtures.settings(Scenario.SUSTAINED, closedPort, DURATION), 3);
		assertThat(result.succeeded()).isZero();
		assertThat(result.openAtEnd()).isZero();
		// 3 connections, retrying every 50 ms for a second: about 60 refusals
		assertThat(result.connectErrors()).isGreaterThanOrEqualTo(3);
		assertThat(result.errors()).isEqualTo(result.connectErrors());
		assertThat(result.errorRate()).isEqualTo(100.0);
	}

	@Test
	void connectsThatTimeOutAreErrorsNotHangs() throws Exception {
		// A listener whose accept queue is full and never drained: Linux drops further SYNs, so a
		// connect neither succeeds nor is refused, exactly as with a server swamped by connections.
		try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			List<Socket> fillers = fillAcceptQueue(full.getLocalPort());
			try {
				RunResult result = timed(Fixtures.settings(Scenario.SUSTAINED, full.getLocalPort(), DURATION), 2);
				assertThat(result.succeeded()).isZero();
				assertThat(result.connectErrors()).isGreaterThanOrEqualTo(2);
			}
			finally {
				for (Socket filler : fillers) {
					filler.close();
				}
			}
		}
	}

	@Test
	void aServerThatNeverAnswersCostsTimeoutsAndTheRunStillEnds() throws Exception {
		try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			List<Socket> accepted = new CopyOnWriteArrayList<>();
			Thread acceptor = Thread.ofVirtual().start(() -> {
				try {
					while (true) {
						accepted.add(silent.accept());
					}
				}
				catch (IOException closed) {
					// the test is over
				}
			});
			RunResult result = timed(Fixtures.settings(Scenario.THROUGHPUT, silent.getLocalPort(), DURATION), 2);
			silent.close();
			acceptor.join(DEADLINE);
			assertThat(result.succeeded()).isZero();
			assertThat(result.connectErrors()).isZero();
			// read timeout 300 ms in a 1 s window: each connection times out at least twice
			assertThat(result.timeoutErrors()).isGreaterThanOrEqualTo(2);
			for (Socket socket : accepted) {
				socket.close();
			}
		}
	}

	private RunResult timed(LoadSettings settings, int connections) throws InterruptedException {
		long start = System.nanoTime();
		RunResult result = new LoadRun(settings, connections,
				new PrintStream(this.progress, true, StandardCharsets.UTF_8)).run();
		Duration took = Duration.ofNanos(System.nanoTime() - start);
		assertThat(took).isGreaterThanOrEqualTo(DURATION).isLessThan(DEADLINE);
		assertThat(this.progress.toString(StandardCharsets.UTF_8)).doesNotContain("did not stop");
		return result;
	}

	/** Connects until a connect times out: from then on the queue is full. */
	private static List<Socket> fillAcceptQueue(int port) throws IOException {
		List<Socket> sockets = new ArrayList<>();
		for (int i = 0; i < 64; i++) {
			Socket socket = new Socket();
			try {
				socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
				sockets.add(socket);
			}
			catch (IOException timedOut) {
				socket.close();
				return sockets;
			}
		}
		throw new IllegalStateException("the accept queue of a backlog-1 listener took 64 connections");
	}

}
