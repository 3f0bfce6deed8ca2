package io.kvserver.persistence.rdb;

/**
 * The CRC-64 Redis puts at the end of an RDB file and of a DUMP payload: the Jones polynomial
 * (0xad93d23594c935a9), reflected, starting from 0, no final xor (Redis's crc64.c). No library on
 * Maven Central computes this variant, so it is here, table-driven eight bytes at a time.
 */
public final class Crc64 {

	/** The polynomial, bit-reversed for the reflected (least significant bit first) computation. */
	private static final long REFLECTED_POLY = Long.reverse(0xad93d23594c935a9L);

	/** TABLES[k][b]: the CRC of byte b followed by k zero bytes. */
	private static final long[][] TABLES = new long[8][256];

	static {
		for (int b = 0; b < 256; b++) {
			long crc = b;
			for (int bit = 0; bit < 8; bit++) {
				crc = (crc & 1) != 0 ? (crc >>> 1) ^ REFLECTED_POLY : crc >>> 1;
			}
			TABLES[0][b] = crc;
		}
		for (int b = 0; b < 256; b++) {
			long crc = TABLES[0][b];
			for (int k = 1; k < 8; k++) {
				crc = TABLES[0][(int) (crc & 0xff)] ^ (crc >>> 8);
				TABLES[k][b] = crc;
			}
		}
	}

	private Crc64() {
	}

	/** The CRC of {@code crc}'s input followed by these bytes ({@code crc} 0 to start). */
	public static long update(long crc, byte[] bytes, int offset, int length) {
		int i = offset;
		int end = offset + length;
		long[] t0 = TABLES[0], t1 = TABLES[1], t2 = TABLES[2], t3 = TABLES[3];
		long[] t4 = TABLES[4], t5 = TABLES[5], t6 = TABLES[6], t7 = TABLES[7];
		while (end - i >= 8) {
			crc ^= (bytes[i] & 0xffL) | (bytes[i + 1] & 0xffL) << 8 | (bytes[i + 2] & 0xffL) << 16
					| (bytes[i + 3] & 0xffL) << 24 | (bytes[i + 4] & 0xffL) << 32 | (bytes[i + 5] & 0xffL) << 40
					| (bytes[i + 6] & 0xffL) << 48 | (bytes[i + 7] & 0xffL) << 56;
			crc = t7[(int) (crc & 0xff)] ^ t6[(int) ((crc >>> 8) & 0xff)] ^ t5[(int) ((crc >>> 16) & 0xff)]
					^ t4[(int) ((crc >>> 24) & 0xff)] ^ t3[(int) ((crc >>> 32) & 0xff)]
					^ t2[(int) ((crc >>> 40) & 0xff)] ^ t1[(int) ((crc >>> 48) & 0xff)] ^ t0[(int) (crc >>> 56)];
			i += 8;
		}
		while (i < end) {
			crc = t0[(int) ((crc ^ bytes[i++]) & 0xff)] ^ (crc >>> 8);
		}
		return crc;
	}

	public static long of(byte[] bytes, int offset, int length) {
		return update(0, bytes, offset, length);
	}

}
