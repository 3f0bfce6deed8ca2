package io.kvserver.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.kvserver.support.KvServerIntegrationTest;
import io.kvserver.support.RawConnection;

/**
 * Clients that read slowly or write without pause, on the default transport, where one event-loop
 * thread serves many connections: replies the socket cannot take at once wait in the server and
 * leave complete and in order, and meanwhile every other client is served.
 */
class SlowClientsIT extends KvServerIntegrationTest {

	/** Far more than loopback socket buffers hold, so the server must keep part of each reply back. */
	private static final int VALUE_SIZE = 4 * 1024 * 1024;

	private static final int GETS = 16;

	private byte[] value;

	@BeforeEach
	void storeBigValue() {
		this.value = new byte[VALUE_SIZE];
		for (int i = 0; i < VALUE_SIZE; i++) {
			this.value[i] = (byte) (i * 31 + (i >>> 11));
		}
		ByteArrayOutputStream set = new ByteArrayOutputStream();
		set.writeBytes(("*3\r\n$3\r\nSET\r\n$3\r\nbig\r\n$" + VALUE_SIZE + "\r\n").getBytes(StandardCharsets.US_ASCII));
		set.writeBytes(this.value);
		set.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
		try (RawConnection writer = connect()) {
			writer.send(set.toByteArray());
			assertThat(writer.readReply()).isEqualTo("+OK\r\n");
		}
	}

	@Test
	void aClientNotReadingItsRepliesHoldsUpNobodyAndLaterGetsThemAllInOrder() {
		try (RawConnection slow = connect(); RawConnection other = connect()) {
			slow.send("GET big\r\n".repeat(GETS));
			// 64 MB of replies are waiting on the slow client; the other one is served all the same.
			for (int i = 0; i < 100; i++) {
				other.send("PING\r\n");
				assertThat(other.readReply()).isEqualTo("+PONG\r\n");
			}
			slow.send("PING\r\n"); // arrives while its replies are still held back
			for (int i = 0; i < GETS; i++) {
				assertThat(slow.read("$" + VALUE_SIZE + "\r\n")).isEqualTo("$" + VALUE_SIZE + "\r\n");
				assertThat(slow.readBytes(VALUE_SIZE)).as("value %d", i).isEqualTo(this.value);
				assertThat(slow.read("\r\n")).isEqualTo("\r\n");
			}
			assertThat(slow.readReply()).isEqualTo("+PONG\r\n");
		}
	}

	@Test
	void quitAfterABigReplyClosesOnlyOnceTheReplyIsOut() {
		try (RawConnection slow = connect()) {
			slow.send("GET big\r\nQUIT\r\n");
			assertThat(slow.read("$" + VALUE_SIZE + "\r\n")).isEqualTo("$" + VALUE_SIZE + "\r\n");
			assertThat(slow.readBytes(VALUE_SIZE)).isEqualTo(this.value);
			assertThat(slow.read("\r\n+OK\r\n")).isEqualTo("\r\n+OK\r\n");
			assertThat(slow.isClosedByServer()).isTrue();
		}
	}

	@Test
	void aClientWritingWithoutPauseDoesNotStarveTheOthers() throws Exception {
		AtomicBoolean stop = new AtomicBoolean();
		AtomicLong replies = new AtomicLong();
		// Threads of their own: the common pool has one thread on two cores, and the reader must not queue behind the writer.
		try (ExecutorService threads = Executors.newFixedThreadPool(2); RawConnection flood = connect();
				RawConnection other = connect()) {
			byte[] burst = "INCR flood\r\n".repeat(10_000).getBytes(StandardCharsets.US_ASCII);
			// Counted before each send, so the reader knows replies are coming; the reader must never wait on the
			// sender, which blocks while the server holds back input until the reader drains its replies.
			AtomicLong requested = new AtomicLong();
			AtomicBoolean senderDone = new AtomicBoolean();
			CompletableFuture<Long> sent = CompletableFuture.supplyAsync(() -> {
				do {
					requested.addAndGet(10_000);
					flood.send(burst);
				}
				while (!stop.get());
				senderDone.set(true);
				return requested.get();
			}, threads);
			CompletableFuture<Long> answered = CompletableFuture.supplyAsync(() -> {
				while (!senderDone.get() || replies.get() < requested.get()) {
					if (replies.get() < requested.get()) {
						flood.readReply();
						replies.incrementAndGet();
					}
					else {
						Thread.onSpinWait();
					}
				}
				return replies.get();
			}, threads);
			// PINGs answered one after another while the flood is being served, until it has had 50,000 replies.
			await().atMost(Duration.ofSeconds(60)).until(() -> {
				other.send("PING\r\n");
				assertThat(other.readReply()).isEqualTo("+PONG\r\n");
				return replies.get() >= 50_000;
			});
			stop.set(true);
			long requests = sent.get(30, TimeUnit.SECONDS);
			assertThat(answered.get(30, TimeUnit.SECONDS)).isEqualTo(requests);
			other.send("GET flood\r\n");
			assertThat(other.readReply()).isEqualTo("$" + String.valueOf(requests).length() + "\r\n" + requests + "\r\n");
		}
	}

}
