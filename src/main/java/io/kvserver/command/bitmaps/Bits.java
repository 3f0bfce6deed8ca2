package io.kvserver.command.bitmaps;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The bit-level work on a string's bytes, in Redis's bit order: bit 0 is the most significant bit
 * of the first byte (bitops.c). Counting and searching step eight bytes at a time, as a 512 MB
 * bitmap is a string Redis allows.
 */
final class Bits {

	private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

	private Bits() {
	}

	/** The bits set in {@code count} bytes from {@code from} (Redis's redisPopcount). */
	static long popcount(byte[] bytes, int from, int count) {
		long bits = 0;
		int i = from;
		int end = from + count;
		for (; i + 8 <= end; i += 8) {
			bits += Long.bitCount((long) LONGS.get(bytes, i));
		}
		for (; i < end; i++) {
			bits += Integer.bitCount(bytes[i] & 0xff);
		}
		return bits;
	}

	/**
	 * The position of the first bit equal to {@code bit} in {@code count} bytes from {@code from},
	 * counted from {@code from}'s first bit (Redis's redisBitpos). With no such bit: -1 when
	 * looking for a 1, and {@code count * 8} when looking for a 0, as if zeros followed the bytes.
	 */
	static long bitpos(byte[] bytes, int from, int count, int bit) {
		long skipped = bit == 1 ? 0 : -1L;
		int i = from;
		int end = from + count;
		while (i + 8 <= end && (long) LONGS.get(bytes, i) == skipped) {
			i += 8;
		}
		while (i < end && bytes[i] == (byte) skipped) {
			i++;
		}
		if (i == end) {
			return bit == 1 ? -1 : (long) count * 8;
		}
		int value = bytes[i] & 0xff;
		int found = bit == 1 ? value : ~value & 0xff;
		return (long) (i - from) * 8 + Integer.numberOfLeadingZeros(found) - 24;
	}

	/** The bit at this offset, 0 past the end of the string. */
	static int get(byte[] bytes, int length, long offset) {
		long index = offset >>> 3;
		if (index >= length) {
			return 0;
		}
		return (bytes[(int) index] >> (7 - (int) (offset & 7))) & 1;
	}

	/** Sets or clears the bit at this offset, which the string reaches. */
	static void set(byte[] bytes, long offset, int bit) {
		int index = (int) (offset >>> 3);
		int mask = 1 << (7 - (int) (offset & 7));
		bytes[index] = (byte) (bit == 1 ? bytes[index] | mask : bytes[index] & ~mask);
	}

	/** The unsigned integer of {@code bits} bits (1..64) at the bit offset; bits past the string read as 0. */
	static long getUnsigned(byte[] bytes, int length, long offset, int bits) {
		long value = 0;
		for (int j = 0; j < bits; j++) {
			value = (value << 1) | get(bytes, length, offset + j);
		}
		return value;
	}

	/** The signed (two's complement) integer of {@code bits} bits at the bit offset. */
	static long getSigned(byte[] bytes, int length, long offset, int bits) {
		long value = getUnsigned(bytes, length, offset, bits);
		if (bits < 64 && (value & (1L << (bits - 1))) != 0) {
			value |= -1L << bits;
		}
		return value;
	}

	/** Writes the low {@code bits} bits of the value at the bit offset, which the string reaches. */
	static void setBits(byte[] bytes, long offset, int bits, long value) {
		for (int j = 0; j < bits; j++) {
			set(bytes, offset + j, (int) (value >>> (bits - 1 - j)) & 1);
		}
	}

}
