package io.kvserver.command.strings;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * INCRBYFLOAT's arithmetic, bit for bit as Redis does it on x86-64: C's {@code long double}, the
 * x87 80-bit format (64-bit significand, exponents down to 2^-16445 with subnormals, up to just
 * below 2^16384). Values are exact binary fractions held as {@code significand * 2^exponent};
 * parsing ({@code strtold}) and addition round to nearest, ties to even, as the FPU does, and
 * printing is glibc's exact {@code "%.17Lf"} followed by Redis's trimming of trailing zeros.
 * Doubles would differ: 0.1 + 0.2 is "0.3" in Redis, not "0.30000000000000004".
 */
final class LongDouble {

	/** Redis's MAX_LONG_DOUBLE_CHARS: string2ld refuses anything this long or longer. */
	private static final int MAX_CHARS = 5 * 1024;

	private static final int SIGNIFICAND_BITS = 64;

	private static final int MAX_EXPONENT = 16383;

	private static final int MIN_EXPONENT = -16382;

	/** Exponents are saturated here while parsing; far beyond any finite, nonzero result. */
	private static final int EXPONENT_CLAMP = 100_000_000;

	private static final LongDouble INFINITY = new LongDouble(false, BigInteger.ZERO, 0, true);

	private static final LongDouble NEGATIVE_INFINITY = new LongDouble(true, BigInteger.ZERO, 0, true);

	private final boolean negative;

	private final BigInteger significand;

	private final int exponent;

	private final boolean infinite;

	private LongDouble(boolean negative, BigInteger significand, int exponent, boolean infinite) {
		this.negative = negative;
		this.significand = significand;
		this.exponent = exponent;
		this.infinite = infinite;
	}

	boolean isInfinite() {
		return this.infinite;
	}

	/**
	 * The bytes as Redis's string2ld reads them, or null where it refuses: empty, too long, leading
	 * space, anything strtold leaves unparsed (a NUL byte included: Redis checks that every byte
	 * was consumed), NaN, and overflow or underflow to zero (ERANGE).
	 */
	static LongDouble parse(byte[] bytes, int length) {
		if (length == 0 || length >= MAX_CHARS || isSpace(bytes[0])) {
			return null;
		}
		return new Parser(bytes, length).parse();
	}

	/** The sum, rounded as the FPU rounds it; infinite operands give an infinite (or NaN, also reported infinite) result. */
	LongDouble add(LongDouble other) {
		if (this.infinite || other.infinite) {
			return INFINITY;
		}
		int e = Math.min(this.exponent, other.exponent);
		BigInteger a = this.significand.shiftLeft(this.exponent - e);
		BigInteger b = other.significand.shiftLeft(other.exponent - e);
		BigInteger sum = (this.negative ? a.negate() : a).add(other.negative ? b.negate() : b);
		boolean negative = sum.signum() < 0;
		sum = sum.abs();
		if (e >= 0) {
			return round(negative, sum.shiftLeft(e), BigInteger.ONE);
		}
		return round(negative, sum, BigInteger.ONE.shiftLeft(-e));
	}

	/** Redis's ld2string in LD_STR_HUMAN mode: "%.17Lf", trailing zeros and a bare point dropped, "-0" as "0". */
	String toHumanString() {
		if (this.infinite) {
			return this.negative ? "-inf" : "inf";
		}
		BigDecimal exact = this.exponent >= 0 ? new BigDecimal(this.significand.shiftLeft(this.exponent))
				: new BigDecimal(this.significand.multiply(BigInteger.valueOf(5).pow(-this.exponent)), -this.exponent);
		String text = exact.setScale(17, RoundingMode.HALF_EVEN).toPlainString();
		int end = text.length();
		while (text.charAt(end - 1) == '0') {
			end--;
		}
		if (text.charAt(end - 1) == '.') {
			end--;
		}
		text = text.substring(0, end);
		if (this.negative && !text.equals("0")) {
			text = "-" + text;
		}
		return text;
	}

	/**
	 * The positive rational p/q rounded to the 80-bit format (ties to even), with subnormals;
	 * null if it underflows to zero (ERANGE), infinity if it overflows.
	 */
	private static LongDouble round(boolean negative, BigInteger p, BigInteger q) {
		if (p.signum() == 0) {
			return new LongDouble(negative, BigInteger.ZERO, 0, false);
		}
		int e = p.bitLength() - q.bitLength();
		int cmp = e >= 0 ? p.compareTo(q.shiftLeft(e)) : p.shiftLeft(-e).compareTo(q);
		int floorLog2 = cmp >= 0 ? e : e - 1;
		if (floorLog2 > MAX_EXPONENT) {
			return negative ? NEGATIVE_INFINITY : INFINITY;
		}
		int unbiased = Math.max(floorLog2, MIN_EXPONENT);
		int shift = SIGNIFICAND_BITS - 1 - unbiased;
		BigInteger num = shift >= 0 ? p.shiftLeft(shift) : p;
		BigInteger den = shift >= 0 ? q : q.shiftLeft(-shift);
		BigInteger[] qr = num.divideAndRemainder(den);
		BigInteger m = qr[0];
		int half = qr[1].shiftLeft(1).compareTo(den);
		if (half > 0 || (half == 0 && m.testBit(0))) {
			m = m.add(BigInteger.ONE);
		}
		if (m.bitLength() > SIGNIFICAND_BITS) {
			m = m.shiftRight(1);
			unbiased++;
			if (unbiased > MAX_EXPONENT) {
				return negative ? NEGATIVE_INFINITY : INFINITY;
			}
		}
		if (m.signum() == 0) {
			return null;
		}
		return new LongDouble(negative, m, unbiased - (SIGNIFICAND_BITS - 1), false);
	}

