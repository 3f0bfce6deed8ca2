package io.kvserver.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Replies deferred to the end of an event loop's pass, over real loopback sockets: nothing leaves
 * before the pass ends, every connection's bytes arrive complete and in order however they were
 * split, and what a socket refuses or fails on reaches that connection's listener.
 */
class DeferredRepliesTest {

	private final DeferredReplies deferred = new DeferredReplies(ReplyBarrier.NONE);

	private ServerSocketChannel server;

	private final List<SocketChannel> channels = new ArrayList<>();

	@BeforeEach
	void listen() throws IOException {
		this.server = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
	}

	@AfterEach
	void closeAll() throws IOException {
		for (SocketChannel channel : this.channels) {
			channel.close();
		}
		this.server.close();
	}

	@Test
	void bytesLeaveOnlyWhenThePassEndsAndArriveInOrder() throws IOException {
		Pair a = pair();
		Pair b = pair();
		a.output.write(bytes("+OK\r\n"));
		a.output.write(bytes("$3\r\nabc\r\n"));
		b.output.write(bytes(":1\r\n"));
		assertThat(readAvailable(a.peer)).isEmpty();
		assertThat(readAvailable(b.peer)).isEmpty();

		this.deferred.writeAll();

		assertThat(readExactly(a.peer, 14)).isEqualTo(bytes("+OK\r\n$3\r\nabc\r\n"));
		assertThat(readExactly(b.peer, 4)).isEqualTo(bytes(":1\r\n"));
		assertThat(a.refused.get()).isZero();
	}

	@Test
	void aConnectionWritingAgainAfterAnotherKeepsItsOrder() throws IOException {
		Pair a = pair();
		Pair b = pair();
		a.output.write(bytes("first "));
		b.output.write(bytes("other"));
		a.output.write(bytes("second")); // not contiguous with "first ": that goes out now, "second" waits
		assertThat(readExactly(a.peer, 6)).isEqualTo(bytes("first "));
		assertThat(readAvailable(a.peer)).isEmpty();
		this.deferred.writeAll();

		assertThat(readExactly(a.peer, 6)).isEqualTo(bytes("second"));
		assertThat(readExactly(b.peer, 5)).isEqualTo(bytes("other"));
	}

	@Test
	void morePerPassThanTheBufferHoldsArrivesWholeAndInOrder() throws IOException {
		Pair a = pair();
		Pair b = pair();
		ByteArrayOutputStream expectedA = new ByteArrayOutputStream();
		ByteArrayOutputStream expectedB = new ByteArrayOutputStream();
		for (int i = 0; i < 40; i++) { // 40 x 2 x 8 KB: 640 KB in one pass, more than the 256 KB buffer
			byte[] chunkA = chunk('a', i, 8 * 1024);
			byte[] chunkB = chunk('b', i, 8 * 1024);
			a.output.write(chunkA);
			b.output.write(chunkB);
			expectedA.writeBytes(chunkA);
			expectedB.writeBytes(chunkB);
			// the peers read as they go, as clients do, so the sockets never refuse
			a.received.writeBytes(readAvailable(a.peer));
			b.received.writeBytes(readAvailable(b.peer));
		}
		this.deferred.writeAll();
		a.received.writeBytes(readExactly(a.peer, expectedA.size() - a.received.size()));
		b.received.writeBytes(readExactly(b.peer, expectedB.size() - b.received.size()));

		assertThat(a.received.toByteArray()).isEqualTo(expectedA.toByteArray());
		assertThat(b.received.toByteArray()).isEqualTo(expectedB.toByteArray());
	}

	@Test
	void aReplyLargerThanWhatIsDeferredGoesOutAfterTheEarlierBytes() throws IOException {
		Pair a = pair();
		byte[] large = chunk('L', 0, DeferredReplies.LARGEST_DEFERRED + 1);
		a.output.write(bytes("small"));
		a.output.write(large);
		ByteArrayOutputStream expected = new ByteArrayOutputStream();
		expected.writeBytes(bytes("small"));
		expected.writeBytes(large);

		assertThat(readExactly(a.peer, expected.size())).isEqualTo(expected.toByteArray());
	}

