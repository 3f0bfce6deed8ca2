package io.kvserver.command;

import java.nio.charset.StandardCharsets;

import io.kvserver.util.Numbers;

/** Argument parsing shared by the command families, with Redis's error texts. */
public final class Args {

	private Args() {
	}

	/** The argument as a 64-bit integer, or the "not an integer" error. */
	public static long parseLong(byte[] arg) {
		long[] out = new long[1];
		if (!Numbers.parseLong(arg, out)) {
			throw new CommandException(CommandException.NOT_AN_INTEGER);
		}
		return out[0];
	}

	/**
	 * Whether the argument is the option word, ignoring ASCII case. Like Redis's strcasecmp on the
	 * argument's C string, the comparison ends at a NUL byte: "NX\0junk" is NX.
	 */
	public static boolean is(byte[] arg, String upperCaseWord) {
		if (arg.length < upperCaseWord.length()
				|| (arg.length > upperCaseWord.length() && arg[upperCaseWord.length()] != 0)) {
			return false;
		}
		for (int i = 0; i < upperCaseWord.length(); i++) {
			int c = arg[i] & 0xff;
			if (c >= 'a' && c <= 'z') {
				c -= 32;
			}
			if (c != upperCaseWord.charAt(i)) {
				return false;
			}
		}
		return true;
	}

	public static String text(byte[] arg) {
		return CommandDispatcher.text(arg);
	}

	public static byte[] bytes(String s) {
		return s.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * The cursor as Redis reads it with strtoul: an unsigned 64-bit decimal, optionally signed (a
	 * minus wraps around), no leading space, nothing after it but a NUL; empty reads as 0.
	 */
	public static long parseCursor(byte[] arg) {
		int end = 0;
		while (end < arg.length && arg[end] != 0) {
			end++;
		}
		if (end == 0) {
			return 0;
		}
		int p = 0;
		boolean negative = false;
		if (arg[0] == '+' || arg[0] == '-') {
			negative = arg[0] == '-';
			p++;
		}
		if (p == end) {
			throw invalidCursor();
		}
		long value = 0;
		for (; p < end; p++) {
			int d = arg[p] - '0';
			if (d < 0 || d > 9) {
				throw invalidCursor();
			}
			long limit = Long.divideUnsigned(-1L, 10);
			if (Long.compareUnsigned(value, limit) > 0 || (value == limit && d > 5)) {
				throw invalidCursor();
			}
			value = value * 10 + d;
		}
		return negative ? -value : value;
	}

	private static CommandException invalidCursor() {
		return new CommandException("ERR invalid cursor");
	}

}
