package io.kvserver.lua;

import org.luaj.vm2.LuaString;

/**
 * C's strtod in the C locale: the longest prefix that is a number (decimal with fraction and
 * exponent, hexadecimal, "inf", "infinity", "nan"), and where it ends; the start itself when there
 * is none.
 */
final class Strtod {

	private Strtod() {
	}

	/**
	 * @param end receives the index just after the number ({@code from} if there is none)
	 */
	static double parse(LuaString s, int from, int[] end) {
		int i = from;
		int n = s.length();
		boolean negative = false;
		if (i < n && (s.luaByte(i) == '+' || s.luaByte(i) == '-')) {
			negative = s.luaByte(i) == '-';
			i++;
		}
		if (word(s, i, "infinity")) {
			end[0] = i + 8;
			return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
		}
		if (word(s, i, "inf")) {
			end[0] = i + 3;
			return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
		}
		if (word(s, i, "nan")) {
			int j = i + 3;
			if (j < n && s.luaByte(j) == '(') {
				int k = j + 1;
				while (k < n && (Character.isLetterOrDigit(s.luaByte(k)) || s.luaByte(k) == '_')) {
					k++;
				}
				if (k < n && s.luaByte(k) == ')') {
					j = k + 1;
				}
			}
			end[0] = j;
			return Double.NaN;
		}
		if (i + 1 < n && s.luaByte(i) == '0' && (s.luaByte(i + 1) | 0x20) == 'x' && i + 2 < n
				&& (Character.digit(s.luaByte(i + 2), 16) >= 0
						|| (s.luaByte(i + 2) == '.' && i + 3 < n && Character.digit(s.luaByte(i + 3), 16) >= 0))) {
			return hex(s, i + 2, negative, end);
		}
		int start = i;
		int digits = 0;
		while (i < n && Character.isDigit(s.luaByte(i))) {
			i++;
			digits++;
		}
		if (i < n && s.luaByte(i) == '.') {
			i++;
			while (i < n && Character.isDigit(s.luaByte(i))) {
				i++;
				digits++;
			}
		}
		if (digits == 0) {
			end[0] = from;
			return 0;
		}
		if (i < n && (s.luaByte(i) | 0x20) == 'e') {
			int j = i + 1;
			if (j < n && (s.luaByte(j) == '+' || s.luaByte(j) == '-')) {
				j++;
			}
			if (j < n && Character.isDigit(s.luaByte(j))) {
				while (j < n && Character.isDigit(s.luaByte(j))) {
					j++;
				}
				i = j;
			}
		}
		end[0] = i;
		double value = Double.parseDouble(latin1(s, start, i));
		return negative ? -value : value;
	}

	private static double hex(LuaString s, int i, boolean negative, int[] end) {
		int n = s.length();
		StringBuilder text = new StringBuilder("0x");
		boolean dot = false;
		while (i < n && (Character.digit(s.luaByte(i), 16) >= 0 || (!dot && s.luaByte(i) == '.'))) {
			dot |= s.luaByte(i) == '.';
			text.append((char) s.luaByte(i++));
		}
		String exponent = "p0";
		if (i < n && (s.luaByte(i) | 0x20) == 'p') {
			int j = i + 1;
			if (j < n && (s.luaByte(j) == '+' || s.luaByte(j) == '-')) {
				j++;
			}
			if (j < n && Character.isDigit(s.luaByte(j))) {
				while (j < n && Character.isDigit(s.luaByte(j))) {
					j++;
				}
				exponent = latin1(s, i, j);
				i = j;
			}
		}
		end[0] = i;
		double value = Double.parseDouble(text + exponent);
		return negative ? -value : value;
	}

	private static boolean word(LuaString s, int i, String word) {
		if (i + word.length() > s.length()) {
			return false;
		}
		for (int k = 0; k < word.length(); k++) {
			if ((s.luaByte(i + k) | 0x20) != word.charAt(k)) {
				return false;
			}
		}
		return true;
	}

	private static String latin1(LuaString s, int from, int to) {
		StringBuilder b = new StringBuilder(to - from);
		for (int i = from; i < to; i++) {
			b.append((char) s.luaByte(i));
		}
		return b.toString();
	}

}
