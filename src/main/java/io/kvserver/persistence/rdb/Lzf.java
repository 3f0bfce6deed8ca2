package io.kvserver.persistence.rdb;

import java.util.Arrays;

import com.ning.compress.lzf.LZFException;
import com.ning.compress.lzf.impl.VanillaChunkDecoder;

/**
 * LZF blocks as Redis stores compressed strings: liblzf's raw format, with no chunk headers.
 * Decoding uses the compress-lzf library (its raw decoder reads any valid block). Encoding is
 * liblzf's own algorithm as Redis builds it ({@code lzf_c.c} with HLOG 16, VERY_FAST, no
 * ULTRA_FAST): the format leaves the choice of back references to the encoder, and compress-lzf's
 * encoder chooses differently (another hash, no re-hashing after a match), so only this one gives
 * the bytes Redis writes in a dump or a DUMP payload. Not thread-safe: one instance per writer.
 */
public final class Lzf {

	/** liblzf's largest expansion: a three-byte back reference stands for up to 264 bytes. */
	static final int MAX_EXPANSION = 88;

	private static final int HLOG = 16;

	private static final int HSIZE = 1 << HLOG;

	private static final int MAX_LIT = 1 << 5;

	private static final int MAX_OFF = 1 << 13;

	private static final int MAX_REF = (1 << 8) + (1 << 3);

	/**
	 * Positions plus one of the last three-byte sequence seen per hash, 0 for none. liblzf leaves
	 * its table uninitialised (it only takes a reference that lies inside the input, before the
	 * current position, whose bytes match); cleared per call here, which is the deterministic case.
	 */
	private final int[] table = new int[HSIZE];

	private final VanillaChunkDecoder decoder = new VanillaChunkDecoder();

	private byte[] scratch = new byte[256];

	/**
	 * Compresses {@code length} bytes as Redis's rdbSaveLzfStringObject would keep them: into at
	 * most {@code length - 4} bytes, or not at all.
	 * @return the compressed length, the bytes in {@link #output()}; 0 if not worth it
	 */
	public int compress(byte[] bytes, int offset, int length) {
		if (length <= 4) {
			return 0;
		}
		if (this.scratch.length < length) {
			this.scratch = new byte[length];
		}
		return compress(bytes, offset, length, this.scratch, length - 4);
	}

	/** The bytes of the last {@link #compress}. */
	public byte[] output() {
		return this.scratch;
	}

	/** lzf_compress: 0 when the output would not fit {@code outLength} bytes. */
	int compress(byte[] in, int inOffset, int inLength, byte[] out, int outLength) {
		if (inLength == 0 || outLength == 0) {
			return 0;
		}
		int[] htab = this.table;
		Arrays.fill(htab, 0);
		int ip = inOffset;
		int inEnd = inOffset + inLength;
		int op = 0;
		int outEnd = outLength;
		int lit = 0;
		op++; // start run
		int hval = inLength < 2 ? 0 : ((in[ip] & 0xFF) << 8) | (in[ip + 1] & 0xFF);
		while (ip < inEnd - 2) {
			hval = (hval << 8) | (in[ip + 2] & 0xFF);
			int slot = index(hval);
			int ref = htab[slot] - 1; // -1: none
			htab[slot] = ip - inOffset + 1;
			int off = ip - (inOffset + ref) - 1;
			if (ref > 0 && off >= 0 && off < MAX_OFF && in[inOffset + ref + 2] == in[ip + 2]
					&& in[inOffset + ref] == in[ip] && in[inOffset + ref + 1] == in[ip + 1]) {
				int r = inOffset + ref;
				int len = 2;
				int maxlen = inEnd - ip - len;
				if (maxlen > MAX_REF) {
					maxlen = MAX_REF;
				}
				if (op + 3 + 1 >= outEnd && op - (lit == 0 ? 1 : 0) + 3 + 1 >= outEnd) {
					return 0;
				}
				out[op - lit - 1] = (byte) (lit - 1); // stop run
				op -= lit == 0 ? 1 : 0; // undo run if length is zero
				boolean mismatch = false;
				if (maxlen > 16) { // liblzf's unrolled first 16 steps, which may run past maxlen
					for (int k = 0; k < 16 && !mismatch; k++) {
						len++;
						mismatch = in[r + len] != in[ip + len];
					}
				}
				if (!mismatch) {
					do {
						len++;
					}
					while (len < maxlen && in[r + len] == in[ip + len]);
				}
				len -= 2; // len is now #octets - 1
				ip++;
				if (len < 7) {
					out[op++] = (byte) ((off >>> 8) + (len << 5));
				}
				else {
					out[op++] = (byte) ((off >>> 8) + (7 << 5));
					out[op++] = (byte) (len - 7);
				}
				out[op++] = (byte) off;
				lit = 0;
				op++; // start run
				ip += len + 1;
				if (ip >= inEnd - 2) {
					break;
				}
				// VERY_FAST: hash the last two positions of the match only
				ip -= 2;
				hval = ((in[ip] & 0xFF) << 8) | (in[ip + 1] & 0xFF);
				hval = (hval << 8) | (in[ip + 2] & 0xFF);
				htab[index(hval)] = ip - inOffset + 1;
				ip++;
				hval = (hval << 8) | (in[ip + 2] & 0xFF);
				htab[index(hval)] = ip - inOffset + 1;
				ip++;
			}
			else {
				if (op >= outEnd) {
					return 0;
				}
				lit++;
				out[op++] = in[ip++];
				if (lit == MAX_LIT) {
					out[op - lit - 1] = (byte) (lit - 1); // stop run
					lit = 0;
					op++; // start run
				}
			}
		}
		if (op + 3 > outEnd) { // at most 3 bytes can be missing here
			return 0;
		}
		while (ip < inEnd) {
			lit++;
			out[op++] = in[ip++];
			if (lit == MAX_LIT) {
				out[op - lit - 1] = (byte) (lit - 1);
				lit = 0;
				op++;
			}
		}
		out[op - lit - 1] = (byte) (lit - 1); // end run
		op -= lit == 0 ? 1 : 0;
		return op;
	}

	private static int index(int hval) {
		return ((hval >>> (3 * 8 - HLOG)) - hval * 5) & (HSIZE - 1);
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

}
