package io.kvserver.protocol;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Doubles printed as C's {@code printf("%.17g")} prints them, which is how Redis replies with a
 * double, and as {@code %.14g}, which is how Lua 5.1 turns a number into a string.
 */
public final class Doubles {

	private static final MathContext SIGNIFICANT_17 = new MathContext(17, RoundingMode.HALF_EVEN);

	private static final MathContext SIGNIFICANT_14 = new MathContext(14, RoundingMode.HALF_EVEN);

	private Doubles() {
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

}
