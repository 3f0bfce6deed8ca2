package io.kvserver.transport;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Arrays;

/**
 * A non-blocking socket as the output stream replies are serialized to. What the socket does not
 * take at once is copied aside (the reply buffer is reused for the next batch) and written when
 * the socket is writable again; until then the connection reads no more requests, so a client
 * that does not read its replies holds at most one batch of them in the server.
 */
final class NonBlockingChannelOutput extends OutputStream {

	private final SocketChannel channel;

	private ByteBuffer pending;

	NonBlockingChannelOutput(SocketChannel channel) {
		this.channel = channel;
	}

	@Override
	public void write(byte[] b, int off, int len) throws IOException {
		if (this.pending != null) {
			append(b, off, len);
			return;
		}
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

	/** Writes what is left over from earlier; true once nothing is. */
	boolean flushPending() throws IOException {
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
		return this.pending != null;
	}

	private void append(byte[] b, int off, int len) {
		ByteBuffer grown = ByteBuffer.allocate(this.pending.remaining() + len);
		grown.put(this.pending).put(b, off, len).flip();
		this.pending = grown;
	}

}
