package io.kvserver.transport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * A non-blocking socket as the input stream the decoder reads from, allowing one read of the socket
 * per readiness event. A read with nothing to give returns 0, which the decoder answers with
 * {@code RequestBatch.NONE}; so does every read after the first in one turn, which is what stops a
 * client that never pauses from keeping its event loop to itself (Redis also reads a client once
 * per event).
 */
final class NonBlockingChannelInput extends InputStream {

	private final SocketChannel channel;

	private boolean readAllowed;

	NonBlockingChannelInput(SocketChannel channel) {
		this.channel = channel;
	}

	/** The socket reported readable: the next read may go to it. */
	void allowOneRead() {
		this.readAllowed = true;
	}

	@Override
	public int read(byte[] b, int off, int len) throws IOException {
		if (!this.readAllowed || len == 0) {
			return 0;
		}
		this.readAllowed = false;
		return this.channel.read(ByteBuffer.wrap(b, off, len));
	}

	@Override
	public int read() throws IOException {
		throw new UnsupportedOperationException("the decoder reads in blocks");
	}

}
