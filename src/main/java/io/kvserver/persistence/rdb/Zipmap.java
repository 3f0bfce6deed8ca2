package io.kvserver.persistence.rdb;

import java.util.ArrayList;
import java.util.List;

/**
 * Redis's zipmap (zipmap.c), the small-hash encoding of RDB files from before Redis 2.6: read only,
 * into alternating fields and values.
 */
public final class Zipmap {

	private static final int BIGLEN = 254;

	private static final int END = 255;

	private Zipmap() {
	}

	public static List<byte[]> read(byte[] zm) {
		List<byte[]> fieldsAndValues = new ArrayList<>();
		int p = 1; // zmlen: a hint only
		while (true) {
			check(p + 1, zm.length);
			if ((zm[p] & 0xFF) == END) {
				p++;
				break;
			}
			// a field
			int[] at = { p };
			byte[] field = string(zm, at, false);
			check(at[0] + 1, zm.length);
			if ((zm[at[0]] & 0xFF) == END) {
				throw corrupt();
			}
			byte[] value = string(zm, at, true);
			fieldsAndValues.add(field);
			fieldsAndValues.add(value);
			p = at[0];
		}
		if (p != zm.length) {
			throw corrupt();
		}
		return fieldsAndValues;
	}

	private static byte[] string(byte[] zm, int[] at, boolean withFree) {
		int p = at[0];
		long length = zm[p] & 0xFF;
		if (length == BIGLEN) {
			check(p + 5, zm.length);
			length = Listpack.littleEndian(zm, p + 1, 4);
			p += 5;
		}
		else {
			p += 1;
		}
		int free = 0;
		if (withFree) {
			check(p + 1, zm.length);
			free = zm[p] & 0xFF;
			p++;
		}
		check(p + length + free, zm.length);
		byte[] bytes = new byte[(int) length];
		System.arraycopy(zm, p, bytes, 0, (int) length);
		at[0] = p + (int) length + free;
		return bytes;
	}

	private static void check(long position, int length) {
		if (position > length) {
			throw corrupt();
		}
	}

	private static RdbFormatException corrupt() {
		return new RdbFormatException("Zipmap integrity check failed.");
	}

}