	private static boolean isSpace(byte b) {
		return b == ' ' || (b >= '\t' && b <= '\r');
	}

	/** glibc strtold's grammar in the C locale; the whole string must be consumed. */
	private static final class Parser {

		private final byte[] s;

		private final int end;

		private int p;

		Parser(byte[] s, int end) {
			this.s = s;
			this.end = end;
		}

		LongDouble parse() {
			boolean negative = false;
			if (peek() == '+' || peek() == '-') {
				negative = this.s[this.p++] == '-';
			}
			if (matchWord("infinity") || matchWord("inf")) {
				return this.p == this.end ? (negative ? NEGATIVE_INFINITY : INFINITY) : null;
			}
			if (peek() == '0' && (peekAt(1) == 'x' || peekAt(1) == 'X')
					&& (hexDigit(peekAt(2)) >= 0 || (peekAt(2) == '.' && hexDigit(peekAt(3)) >= 0))) {
				this.p += 2;
				return hex(negative);
			}
			return decimal(negative);
		}

		private LongDouble decimal(boolean negative) {
			StringBuilder digits = new StringBuilder();
			int fractionDigits = 0;
			boolean any = false;
			while (isDigit(peek())) {
				digits.append((char) this.s[this.p++]);
				any = true;
			}
			if (peek() == '.') {
				this.p++;
				while (isDigit(peek())) {
					digits.append((char) this.s[this.p++]);
					fractionDigits++;
					any = true;
				}
			}
			if (!any) {
				return null;
			}
			long exponent = exponent('e', 'E') - fractionDigits;
			if (this.p != this.end) {
				return null;
			}
			BigInteger d = new BigInteger(digits.toString());
			if (d.signum() == 0) {
				return new LongDouble(negative, BigInteger.ZERO, 0, false);
			}
			int n = d.toString().length();
			if (exponent + n - 1 > 4933) {
				return null; // overflow: strtold answers HUGE_VAL with ERANGE
			}
			if (exponent + n - 1 < -4952) {
				return null; // underflow to zero with ERANGE
			}
			LongDouble value = exponent >= 0 ? round(negative, d.multiply(BigInteger.TEN.pow((int) exponent)), BigInteger.ONE)
					: round(negative, d, BigInteger.TEN.pow((int) -exponent));
			return value == null || value.infinite ? null : value;
		}

		private LongDouble hex(boolean negative) {
			BigInteger m = BigInteger.ZERO;
			long exponent = 0;
			while (hexDigit(peek()) >= 0) {
				m = m.shiftLeft(4).add(BigInteger.valueOf(hexDigit(this.s[this.p++])));
			}
			if (peek() == '.') {
				this.p++;
				while (hexDigit(peek()) >= 0) {
					m = m.shiftLeft(4).add(BigInteger.valueOf(hexDigit(this.s[this.p++])));
					exponent -= 4;
				}
			}
			exponent += exponent('p', 'P');
			if (this.p != this.end) {
				return null;
			}
			if (m.signum() == 0) {
				return new LongDouble(negative, BigInteger.ZERO, 0, false);
			}
			long magnitude = exponent + m.bitLength();
			if (magnitude > MAX_EXPONENT + 2) {
				return null;
			}
			if (magnitude < MIN_EXPONENT - SIGNIFICAND_BITS - 2) {
				return null;
			}
			LongDouble value = exponent >= 0 ? round(negative, m.shiftLeft((int) exponent), BigInteger.ONE)
					: round(negative, m, BigInteger.ONE.shiftLeft((int) -exponent));
			return value == null || value.infinite ? null : value;
		}

		/** An optional exponent part; consumed only if at least one digit follows the marker and sign. */
		private long exponent(char lower, char upper) {
			if (peek() != lower && peek() != upper) {
				return 0;
			}
			int q = this.p + 1;
			boolean negative = false;
			if (q < this.end && (this.s[q] == '+' || this.s[q] == '-')) {
				negative = this.s[q] == '-';
				q++;
			}
			if (q >= this.end || !isDigit(this.s[q])) {
				return 0;
			}
			long value = 0;
			while (q < this.end && isDigit(this.s[q])) {
				value = Math.min(EXPONENT_CLAMP, value * 10 + (this.s[q] - '0'));
				q++;
			}
			this.p = q;
			return negative ? -value : value;
		}

		private boolean matchWord(String word) {
			if (this.end - this.p < word.length()) {
				return false;
			}
			for (int i = 0; i < word.length(); i++) {
				int c = this.s[this.p + i] & 0xff;
				if (c >= 'A' && c <= 'Z') {
					c += 32;
				}
				if (c != word.charAt(i)) {
					return false;
				}
			}
			this.p += word.length();
			return true;
		}

		private int peek() {
			return peekAt(0);
		}

		private int peekAt(int offset) {
			return this.p + offset < this.end ? this.s[this.p + offset] : -1;
		}

		private static boolean isDigit(int c) {
			return c >= '0' && c <= '9';
		}

		private static int hexDigit(int c) {
			if (c >= '0' && c <= '9') {
				return c - '0';
			}
			if (c >= 'a' && c <= 'f') {
				return c - 'a' + 10;
			}
			if (c >= 'A' && c <= 'F') {
				return c - 'A' + 10;
			}
			return -1;
		}

	}

}
