package io.kvserver.util;

/**
 * C's {@code strtod} as glibc implements it in the C locale, on bytes: optional leading white
 * space, a sign, then a decimal number (digits with an optional point and exponent), a hexadecimal
 * one ({@code 0x}, hex digits with an optional point, an optional binary exponent {@code p}),
 * {@code inf}/{@code infinity} or {@code nan}/{@code nan(chars)}, any case; the longest prefix that
 * reads as one. The value is correctly rounded. Redis reads scores with it, through
 * {@link #string2d} (ZADD, weights) or directly (score ranges).
 */
public final class Strtod {

	private Strtod() {
	}

	/** The result of one conversion: the value and where the conversion stopped. */
	public record Result(double value, int end, boolean overflow, boolean underflow) {
	}

	/**
	 * Converts the longest prefix of {@code s[from..to)} that reads as a number.
	 * @return the value (0 if nothing was read), the index after what was read ({@code from} if
	 * nothing), and whether the value overflowed to infinity or underflowed to zero (ERANGE)
	 */
	public static Result parse(byte[] s, int from, int to) {
		int p = from;
		while (p < to && isSpace(s[p])) {
			p++;
		}
		boolean negative = false;
		if (p < to && (s[p] == '+' || s[p] == '-')) {
			negative = s[p] == '-';
			p++;
		}
		int word = matchWord(s, p, to, "infinity");
		if (word < 0) {
			word = matchWord(s, p, to, "inf");
		}
		if (word >= 0) {
			return new Result(negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY, word, false, false);
		}
		word = matchWord(s, p, to, "nan");
		if (word >= 0) {
			if (word < to && s[word] == '(') {
				int q = word + 1;
				while (q < to && (isAlnum(s[q]) || s[q] == '_')) {
					q++;
				}
				if (q < to && s[q] == ')') {
					word = q + 1;
				}
			}
			return new Result(Double.NaN, word, false, false);
		}
		if (p + 1 < to && s[p] == '0' && (s[p + 1] == 'x' || s[p + 1] == 'X')) {
			Result hex = hex(s, p + 2, to, negative);
			if (hex != null) {
				return hex;
			}
			// "0x" not followed by a hex digit: strtod reads the "0".
			return new Result(negative ? -0.0 : 0.0, p + 1, false, false);
		}
		return decimal(s, p, to, negative, from);
	}

	/**
	 * Redis's string2d: the whole of the bytes must be one number, with no leading space, and
	 * neither NaN nor a value that overflowed to infinity or underflowed to zero.
	 * @return the value, or NaN when Redis refuses the string
	 */
	public static double string2d(byte[] s, int from, int to) {
		if (from == to || isSpace(s[from])) {
			return Double.NaN;
		}
		Result r = parse(s, from, to);
		if (r.end() != to || r.overflow() || r.underflow() || Double.isNaN(r.value())) {
			return Double.NaN;
		}
		return r.value();
	}

	public static double string2d(byte[] s) {
		return string2d(s, 0, s.length);
	}

	private static Result decimal(byte[] s, int p, int to, boolean negative, int from) {
		StringBuilder digits = new StringBuilder(24);
		int start = p;
		boolean any = false;
		boolean nonZero = false;
		while (p < to && isDigit(s[p])) {
			nonZero |= s[p] != '0';
			digits.append((char) s[p++]);
			any = true;
		}
		if (p < to && s[p] == '.') {
			int afterPoint = p + 1;
			StringBuilder fraction = new StringBuilder();
			int q = afterPoint;
			while (q < to && isDigit(s[q])) {
				nonZero |= s[q] != '0';
				fraction.append((char) s[q++]);
			}
			if (any || q > afterPoint) {
				digits.append('.').append(fraction);
				any = true;
				p = q;
			}
		}
		if (!any) {
			return new Result(0, from, false, false);
		}
		if (p < to && (s[p] == 'e' || s[p] == 'E')) {
			int q = p + 1;
			if (q < to && (s[q] == '+' || s[q] == '-')) {
				q++;
			}
			if (q < to && isDigit(s[q])) {
				int expStart = p + 1;
				while (q < to && isDigit(s[q])) {
					q++;
				}
				digits.append('e').append(exponentText(s, expStart, q));
				p = q;
			}
		}
		double value = Double.parseDouble(digits.toString());
		boolean overflow = Double.isInfinite(value);
		boolean underflow = value == 0 && nonZero;
		if (start == p) {
			return new Result(0, from, false, false);
		}
		return new Result(negative ? -value : value, p, overflow, underflow);
	}

	/** The exponent's text, with a huge magnitude clamped so that Java reads it as C would (to infinity or zero). */
	private static String exponentText(byte[] s, int from, int to) {
		StringBuilder text = new StringBuilder();
		int p = from;
		if (s[p] == '+' || s[p] == '-') {
			text.append((char) s[p++]);
		}
		while (p < to - 1 && s[p] == '0') {
			p++;
		}
		if (to - p > 9) {
			return text.append("999999999").toString();
		}
		while (p < to) {
			text.append((char) s[p++]);
		}
		return text.toString();
	}

	/** After "0x": hex digits, an optional point and fraction, an optional binary exponent; null if no digit. */
	private static Result hex(byte[] s, int p, int to, boolean negative) {
		StringBuilder mantissa = new StringBuilder("0x");
		boolean any = false;
		boolean nonZero = false;
		while (p < to && hexDigit(s[p]) >= 0) {
			nonZero |= s[p] != '0';
			mantissa.append((char) s[p++]);
			any = true;
		}
		if (p < to && s[p] == '.') {
			int q = p + 1;
			StringBuilder fraction = new StringBuilder();
			while (q < to && hexDigit(s[q]) >= 0) {
				nonZero |= s[q] != '0';
				fraction.append((char) s[q++]);
			}
			if (any || fraction.length() > 0) {
				mantissa.append('.').append(fraction);
				any = true;
				p = q;
			}
		}
		if (!any) {
			return null;
		}
		String exponent = "0";
		if (p < to && (s[p] == 'p' || s[p] == 'P')) {
			int q = p + 1;
			if (q < to && (s[q] == '+' || s[q] == '-')) {
				q++;
			}
			if (q < to && isDigit(s[q])) {
				int expStart = p + 1;
				while (q < to && isDigit(s[q])) {
					q++;
				}
				exponent = exponentText(s, expStart, q);
				p = q;
			}
		}
		double value = Double.parseDouble(mantissa.append('p').append(exponent).toString());
		return new Result(negative ? -value : value, p, Double.isInfinite(value), value == 0 && nonZero);
	}

	/** The index after the word if it starts at {@code p} (ASCII case ignored), else -1. */
	private static int matchWord(byte[] s, int p, int to, String word) {
		if (to - p < word.length()) {
			return -1;
		}
		for (int i = 0; i < word.length(); i++) {
			int c = s[p + i] & 0xff;
			if (c >= 'A' && c <= 'Z') {
				c += 32;
			}
			if (c != word.charAt(i)) {
				return -1;
			}
		}
		return p + word.length();
	}

	private static boolean isSpace(byte b) {
		return b == ' ' || (b >= '\t' && b <= '\r');
	}

	private static boolean isDigit(byte b) {
		return b >= '0' && b <= '9';
	}

	private static boolean isAlnum(byte b) {
		return isDigit(b) || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z');
	}

	private static int hexDigit(byte b) {
		if (b >= '0' && b <= '9') {
			return b - '0';
		}
		if (b >= 'a' && b <= 'f') {
			return b - 'a' + 10;
		}
		return b >= 'A' && b <= 'F' ? b - 'A' + 10 : -1;
	}

}
