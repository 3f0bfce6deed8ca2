package io.kvserver.util;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Doubles printed as C's {@code printf} prints them: {@code %.17g}, which is how Redis replies with
 * a double, {@code %.14g}, which is how Lua 5.1 turns a number into a string, and Redis's d2string
 * (a sorted set's scores in a listpack).
 */
public final class Doubles {

	private static final MathContext SIGNIFICANT_17 = new MathContext(17, RoundingMode.HALF_EVEN);

	private static final MathContext SIGNIFICANT_14 = new MathContext(14, RoundingMode.HALF_EVEN);

	private static final double[] POWERS_OF_TEN = { 1.0, 10.0, 100.0, 1000.0, 10000.0, 100000.0, 1000000.0,
			10000000.0, 100000000.0, 1000000000.0, 10000000000.0, 100000000000.0, 1000000000000.0, 10000000000000.0,
			100000000000000.0, 1000000000000000.0, 10000000000000000.0, 100000000000000000.0 };

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
	 * exponent digits) when the decimal exponent is below -4 or at least the precision; {@code inf},
	 * {@code -inf} and {@code nan} as Redis writes them.
	 */
	public static String format17g(double value) {
		return formatG(value, SIGNIFICANT_17);
	}

	/** {@code %.14g}: Lua 5.1's LUAI_NUMFFORMAT, used by tostring() and string coercion of numbers. */
	public static String format14g(double value) {
		return formatG(value, SIGNIFICANT_14);
	}

	/** {@code %.Ng} for a precision N from 1 to 17 (cjson's encode_number_precision). */
	public static String formatG(double value, int precision) {
		return formatG(value, new MathContext(precision, RoundingMode.HALF_EVEN));
	}

	private static String formatG(double value, MathContext significant) {
		if (Double.isNaN(value)) {
			return "nan";
		}
		if (Double.isInfinite(value)) {
			return value > 0 ? "inf" : "-inf";
		}
		if (value == 0) {
			return (1 / value < 0) ? "-0" : "0";
		}
		if ((long) value == value && Math.abs(value) < POWERS_OF_TEN[significant.getPrecision()]) {
			return Long.toString((long) value); // an integer of no more digits than the precision prints in full
		}
		String sign = value < 0 ? "-" : "";
		// The exact binary value, rounded once: glibc rounds the exact value too.
		BigDecimal rounded = new BigDecimal(Math.abs(value)).round(significant);
		int exponent = rounded.precision() - rounded.scale() - 1;
		if (exponent < -4 || exponent >= significant.getPrecision()) {
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


	/**
	 * C's {@code printf("%.<decimals>f")}: the exact binary value rounded to that many decimals (ties
	 * to even), {@code -} for any negative value (-0 included), {@code inf}, {@code -inf}, {@code nan}.
	 */
	public static String fixed(double value, int decimals) {
		if (Double.isNaN(value)) {
			return "nan";
		}
		if (Double.isInfinite(value)) {
			return value > 0 ? "inf" : "-inf";
		}
		boolean negative = value < 0 || (value == 0 && 1 / value < 0);
		String digits = new BigDecimal(Math.abs(value)).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
		return negative ? "-" + digits : digits;
	}

	/**
	 * Redis's ld2string in LD_STR_HUMAN mode for a double: {@code %.17Lf} with trailing zeros and a
	 * bare point dropped, {@code -0} as {@code 0}.
	 */
	public static String human(double value) {
		String text = fixed(value, 17);
		int end = text.length();
		while (text.charAt(end - 1) == '0') {
			end--;
		}
		if (text.charAt(end - 1) == '.') {
			end--;
		}
		text = text.substring(0, end);
		return text.equals("-0") ? "0" : text;
	}

	/**
	 * Redis's fixedpoint_d2string: the value times 10^digits rounded by llrint (ties to even), then
	 * printed with that many decimals.
	 */
	public static String fixedPoint(double value, int digits) {
		if (value == 0) {
			return "0." + "0".repeat(digits);
		}
		long scaled = (long) Math.rint(value * POWERS_OF_TEN[digits]);
		boolean negative = scaled < 0;
		String text = negative ? Long.toUnsignedString(-scaled) : Long.toString(scaled);
		if (text.length() <= digits) {
			text = "0".repeat(digits - text.length() + 1) + text;
		}
		int point = text.length() - digits;
		return (negative ? "-" : "") + text.substring(0, point) + "." + text.substring(point);
	}


}
