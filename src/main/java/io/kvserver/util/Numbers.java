package io.kvserver.util;

import java.nio.charset.StandardCharsets;

/**
 * Integer parsing with the exact rules of Redis's {@code string2ll}: optional '-', no '+', no
 * leading zeros, no spaces, and the result must fit in a signed 64-bit integer.
 */
public final class Numbers {

	private Numbers() {
	}

	/** Thrown-free check: returns true and stores the value in {@code out[0]} when the bytes are a valid integer. */
	public static boolean parseLong(byte[] s, int off, int len, long[] out) {
		if (len <= 0 || len > 20) {
			return false;
		}
		int p = off;
		int end = off + len;
		if (len == 1 && s[p] == '0') {
			out[0] = 0;
			return true;
		}
		boolean negative = false;
		if (s[p] == '-') {
			negative = true;
			p++;
			if (p == end) {
				return false;
			}
		}
		if (s[p] < '1' || s[p] > '9') {
			return false;
		}
		// Accumulate as a negative number so that Long.MIN_VALUE is representable.
		long v = 0;
		while (p < end) {
			int d = s[p] - '0';
			if (d < 0 || d > 9) {
				return false;
			}
			if (v < (Long.MIN_VALUE + d) / 10) {
				return false;
			}
			v = v * 10 - d;
			p++;
		}
		if (negative) {
			out[0] = v;
			return true;
		}
		if (v == Long.MIN_VALUE) {
			return false;
		}
		out[0] = -v;
		return true;
	}

	public static boolean parseLong(byte[] s, long[] out) {
		return parseLong(s, 0, s.length, out);
	}

	/** ASCII bytes of a decimal integer, as Redis prints it. */
	public static byte[] toBytes(long v) {
		return Long.toString(v).getBytes(StandardCharsets.US_ASCII);
	}

}
