package io.kvserver.transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.SocketChannel;

/**
 * A connection's socket as the event loop uses it: plain, or TLS over it. Reads are rationed to one
 * socket read per readiness event (see {@link #allowOneRead}); a read or write that cannot proceed
 * without the socket answers 0 instead of blocking.
 */
interface ConnectionChannel extends ByteChannel {

	/** The socket reported readable: the next read may take bytes from it. */
	void allowOneRead();

	/** Whether output is still held back (TLS records the socket did not take yet). */
	default boolean hasUnflushedOutput() {
		return false;
	}

	/** Writes held-back output; see {@link #hasUnflushedOutput()}. */
	default void flushOutput() throws IOException {
	}

	/** Whether the connection waits for the socket to be writable before it can read on (a TLS handshake). */
	default boolean readNeedsWritable() {
		return false;
	}

	/** A plain socket. */
	static ConnectionChannel plain(SocketChannel socket) {
		return new RationedSocket(socket);
	}

	/** The socket, giving one read per readiness event. */
	final class RationedSocket implements ConnectionChannel {

		private final SocketChannel socket;

		private boolean readAllowed;

		RationedSocket(SocketChannel socket) {
			this.socket = socket;
		}

		@Override
		public void allowOneRead() {
			this.readAllowed = true;
		}

		/**
		 * One read per readiness event, which is what stops a client that never pauses from keeping
		 * its event loop to itself (Redis also reads a client once per event).
		 */
		@Override
		public int read(ByteBuffer dst) throws IOException {
			if (!this.readAllowed || !dst.hasRemaining()) {
				return 0;
			}
			this.readAllowed = false;
			return this.socket.read(dst);
		}

		@Override
		public int write(ByteBuffer src) throws IOException {
			return this.socket.write(src);
		}

		@Override
		public boolean isOpen() {
			return this.socket.isOpen();
		}

		@Override
		public void close() throws IOException {
			this.socket.close();
		}

	}

}