	@Test
	void whatTheSocketRefusesWaitsAndTheListenerIsTold() throws IOException {
		Pair a = pair();
		ByteArrayOutputStream expected = new ByteArrayOutputStream();
		// The peer does not read: passes of small replies until its socket buffers are full.
		for (int pass = 0; a.refused.get() == 0; pass++) {
			assertThat(pass).as("passes before the socket refused").isLessThan(100_000);
			for (int i = 0; i < 10; i++) {
				byte[] reply = chunk('r', pass * 10 + i, 1000);
				a.output.write(reply);
				expected.writeBytes(reply);
			}
			this.deferred.writeAll();
		}
		assertThat(a.output.hasPending()).isTrue();
		byte[] later = bytes("after the refusal");
		a.output.write(later); // queued behind what was refused, never deferred ahead of it
		expected.writeBytes(later);
		this.deferred.writeAll();

		ByteArrayOutputStream received = new ByteArrayOutputStream();
		while (received.size() < expected.size()) {
			received.writeBytes(readAvailable(a.peer));
			a.output.flushPending(); // what the loop does when the socket is writable again
		}
		assertThat(a.output.hasPending()).isFalse();
		assertThat(received.toByteArray()).isEqualTo(expected.toByteArray());
	}

	@Test
	void aWriteToAResetClientFailsThatConnectionOnly() throws IOException {
		Pair gone = pair();
		Pair other = pair();
		gone.peer.setOption(StandardSocketOptions.SO_LINGER, 0);
		gone.peer.close(); // a reset
		for (int pass = 0; gone.failed.get() == null; pass++) {
			assertThat(pass).as("passes before the reset was seen").isLessThan(1_000);
			gone.output.write(bytes("+OK\r\n"));
			other.output.write(bytes("+OK\r\n"));
			this.deferred.writeAll();
		}
		assertThat(gone.failed.get()).isInstanceOf(IOException.class);
		assertThat(other.failed.get()).isNull();
		assertThat(readExactly(other.peer, 5)).isEqualTo(bytes("+OK\r\n"));
	}

	/** A server-side channel with its output, and the client end it writes to. */
	private final class Pair implements NonBlockingChannelOutput.Listener {

		final NonBlockingChannelOutput output;

		final SocketChannel peer;

		final AtomicInteger refused = new AtomicInteger();

		final AtomicReference<IOException> failed = new AtomicReference<>();

		final ByteArrayOutputStream received = new ByteArrayOutputStream();

		Pair(SocketChannel serverSide, SocketChannel peer) {
			this.output = new NonBlockingChannelOutput(ConnectionChannel.plain(serverSide), DeferredRepliesTest.this.deferred, this);
			this.peer = peer;
		}

		@Override
		public void writeRefused() {
			this.refused.incrementAndGet();
		}

		@Override
		public void writeFailed(IOException ex) {
			this.failed.compareAndSet(null, ex);
		}

	}

	private Pair pair() throws IOException {
		SocketChannel peer = SocketChannel.open(this.server.getLocalAddress());
		SocketChannel serverSide = this.server.accept();
		serverSide.configureBlocking(false);
		peer.configureBlocking(false);
		this.channels.add(peer);
		this.channels.add(serverSide);
		return new Pair(serverSide, peer);
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

	private static byte[] chunk(char tag, int index, int size) {
		byte[] chunk = new byte[size];
		for (int i = 0; i < size; i++) {
			chunk[i] = (byte) (tag + index * 7 + i);
		}
		return chunk;
	}

	/** What the peer can read without waiting. */
	private static byte[] readAvailable(SocketChannel peer) throws IOException {
		ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
		ByteArrayOutputStream read = new ByteArrayOutputStream();
		int n;
		while ((n = peer.read(buffer)) > 0) {
			read.write(buffer.array(), 0, n);
			buffer.clear();
		}
		return read.toByteArray();
	}

	/** Exactly {@code size} bytes, polling the non-blocking peer until they are there or 10 s have passed. */
	private static byte[] readExactly(SocketChannel peer, int size) throws IOException {
		ByteBuffer buffer = ByteBuffer.allocate(size);
		long deadline = System.nanoTime() + 10_000_000_000L;
		while (buffer.hasRemaining()) {
			assertThat(peer.read(buffer)).as("end of stream").isNotNegative();
			assertThat(System.nanoTime()).as("%d of %d bytes after 10 s", buffer.position(), size).isLessThan(deadline);
			Thread.onSpinWait();
		}
		return buffer.array();
	}

}
