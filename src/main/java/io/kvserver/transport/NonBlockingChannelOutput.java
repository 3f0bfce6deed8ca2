package io.kvserver.transport;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * A non-blocking socket as the output stream replies are serialized to. What the socket does not
 * take at once is copied aside (the reply buffer is reused for the next batch) and written when
 * the socket is writable again; until then the connection reads no more requests, so a client
 * that does not read its replies holds at most one batch of them in the server.
 * <p>
 * With {@link DeferredReplies}, small writes wait in the loop's buffer until the end of the loop's
 * pass; what the socket then refuses is kept aside the same way, and the listener told.
 */
final class NonBlockingChannelOutput extends OutputStream {

	/** Told what became of deferred bytes, which are written outside the connection's own calls. */
	interface Listener {

		/** The socket took part of the bytes; the rest waits for it to be writable. */
		void writeRefused();

		/** The client is gone. */
		void writeFailed(IOException ex);

	}

	private final ConnectionChannel channel;

	private final DeferredReplies deferred;

	private final Listener listener;

	private @Nullable ByteBuffer pending;

	// Where this output's bytes are in the loop's deferred buffer, and whether it is on its list: kept by DeferredReplies.
	int deferredStart;

	int deferredLength;

	boolean waiting;

	NonBlockingChannelOutput(ConnectionChannel channel, DeferredReplies deferred, Listener listener) {
		this.channel = channel;
		this.deferred = deferred;
		this.listener = listener;
	}

	Listener listener() {
		return this.listener;
	}

	@Override
	public void write(byte[] b, int off, int len) throws IOException {
		if (this.pending == null && this.deferred.defer(this, b, off, len)) {
			return;
		}
		writeDeferred(); // earlier bytes first
		if (this.pending != null) {
			append(b, off, len);
			return;
		}
		this.deferred.beforeWrite();
		ByteBuffer buffer = ByteBuffer.wrap(b, off, len);
		this.channel.write(buffer);
		if (buffer.hasRemaining()) {
			this.pending = ByteBuffer.wrap(Arrays.copyOfRange(b, buffer.position(), off + len));
		}
	}

	@Override
	public void write(int b) throws IOException {
		write(new byte[] { (byte) b }, 0, 1);
	}

	/** Writes the bytes waiting in the loop's deferred buffer now, keeping aside what the socket refuses. */
	void writeDeferred() throws IOException {
		if (this.deferredLength == 0) {
			return;
		}
		this.deferred.beforeWrite();
		ByteBuffer buffer = this.deferred.deferredOf(this);
		this.deferredLength = 0;
		if (!this.channel.isOpen()) {
			return; // closed meanwhile (CLIENT KILL): nobody to tell
		}
		this.channel.write(buffer);
		if (buffer.hasRemaining()) {
			this.pending = ByteBuffer.allocate(buffer.remaining()).put(buffer).flip();
		}
	}

	/** Writes what is left over from earlier; true once nothing is. */
	boolean flushPending() throws IOException {
		if (this.channel.hasUnflushedOutput()) {
			this.channel.flushOutput(); // TLS records encrypted earlier go first
			if (this.channel.hasUnflushedOutput()) {
				return false;
			}
		}
		if (this.pending != null) {
			this.channel.write(this.pending);
			if (this.pending.hasRemaining()) {
				return false;
			}
			this.pending = null;
		}
		return true;
	}

	boolean hasPending() {
		return this.pending != null || this.channel.hasUnflushedOutput();
	}

	private void append(byte[] b, int off, int len) {
		ByteBuffer grown = ByteBuffer.allocate(this.pending.remaining() + len);
		grown.put(this.pending).put(b, off, len).flip();
		this.pending = grown;
	}

}
