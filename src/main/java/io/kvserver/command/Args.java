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

	static boolean is(byte[] arg, String upperCaseWord) {
		if (arg.length != upperCaseWord.length()) {
			return false;
		}
		for (int i = 0; i < arg.length; i++) {
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
