package io.kvserver.command;

import java.nio.charset.StandardCharsets;

import io.kvserver.protocol.Numbers;

/** Argument parsing shared by the command families, with Redis's error texts. */
final class Args {

	private Args() {
	}

	/** The argument as a 64-bit integer, or the "not an integer" error. */
	static long parseLong(byte[] arg) {
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
	static boolean is(byte[] arg, String upperCaseWord) {
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

	static String text(byte[] arg) {
		return CommandDispatcher.text(arg);
	}

	static byte[] bytes(String s) {
		return s.getBytes(StandardCharsets.UTF_8);
	}

}
