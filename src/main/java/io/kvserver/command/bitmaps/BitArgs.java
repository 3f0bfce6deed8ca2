package io.kvserver.command.bitmaps;

import io.kvserver.command.CommandException;
import io.kvserver.util.Numbers;

/** Parsing of bit offsets and bitfield types, with bitops.c's rules and error texts. */
final class BitArgs {

	static final String BAD_OFFSET = "ERR bit offset is not an integer or out of range";

	static final String BAD_TYPE =
			"ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.";

	private BitArgs() {
	}

	/**
	 * A bit offset (getBitOffsetFromArgument): a non-negative integer whose byte lies within
	 * proto-max-bulk-len. With {@code bits} > 0 (BITFIELD), "#n" means the n-th field of that
	 * width, n * bits; the product wraps as Redis's does before the range check.
	 */
	static long offset(byte[] arg, int bits, long maxStringLength) {
		int skip = bits > 0 && arg.length > 0 && arg[0] == '#' ? 1 : 0;
		long[] parsed = new long[1];
		if (!Numbers.parseLong(arg, skip, arg.length - skip, parsed)) {
			throw new CommandException(BAD_OFFSET);
		}
		long offset = skip == 1 ? parsed[0] * bits : parsed[0];
		if (offset < 0 || (offset >> 3) >= maxStringLength) {
			throw new CommandException(BAD_OFFSET);
		}
		return offset;
	}

	/**
	 * A bitfield type: 'i' or 'u' (lower case only) and a width, i1..i64 or u1..u63. As in Redis the
	 * width ends at a NUL byte. Returns the width, negated for a signed type.
	 */
	static int type(byte[] arg) {
		if (arg.length == 0 || (arg[0] != 'i' && arg[0] != 'u')) {
			throw new CommandException(BAD_TYPE);
		}
		boolean signed = arg[0] == 'i';
		int end = 1;
		while (end < arg.length && arg[end] != 0) {
			end++;
		}
		long[] parsed = new long[1];
		if (!Numbers.parseLong(arg, 1, end - 1, parsed) || parsed[0] < 1 || parsed[0] > (signed ? 64 : 63)) {
			throw new CommandException(BAD_TYPE);
		}
		return signed ? -(int) parsed[0] : (int) parsed[0];
	}

}
