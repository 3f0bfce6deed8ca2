package io.kvserver.util;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Doubles printed as C's {@code printf("%.17g")} prints them, which is how Redis replies with a
 * double, and as Redis's d2string stores a sorted set's scores in a listpack.
 */
public final class Doubles {

	private static final int PRECISION = 17;

	private static final MathContext SIGNIFICANT = new MathContext(PRECISION, RoundingMode.HALF_EVEN);

	private Doubles() {
	}

	/**
	 * Redis's double2ll: whether the double is an integer that a long holds exactly, within
	 * &plusmn;2^62 (the range Redis checks). -0.0 counts as 0.
	 */
	public static boolean isSafeLong(double value) {
		return value >= -(double) (Long.MAX_VALUE / 2) && value <= (double) (Long.MAX_VALUE / 2)
				&& (long) value == value;
	}

	/**
	 * Redis's d2string: an integer within {@link #isSafeLong} in plain digits, otherwise
	 * {@link #format17g} ({@code inf}, {@code -inf}, {@code -0} included).
	 */
	public static String d2string(double value) {
		if (value == 0) {
			return (1 / value < 0) ? "-0" : "0";
		}
		return isSafeLong(value) ? Long.toString((long) value) : format17g(value);
	}

	/**
	 * {@code %.17g}: 17 significant digits, trailing zeros dropped, exponent form (at least two
	 * exponent digits) when the decimal exponent is below -4 or at least 17; {@code inf},
	 * {@code -inf} and {@code nan} as Redis writes them.
	 */
	public static String format17g(double value) {
		if (Double.isNaN(value)) {
			return "nan";
		}
		if (Double.isInfinite(value)) {
			return value > 0 ? "inf" : "-inf";
		}
		if (value == 0) {
			return (1 / value < 0) ? "-0" : "0";
		}
		if (Math.abs(value) < 1e17 && (long) value == value) {
			return Long.toString((long) value); // an integer %.17g prints in full, without a point
		}
		String sign = value < 0 ? "-" : "";
		// The exact binary value, rounded once: glibc rounds the exact value too.
		BigDecimal rounded = new BigDecimal(Math.abs(value)).round(SIGNIFICANT);
		int exponent = rounded.precision() - rounded.scale() - 1;
		if (exponent < -4 || exponent >= PRECISION) {
			String digits = rounded.unscaledValue().toString();
			int end = digits.length();
			while (end > 1 && digits.charAt(end - 1) == '0') {
				end--;
			}
			StringBuilder text = new StringBuilder(sign).append(digits.charAt(0));
			if (end > 1) {
				text.append('.').append(digits, 1, end);
			}
			text.append('e').append(exponent < 0 ? '-' : '+');
			int magnitude = Math.abs(exponent);
			if (magnitude < 10) {
				text.append('0');
			}
			return text.append(magnitude).toString();
		}
		return sign + rounded.stripTrailingZeros().toPlainString();
	}

}
