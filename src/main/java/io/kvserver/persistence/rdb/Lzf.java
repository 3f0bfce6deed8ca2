package io.kvserver.persistence.rdb;

import com.ning.compress.lzf.LZFException;
import com.ning.compress.lzf.impl.VanillaChunkDecoder;
import com.ning.compress.lzf.impl.VanillaChunkEncoder;

/**
 * LZF blocks as Redis stores compressed strings: liblzf's raw format, with no chunk headers. The
 * compress-lzf library implements that format (its "chunks" wrap the same raw blocks in a header
 * of their own), so the raw encoder and decoder are used directly. Not thread-safe: one instance
 * per writer.
 */
public final class Lzf {

	/** liblzf's largest expansion: a three-byte back reference stands for up to 264 bytes. */
	static final int MAX_EXPANSION = 88;

	private final RawEncoder encoder = new RawEncoder();

	private final VanillaChunkDecoder decoder = new VanillaChunkDecoder();

	private byte[] scratch = new byte[256];

	/**
	 * Compresses {@code length} bytes as Redis's rdbSaveLzfStringObject would keep them: only when
	 * the result is at least four bytes shorter.
	 * @return the compressed length, the bytes in {@link #output()}; 0 if not worth it
	 */
	public int compress(byte[] bytes, int offset, int length) {
		if (length <= 4) {
			return 0;
		}
		int room = length + length / 32 + 64;
		if (this.scratch.length < room) {
			this.scratch = new byte[room];
		}
		int compressed = this.encoder.compress(bytes, offset, offset + length, this.scratch);
		return compressed <= length - 4 ? compressed : 0;
	}

	/** The bytes of the last {@link #compress}. */
	public byte[] output() {
		return this.scratch;
	}

	/** Decompresses a block into exactly {@code into.length} bytes; throws if the block does not make that. */
	public void decompress(byte[] block, int offset, int length, byte[] into) {
		try {
			this.decoder.decodeChunk(block, offset, into, 0, into.length);
		}
		catch (LZFException | RuntimeException ex) {
			throw new RdbFormatException("Invalid LZF compressed string");
		}
	}

	/** The library's encoder, whose raw step is protected: reached through a subclass. */
	private static final class RawEncoder extends VanillaChunkEncoder {

		RawEncoder() {
			super(0xFFFF);
		}

		int compress(byte[] in, int from, int to, byte[] out) {
			return tryCompress(in, from, to, out, 0);
		}

	}

}
