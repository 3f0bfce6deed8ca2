package io.kvserver.persistence.rdb;

import java.util.ArrayList;
import java.util.List;

import io.kvserver.util.Numbers;

/**
 * Redis's intset (intset.c): the element width (2, 4 or 8 bytes), the count, then the integers
 * sorted ascending, all little-endian. Redis stores a set of small integers this way, in memory and
 * in RDB.
 */
public final class Intset {

	private static final int HEADER = 8;

	private Intset() {
	}

	/** The members as decimal text, in the intset's (ascending) order. */
	public static List<byte[]> read(byte[] is) {
		if (is.length < HEADER) {
			throw corrupt();
		}
		int width = (int) Listpack.littleEndian(is, 0, 4);
		long count = Listpack.littleEndian(is, 4, 4);
		if ((width != 2 && width != 4 && width != 8) || HEADER + count * width != is.length || count == 0) {
			throw corrupt();
		}
		List<byte[]> members = new ArrayList<>((int) count);
		long previous = Long.MIN_VALUE;
		for (int i = 0; i < count; i++) {
			long value = Listpack.littleEndian(is, HEADER + i * width, width);
			value = (value << (64 - 8 * width)) >> (64 - 8 * width);
			if (i > 0 && value <= previous) {
				throw corrupt(); // must be sorted and unique, as intsetValidateIntegrity checks
			}
			previous = value;
			members.add(Numbers.toBytes(value));
		}
		return members;
	}

	/** An intset of the values (any order, no duplicates), in the narrowest width that holds them all. */
	public static byte[] write(long[] values) {
		long[] sorted = values.clone();
		java.util.Arrays.sort(sorted);
		int width = 2;
		for (long v : sorted) {
			if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
				width = 8;
				break;
			}
			if (v < Short.MIN_VALUE || v > Short.MAX_VALUE) {
				width = 4;
			}
		}
		byte[] is = new byte[HEADER + sorted.length * width];
		Listpack.putLittleEndian(is, 0, width, 4);
		Listpack.putLittleEndian(is, 4, sorted.length, 4);
		for (int i = 0; i < sorted.length; i++) {
			Listpack.putLittleEndian(is, HEADER + i * width, sorted[i], width);
		}
		return is;
	}

	private static RdbFormatException corrupt() {
		return new RdbFormatException("Intset integrity check failed.");
	}

}
