package io.kvserver.protocol;

import java.io.InputStream;
import java.util.List;

/**
 * Hands out its bytes as a socket would: in segments of the given sizes (cycling through them),
 * where one read never returns bytes of two segments. Counts how often it was asked for more
 * after its bytes ran out.
 */
final class ChunkedInputStream extends InputStream {

	private final byte[] data;

	private final List<Integer> chunkSizes;

	private int pos;

	private int segments;

	private int segmentLeft;

	private int readsAtEnd;

	private int reads;

	ChunkedInputStream(byte[] data, List<Integer> chunkSizes) {
		if (chunkSizes.isEmpty() || chunkSizes.stream().anyMatch((size) -> size < 1)) {
			throw new IllegalArgumentException("chunk sizes must be positive: " + chunkSizes);
		}
		this.data = data;
		this.chunkSizes = chunkSizes;
	}

	static ChunkedInputStream oneByteAtATime(byte[] data) {
		return new ChunkedInputStream(data, List.of(1));
	}

	@Override
	public int read() {
		throw new UnsupportedOperationException("the decoder reads into its buffer");
	}

	@Override
	public int read(byte[] b, int off, int len) {
		if (len == 0) {
			throw new AssertionError("decoder asked for 0 bytes: it would spin");
		}
		this.reads++;
		if (this.pos == this.data.length) {
			this.readsAtEnd++;
			return -1;
		}
		if (this.segmentLeft == 0) {
			this.segmentLeft = this.chunkSizes.get(this.segments++ % this.chunkSizes.size());
		}
		int n = Math.min(Math.min(this.segmentLeft, len), this.data.length - this.pos);
		System.arraycopy(this.data, this.pos, b, off, n);
		this.pos += n;
		this.segmentLeft -= n;
		return n;
	}

	/** Bytes handed out so far. */
	int consumed() {
		return this.pos;
	}

	/** How many reads were made. */
	int reads() {
		return this.reads;
	}

	/** How many reads found the data exhausted, i.e. the decoder wanted more than there was. */
	int readsAtEnd() {
		return this.readsAtEnd;
	}

}
