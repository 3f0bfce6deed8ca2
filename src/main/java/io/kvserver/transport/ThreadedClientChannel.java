package io.kvserver.transport;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.integration.ip.IpHeaders;
import org.springframework.integration.ip.tcp.connection.TcpListener;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.GenericMessage;

import io.kvserver.command.ClientChannel;
import io.kvserver.metrics.CloseReason;
import io.kvserver.protocol.RequestBatch;

/**
 * The {@link ClientChannel} of a connection whose batches run on a thread of their own ({@code net},
 * {@code nio}). The connection's thread keeps reading while its client is blocked, so a hang-up is
 * noticed; batches that arrive meanwhile are held back, up to the query buffer limit. Replies for
 * the client and its resumption are run by a short-lived virtual thread, which takes the same turn
 * as the connection's own batches, so writes never interleave and the server never waits for a
 * slow client while it holds the database lock.
 */
final class ThreadedClientChannel implements ClientChannel {

	private static final Log LOGGER = LogFactory.getLog(ThreadedClientChannel.class);

	/** In the inbox: resume, rather than bytes to write. */
	private static final byte[] RESUME = new byte[0];

	/** What the channel needs of its connection. */
	interface Connection {

		/** The listener every batch goes to (the inbound adapter). */
		TcpListener flow();

		/** The headers of this connection's messages. */
		ConnectionHeaders messageHeaders();

		/** Writes bytes to the client, blocking until they are taken. */
		void write(byte[] bytes) throws IOException;

		/** Held-back input beyond this many bytes closes the connection, as Redis's client-query-buffer-limit. */
		long heldBackLimit();

		void closing(CloseReason reason);

		void close();

	}

	private final Connection connection;

	/** Held while a batch of this connection runs, and while replies are sent to it from elsewhere. */
	private final ReentrantLock turn = new ReentrantLock();

	/** Guarded by {@link #turn}. */
	private boolean paused;

	/** Batches that arrived while the client was blocked; guarded by {@link #turn}. */
	private final Queue<Message<?>> held = new ArrayDeque<>();

	private long heldBytes;

	private final Queue<byte[]> inbox = new ConcurrentLinkedQueue<>();

	private final AtomicBoolean delivering = new AtomicBoolean();

	ThreadedClientChannel(Connection connection) {
		this.connection = connection;
	}

	/** The listener the connection hands its batches to: it runs them in turn, or holds them while the client is blocked. */
	TcpListener listener(TcpListener flow) {
		return message -> {
			this.turn.lock();
			try {
				if (!this.paused && this.held.isEmpty()) {
					flow.onMessage(message);
					return;
				}
				this.held.add(message);
				this.heldBytes += sizeOf(message);
				if (this.heldBytes > this.connection.heldBackLimit()) {
					LOGGER.warn("Closing blocked client " + this.connection.messageHeaders().get(IpHeaders.CONNECTION_ID)
							+ " that reached max query buffer length");
					this.held.clear();
					this.connection.closing(CloseReason.QUERY_BUFFER_LIMIT);
					this.connection.close();
				}
			}
			finally {
				this.turn.unlock();
			}
		};
	}

	private static long sizeOf(Message<?> message) {
		long size = 0;
		if (message.getPayload() instanceof RequestBatch batch) {
			for (byte[][] argv : batch.requests()) {
				for (byte[] arg : argv) {
					size += arg.length + 16;
				}
			}
		}
		return size;
	}

	@Override
	public void pause() {
		this.paused = true; // on the connection's thread, inside its turn
	}

	@Override
	public void send(byte[] replies) {
		post(replies);
	}

	@Override
	public void resume() {
		post(RESUME);
	}

	private void post(byte[] item) {
		this.inbox.add(item);
		if (this.delivering.compareAndSet(false, true)) {
			Thread.ofVirtual().name("kvserver-deliver").start(this::deliver);
		}
	}

	/** Sends what is in the inbox, and runs what waited if the client was resumed; one delivery at a time. */
	private void deliver() {
		do {
			this.turn.lock();
			try {
				byte[] item;
				while ((item = this.inbox.poll()) != null) {
					if (item == RESUME) {
						resumeInTurn();
					}
					else {
						this.connection.write(item);
					}
				}
			}
			catch (IOException | RuntimeException ex) {
				LOGGER.debug("Delivering to a client failed; closing it", ex);
				this.inbox.clear();
				this.connection.closing(CloseReason.CLIENT_RESET);
				this.connection.close();
			}
			finally {
				this.turn.unlock();
			}
			this.delivering.set(false);
		}
		while (!this.inbox.isEmpty() && this.delivering.compareAndSet(false, true));
	}

	private void resumeInTurn() {
		this.paused = false;
		TcpListener flow = this.connection.flow();
		flow.onMessage(new GenericMessage<>(RequestBatch.RESUME, this.connection.messageHeaders()));
		Message<?> next;
		while (!this.paused && (next = this.held.poll()) != null) {
			this.heldBytes -= sizeOf(next);
			flow.onMessage(next);
		}
	}

}
