package io.kvserver.transport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/**
 * A connection's channel as the input stream the decoder reads from. A read with nothing to give
 * returns 0, which the decoder answers with {@code RequestBatch.NONE}; the channel rations socket
 * reads to one per readiness event ({@link ConnectionChannel#allowOneRead}).
 */
final class NonBlockingChannelInput extends InputStream {

	private final ConnectionChannel channel;

	NonBlockingChannelInput(ConnectionChannel channel) {
		this.channel = channel;
	}

	/** The socket reported readable: the next read may go to it. */
	void allowOneRead() {
		this.channel.allowOneRead();
	}

	@Override
	public int read(byte[] b, int off, int len) throws IOException {
		if (len == 0) {
			return 0;
		}
		return this.channel.read(ByteBuffer.wrap(b, off, len));
	}

	@Override
	public int read() throws IOException {
		throw new UnsupportedOperationException("the decoder reads in blocks");
	}

}
