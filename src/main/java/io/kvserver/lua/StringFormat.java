package io.kvserver.lua;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * Lua 5.1's string.format (lstrlib.c's str_format) over C's printf conversions, which LuaJ only
 * approximates ({@code %5.2f} of 3.14159 gave "3.14159"): flags {@code -+ #0}, width and precision
 * of up to two digits, {@code %d %i %c %o %u %x %X %e %E %f %g %G %q %s %%}, doubles rounded from
 * their exact binary value as glibc rounds them.
 */
final class StringFormat extends VarArgFunction {

	private static final String FLAGS = "-+ #0";

	@Override
	public Varargs invoke(Varargs args) {
		LuaValue formatArg = args.arg1();
		if (!formatArg.isstring()) {
			throw Lua51.typeError(1, "format", "string", args);
		}
		LuaString format = formatArg.strvalue();
		ByteArrayOutputStream out = new ByteArrayOutputStream(format.length() + 16);
		int arg = 1;
		int i = 0;
		int n = format.length();
		while (i < n) {
			int c = format.luaByte(i++);
			if (c != '%') {
				out.write(c);
				continue;
			}
			if (i < n && format.luaByte(i) == '%') {
				out.write('%');
				i++;
				continue;
			}
			int start = i;
			while (i < n && FLAGS.indexOf(format.luaByte(i)) >= 0) {
				i++;
			}
			if (i - start > FLAGS.length()) {
				throw new LuaError("invalid format (repeated flags)");
			}
			String flags = latin1(format, start, i);
			int width = -1;
			int digits = 0;
			while (i < n && Character.isDigit(format.luaByte(i))) {
				width = (width < 0 ? 0 : width * 10) + (format.luaByte(i++) - '0');
				digits++;
			}
			int precision = -1;
			int precisionDigits = 0;
			if (i < n && format.luaByte(i) == '.') {
				i++;
				precision = 0;
				while (i < n && Character.isDigit(format.luaByte(i))) {
					precision = precision * 10 + (format.luaByte(i++) - '0');
					precisionDigits++;
				}
			}
			if (digits > 2 || precisionDigits > 2) {
				throw new LuaError("invalid format (width or precision too long)");
			}
			if (i >= n) {
				throw new LuaError("invalid option '%' to 'format'");
			}
			int conversion = format.luaByte(i++);
			arg++;
			Spec spec = new Spec(flags, width, precision);
			switch (conversion) {
				case 'c' -> out.write((byte) integer(args, arg));
				case 'd', 'i' -> write(out, spec.integer(integer(args, arg), 10, false, false));
				case 'o' -> write(out, spec.integer(integer(args, arg), 8, true, false));
				case 'u' -> write(out, spec.integer(integer(args, arg), 10, true, false));
				case 'x' -> write(out, spec.integer(integer(args, arg), 16, true, false));
				case 'X' -> write(out, spec.integer(integer(args, arg), 16, true, true));
				case 'e', 'E', 'f', 'g', 'G' -> write(out, spec.floating(number(args, arg), (char) conversion));
				case 'q' -> quoted(out, string(args, arg));
				case 's' -> {
					LuaString s = string(args, arg);
					if (precision < 0 && s.length() >= 100) {
						out.write(s.m_bytes, s.m_offset, s.m_length);
					}
					else {
						int length = precision >= 0 ? Math.min(precision, s.length()) : s.length();
						spec.pad(out, s, length);
					}
				}
				default -> throw new LuaError("invalid option '%" + (char) conversion + "' to 'format'");
			}
		}
		return LuaString.valueOf(out.toByteArray());
	}

	private static void write(ByteArrayOutputStream out, String text) {
		for (int i = 0; i < text.length(); i++) {
			out.write(text.charAt(i));
		}
	}

	private static String latin1(LuaString s, int from, int to) {
		StringBuilder b = new StringBuilder(to - from);
		for (int i = from; i < to; i++) {
			b.append((char) s.luaByte(i));
		}
		return b.toString();
	}

	private static double number(Varargs args, int arg) {
		LuaValue number = args.arg(arg).tonumber();
		if (number.isnil()) {
			throw Lua51.typeError(arg, "format", "number", args);
		}
		return number.todouble();
	}

	/** The argument as C's (long) cast of the double: out of range or NaN is LONG_MIN on x86-64. */
	private static long integer(Varargs args, int arg) {
		return LuaToResp.toLongLong(number(args, arg));
	}

	private static LuaString string(Varargs args, int arg) {
		LuaValue value = args.arg(arg);
		if (!value.isstring()) {
			throw Lua51.typeError(arg, "format", "string", args);
		}
		return value.strvalue();
	}

	/** %q: the string in double quotes, with ", \, newline, CR and NUL escaped as 5.1 escapes them. */
	private static void quoted(ByteArrayOutputStream out, LuaString s) {
		out.write('"');
		for (int i = 0; i < s.length(); i++) {
			int c = s.luaByte(i);
			switch (c) {
				case '"', '\\', '\n' -> {
					out.write('\\');
					out.write(c);
				}
				case '\r' -> write(out, "\\r");
				case 0 -> write(out, "\\000");
				default -> out.write(c);
			}
		}
		out.write('"');
	}

	/** One conversion's flags, width and precision, applied as printf applies them. */
	private record Spec(String flags, int width, int precision) {

		boolean has(char flag) {
			return this.flags.indexOf(flag) >= 0;
		}

		String integer(long value, int radix, boolean unsigned, boolean upper) {
			boolean negative = !unsigned && value < 0;
			String digits;
			if (unsigned) {
				digits = radix == 10 ? Long.toUnsignedString(value)
						: radix == 16 ? Long.toHexString(value) : Long.toOctalString(value);
			}
			else {
				digits = value == Long.MIN_VALUE ? "9223372036854775808" : Long.toString(Math.abs(value));
			}
			if (upper) {
				digits = digits.toUpperCase(java.util.Locale.ROOT);
			}
			if (this.precision >= 0) {
				if (this.precision == 0 && value == 0) {
					digits = "";
				}
				while (digits.length() < this.precision) {
					digits = "0" + digits;
				}
			}
			String prefix = negative ? "-" : (!unsigned && has('+')) ? "+" : (!unsigned && has(' ')) ? " " : "";
			if (has('#') && value != 0) {
				if (radix == 16) {
					prefix = upper ? "0X" : "0x";
				}
				else if (radix == 8 && !digits.startsWith("0")) {
					digits = "0" + digits;
				}
			}
			return justify(prefix, digits, has('0') && this.precision < 0);
		}

		String floating(double value, char conversion) {
			boolean upper = Character.isUpperCase(conversion);
			boolean negative = value < 0 || (value == 0 && 1 / value < 0);
			String prefix = negative ? "-" : has('+') ? "+" : has(' ') ? " " : "";
			String body;
			if (Double.isNaN(value) || Double.isInfinite(value)) {
				body = Double.isNaN(value) ? "nan" : "inf";
				if (Double.isNaN(value)) {
					prefix = has('+') ? "+" : has(' ') ? " " : "";
				}
				return justify(prefix, upper ? body.toUpperCase(java.util.Locale.ROOT) : body, false);
			}
			int p = this.precision < 0 ? 6 : this.precision;
			BigDecimal exact = new BigDecimal(Math.abs(value));
			body = switch (Character.toLowerCase(conversion)) {
				case 'f' -> fixed(exact, p);
				case 'e' -> exponent(exact, p);
				default -> general(exact, p);
			};
			if (upper) {
				body = body.toUpperCase(java.util.Locale.ROOT);
			}
			return justify(prefix, body, has('0'));
		}

		private String fixed(BigDecimal exact, int p) {
			String text = exact.setScale(p, RoundingMode.HALF_EVEN).toPlainString();
			return p == 0 && has('#') ? text + "." : text;
		}

		private String exponent(BigDecimal exact, int p) {
			if (exact.signum() == 0) {
				return (p == 0 ? (has('#') ? "0." : "0") : "0." + "0".repeat(p)) + "e+00";
			}
			BigDecimal rounded = exact.round(new MathContext(p + 1, RoundingMode.HALF_EVEN));
			int exp = rounded.precision() - rounded.scale() - 1;
			String digits = rounded.unscaledValue().toString();
			while (digits.length() < p + 1) {
				digits = digits + "0";
			}
			digits = digits.substring(0, p + 1);
			String mantissa = p == 0 ? digits + (has('#') ? "." : "") : digits.charAt(0) + "." + digits.substring(1);
			return mantissa + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
		}

		private String general(BigDecimal exact, int p) {
			int significant = p == 0 ? 1 : p;
			int exp;
			if (exact.signum() == 0) {
				exp = 0;
			}
			else {
				BigDecimal rounded = exact.round(new MathContext(significant, RoundingMode.HALF_EVEN));
				exp = rounded.precision() - rounded.scale() - 1;
			}
			String text = (exp < -4 || exp >= significant) ? exponent(exact, significant - 1)
					: fixed(exact, significant - 1 - exp);
			if (has('#')) {
				return text;
			}
			int e = text.indexOf('e');
			String mantissa = e >= 0 ? text.substring(0, e) : text;
			String suffix = e >= 0 ? text.substring(e) : "";
			if (mantissa.indexOf('.') >= 0) {
				int end = mantissa.length();
				while (mantissa.charAt(end - 1) == '0') {
					end--;
				}
				if (mantissa.charAt(end - 1) == '.') {
					end--;
				}
				mantissa = mantissa.substring(0, end);
			}
			return mantissa + suffix;
		}

		/** Width: left-justified with '-', else padded on the left with zeros (after the sign) or blanks. */
		private String justify(String prefix, String body, boolean zeroPad) {
			int length = prefix.length() + body.length();
			if (this.width <= length) {
				return prefix + body;
			}
			String fill = " ".repeat(this.width - length);
			if (has('-')) {
				return prefix + body + fill;
			}
			if (zeroPad) {
				return prefix + "0".repeat(this.width - length) + body;
			}
			return fill + prefix + body;
		}

		/** %s with a width: the first {@code length} bytes, justified. */
		void pad(ByteArrayOutputStream out, LuaString s, int length) {
			int fill = Math.max(0, this.width - length);
			if (!has('-')) {
				for (int i = 0; i < fill; i++) {
					out.write(' ');
				}
			}
			out.write(s.m_bytes, s.m_offset, length);
			if (has('-')) {
				for (int i = 0; i < fill; i++) {
					out.write(' ');
				}
			}
		}

	}

}
