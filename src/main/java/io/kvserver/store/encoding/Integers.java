package io.kvserver.store.encoding;

/**
 * Decimal integers as the compact encodings see them: a string is stored as an integer only if it
 * reads as a signed 64-bit integer in Redis's strict syntax (string2ll / lpStringToInt64: an
 * optional '-', no '+', no leading zeros, no spaces), so it can be printed back unchanged. Nothing
 * here allocates except {@link #toBytes}.
 */
public final class Integers {

	/** The longest decimal a 64-bit integer prints as: "-9223372036854775808". */
	private static final int MAX_DIGITS = 20;

	private Integers() {
	}

	/** Whether the bytes are a 64-bit integer in strict form. */
	public static boolean isInteger(byte[] s, int off, int len) {
		if (len <= 0 || len > MAX_DIGITS) {
			return false;
		}
		int p = off;
		int end = off + len;
		if (len == 1 && s[p] == '0') {
			return true;
		}
		boolean negative = s[p] == '-';
		if (negative && ++p == end) {
			return false;
		}
		if (s[p] < '1' || s[p] > '9') {
			return false;
		}
		// Accumulated as a negative number so that Long.MIN_VALUE is representable.
		long v = 0;
		for (; p < end; p++) {
			int d = s[p] - '0';
			if (d < 0 || d > 9 || v < (Long.MIN_VALUE + d) / 10) {
				return false;
			}
			v = v * 10 - d;
		}
		return negative || v != Long.MIN_VALUE;
	}

	/** The value of bytes {@link #isInteger} accepted. */
	public static long parse(byte[] s, int off, int len) {
		int p = off;
		int end = off + len;
		boolean negative = s[p] == '-';
		if (negative) {
			p++;
		}
		long v = 0;
		for (; p < end; p++) {
			v = v * 10 - (s[p] - '0');
		}
		return negative ? v : -v;
	}

	/** The number of bytes the value takes in decimal, sign included. */
	public static int decimalLength(long v) {
		if (v == Long.MIN_VALUE) {
			return MAX_DIGITS;
		}
		int length = v < 0 ? 2 : 1;
		for (long rest = Math.abs(v) / 10; rest > 0; rest /= 10) {
			length++;
		}
		return length;
	}

	/** The value in decimal ASCII, as Redis's ll2string prints it. */
	public static byte[] toBytes(long v) {
		byte[] out = new byte[decimalLength(v)];
		write(v, out, 0);
		return out;
	}

	/** Writes the value in decimal at {@code offset}; returns the offset after it. */
	public static int write(long v, byte[] out, int offset) {
		int end = offset + decimalLength(v);
		int p = end;
		long rest = v;
		do {
			out[--p] = (byte) ('0' + Math.abs(rest % 10));
			rest /= 10;
		}
		while (rest != 0);
		if (v < 0) {
			out[--p] = '-';
		}
		return end;
	}

}
