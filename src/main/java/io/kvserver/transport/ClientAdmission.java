package io.kvserver.transport;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongPredicate;

import io.kvserver.metrics.ServerStats;

/**
 * Redis's admission control (acceptCommonHandler in networking.c): a connection that arrives while
 * maxclients clients are connected is answered {@code -ERR max number of clients reached} and closed
 * before any client exists for it, so it never shows in connected_clients or
 * total_connections_received, only in rejected_connections.
 * <p>
 * The count is kept here, on the accepting side, rather than read from the sessions: a session is
 * opened by the connection-open event, which the blocking factory publishes from the connection's
 * own thread once it starts, so a burst of connects would all see the count from before the burst.
 * A connection counts from the moment it is admitted until Spring Integration reports it closed,
 * which it does exactly once per connection on every transport ({@link ConnectionTracker}).
 */
final class ClientAdmission {

	/** Redis 7.0.15's bytes, checked against a real redis-server started with {@code --maxclients 2}. */
	private static final byte[] REFUSAL = "-ERR max number of clients reached\r\n".getBytes(StandardCharsets.US_ASCII);

	private final LongPredicate admits;

	private final ServerStats stats;

	private final AtomicInteger connected = new AtomicInteger();

	/**
	 * @param admits whether a new client may join this many connected ones (maxclients)
	 * @param stats where refusals are counted
	 */
	ClientAdmission(LongPredicate admits, ServerStats stats) {
		this.admits = admits;
		this.stats = stats;
	}

	/**
	 * On the accepting thread, before a connection is built for the socket.
	 * @return true if admitted (it counts from now on), false if refused (the socket is answered and closed)
	 */
	boolean admit(Socket socket) {
		int current;
		do {
			current = this.connected.get();
			if (!this.admits.test(current)) {
				refuse(socket);
				return false;
			}
		}
		while (!this.connected.compareAndSet(current, current + 1));
		return true;
	}

	/**
	 * One write, errors ignored, then close: Redis's best effort. A fresh socket's send buffer is
	 * empty, so the write cannot block. Counted first, so a client that has seen the close finds it
	 * in INFO.
	 */
	private void refuse(Socket socket) {
		this.stats.connectionRejected();
		try (socket) {
			socket.getOutputStream().write(REFUSAL);
		}
		catch (IOException ex) {
			// the client may be gone already; Redis ignores the failure too
		}
	}

	/** An admitted connection has closed: its place is free. */
	void released() {
		this.connected.decrementAndGet();
	}

	/** Connections admitted and not yet closed. */
	int connected() {
		return this.connected.get();
	}

}
