package io.kvserver.store.encoding;

import java.util.Arrays;

/**
 * Reads the encoded blob out of a {@code DUMP} payload of a compact collection: the RDB type byte,
 * the blob as an RDB string (uncompressed: the reference server runs with rdbcompression off), then
 * the 2-byte RDB version and the 8-byte CRC64, which are ignored here.
 */
final class EncodingDumps {

	private EncodingDumps() {
	}

	static byte[] blob(byte[] dump, int expectedType) {
		if ((dump[0] & 0xff) != expectedType) {
			throw new IllegalArgumentException("RDB type " + (dump[0] & 0xff) + ", expected " + expectedType);
		}
		int b = dump[1] & 0xff;
		int at;
		long length;
		switch (b >> 6) {
			case 0 -> {
				length = b & 0x3f;
				at = 2;
			}
			case 1 -> {
				length = ((b & 0x3f) << 8) | (dump[2] & 0xff);
				at = 3;
			}
			case 2 -> {
				int bytes = b == 0x80 ? 4 : 8;
				length = 0;
				for (int i = 0; i < bytes; i++) {
					length = (length << 8) | (dump[2 + i] & 0xff);
				}
				at = 2 + bytes;
			}
			default -> throw new IllegalArgumentException("a compressed or integer-encoded RDB string: " + b);
		}
		if (at + length + 10 != dump.length) {
			throw new IllegalArgumentException("payload of " + dump.length + " bytes for a blob of " + length);
		}
		return Arrays.copyOfRange(dump, at, (int) (at + length));
	}

}
