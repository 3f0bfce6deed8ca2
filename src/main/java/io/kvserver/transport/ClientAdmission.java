package io.kvserver.transport;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongPredicate;
import java.util.function.Predicate;

import io.kvserver.metrics.ServerStats;

/**
 * Redis's admission control (acceptCommonHandler and clientAcceptHandler in networking.c): a
 * connection that arrives while maxclients clients are connected is answered
 * {@code -ERR max number of clients reached}, and one protected mode refuses (from an address other
 * than 127.0.0.1 or ::1 while the default user has no password) Redis's {@code -DENIED} text; either
 * is closed before any client exists for it, so it never shows in connected_clients or
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

	/** Redis 7.0.15's text for a client refused by protected mode (networking.c, clientAcceptHandler). */
	static final byte[] DENIED = ("-DENIED Redis is running in protected mode because protected "
			+ "mode is enabled and no password is set for the default user. "
			+ "In this mode connections are only accepted from the loopback interface. "
			+ "If you want to connect from external computers to Redis you "
			+ "may adopt one of the following solutions: "
			+ "1) Just disable protected mode sending the command "
			+ "'CONFIG SET protected-mode no' from the loopback interface "
			+ "by connecting to Redis from the same host the server is "
			+ "running, however MAKE SURE Redis is not publicly accessible "
			+ "from internet if you do so. Use CONFIG REWRITE to make this "
			+ "change permanent. "
			+ "2) Alternatively you can just disable the protected mode by "
			+ "editing the Redis configuration file, and setting the protected "
			+ "mode option to 'no', and then restarting the server. "
			+ "3) If you started the server manually just for testing, restart "
			+ "it with the '--protected-mode no' option. "
			+ "4) Setup a an authentication password for the default user. "
			+ "NOTE: You only need to do one of the above things in order for "
			+ "the server to start accepting connections from the outside.\r\n").getBytes(StandardCharsets.US_ASCII);

	private final LongPredicate admits;

	private final Predicate<InetAddress> protectedModeDenies;

	private final ServerStats stats;

	private final AtomicInteger connected = new AtomicInteger();

	/**
	 * @param admits whether a new client may join this many connected ones (maxclients)
	 * @param protectedModeDenies whether protected mode refuses a client from this address
	 * @param stats where refusals are counted
	 */
	ClientAdmission(LongPredicate admits, Predicate<InetAddress> protectedModeDenies, ServerStats stats) {
		this.admits = admits;
		this.protectedModeDenies = protectedModeDenies;
		this.stats = stats;
	}

	/**
	 * On the accepting thread, before a connection is built for the socket: maxclients first, then
	 * protected mode, in Redis's order.
	 * @return true if admitted (it counts from now on), false if refused (the socket is answered and closed)
	 */
	boolean admit(Socket socket) {
		return admit(socket, false);
	}

	/**
	 * @param tls whether the socket speaks TLS: a refusal is then a plain close (the text could not be
	 * read before a handshake), and protected mode waits for the handshake (the connection asks
	 * {@link #deniedByProtectedMode} then, as Redis checks it after the handshake)
	 */
	boolean admit(Socket socket, boolean tls) {
		int current;
		do {
			current = this.connected.get();
			if (!this.admits.test(current)) {
				refuse(socket, tls ? new byte[0] : REFUSAL);
				return false;
			}
		}
		while (!this.connected.compareAndSet(current, current + 1));
		if (!tls && deniedByProtectedMode(socket.getInetAddress())) {
			released();
			refuse(socket, DENIED);
			return false;
		}
		return true;
	}

	/** Whether protected mode refuses a client from this address (a TLS connection is told after its handshake). */
	boolean deniedByProtectedMode(InetAddress remote) {
		return remote != null && this.protectedModeDenies.test(remote);
	}

	/** A refused TLS client: counted as Redis counts it; the connection writes the text itself. */
	void refusedByProtectedMode() {
		this.stats.connectionRejected();
	}

	/**
	 * The text, then an orderly close, on a virtual thread of its own so that the accepting thread
	 * never waits on a client. Counted first, so a client that has seen the close finds it in INFO.
	 * What the client already sent is read and dropped before the close: closing with unread input
	 * makes the kernel reset the connection, and a client that sent a command at once (as clients
	 * do) would then lose the text. At most {@link #DRAIN_BYTES} are read, for at most a second.
	 */
	private void refuse(Socket socket, byte[] text) {
		this.stats.connectionRejected();
		Thread.ofVirtual().name("kvserver-refusal").start(() -> {
			try (socket) {
				socket.getOutputStream().write(text);
				socket.shutdownOutput();
				socket.setSoTimeout(1000);
				InputStream in = socket.getInputStream();
				byte[] sink = new byte[4096];
				int drained = 0;
				int n;
				while (drained < DRAIN_BYTES && (n = in.read(sink)) > 0) {
					drained += n;
				}
			}
			catch (IOException ex) {
				// the client may be gone already; Redis ignores the failure too
			}
		});
	}

	/** Most a refused client's early bytes that are read before its connection closes. */
	private static final int DRAIN_BYTES = 64 * 1024;

	/** An admitted connection has closed: its place is free. */
	void released() {
		this.connected.decrementAndGet();
	}

	/** Connections admitted and not yet closed. */
	int connected() {
		return this.connected.get();
	}

}
