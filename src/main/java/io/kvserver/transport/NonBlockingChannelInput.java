package io.kvserver.transport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * A connection's channel as the input stream the decoder reads from. A read with nothing to give
 * returns 0, which the decoder answers with {@code RequestBatch.NONE}; the channel rations socket
 * reads to one per readiness event ({@link ConnectionChannel#allowOneRead}).
 */
final class NonBlockingChannelInput extends InputStream {

	private final ConnectionChannel channel;

	/** Bytes read while the client was blocked, given to the decoder before the socket's (Redis's query buffer). */
	private byte @Nullable [] stash;

	private int stashStart;

	private int stashEnd;

	NonBlockingChannelInput(ConnectionChannel channel) {
		this.channel = channel;
	}

	/**
	 * While the client is blocked: reads what the socket has into the stash, so that the socket is
	 * drained (a hang-up shows) while nothing is decoded.
	 * @return bytes read, -1 at end of stream
	 */
	int stash() throws IOException {
		if (this.stash == null) {
			this.stash = new byte[4096];
		}
		else if (this.stashEnd == this.stash.length) {
			this.stash = Arrays.copyOf(this.stash, (int) Math.min(this.stash.length * 2L, Integer.MAX_VALUE - 8));
		}
		this.channel.allowOneRead();
		int n = this.channel.read(ByteBuffer.wrap(this.stash, this.stashEnd, this.stash.length - this.stashEnd));
		if (n > 0) {
			this.stashEnd += n;
		}
		return n;
	}

	/** Bytes in the stash, not yet decoded. */
	long stashed() {
		return this.stashEnd - this.stashStart;
	}

	/** The socket reported readable: the next read may go to it. */
	void allowOneRead() {
		this.channel.allowOneRead();
	}

	@Override
	public int read(byte[] b, int off, int len) throws IOException {
		if (this.stashEnd > this.stashStart && len > 0) {
			int n = Math.min(len, this.stashEnd - this.stashStart);
			System.arraycopy(this.stash, this.stashStart, b, off, n);
			this.stashStart += n;
			if (this.stashStart == this.stashEnd) {
				this.stash = null;
				this.stashStart = 0;
				this.stashEnd = 0;
			}
			return n;
		}
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
