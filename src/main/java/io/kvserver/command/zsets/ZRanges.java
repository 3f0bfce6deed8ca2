package io.kvserver.command.zsets;

import io.kvserver.command.CommandException;
import io.kvserver.store.ZRange;
import io.kvserver.store.ZRange.ByLex.Bound;
import io.kvserver.util.Strtod;

/** Score and lexicographic range arguments, read as Redis's zslParseRange and zslParseLexRange read them. */
final class ZRanges {

	static final String NOT_A_FLOAT = "ERR min or max is not a float";

	static final String NOT_A_STRING_RANGE = "ERR min or max not valid string range item";

	private ZRanges() {
	}

	/**
	 * "(1.5" (exclusive) or "1.5", read by strtod up to the first NUL byte: leading spaces, "inf",
	 * hexadecimal and values past a double's range are accepted, as in Redis; NaN and trailing
	 * characters are not.
	 */
	static ZRange.ByScore byScore(byte[] min, byte[] max) {
		double[] low = new double[1];
		double[] high = new double[1];
		boolean minExclusive = bound(min, low);
		boolean maxExclusive = bound(max, high);
		return new ZRange.ByScore(low[0], minExclusive, high[0], maxExclusive);
	}

	private static boolean bound(byte[] arg, double[] value) {
		int end = 0;
		while (end < arg.length && arg[end] != 0) {
			end++;
		}
		boolean exclusive = end > 0 && arg[0] == '(';
		int from = exclusive ? 1 : 0;
		Strtod.Result r = Strtod.parse(arg, from, end);
		if (r.end() != end || Double.isNaN(r.value())) {
			throw new CommandException(NOT_A_FLOAT);
		}
		value[0] = r.value();
		return exclusive;
	}

	/** "-", "+", "(a" or "[a" at each end. */
	static ZRange.ByLex byLex(byte[] min, byte[] max) {
		return new ZRange.ByLex(lexBound(min), lexBound(max));
	}

	private static Bound lexBound(byte[] arg) {
		if (arg.length == 0) {
			throw new CommandException(NOT_A_STRING_RANGE);
		}
		switch (arg[0]) {
			case '+', '-' -> {
				if (arg.length > 1 && arg[1] != 0) {
					throw new CommandException(NOT_A_STRING_RANGE);
				}
				return arg[0] == '+' ? Bound.PLUS : Bound.MINUS;
			}
			case '(', '[' -> {
				byte[] value = new byte[arg.length - 1];
				System.arraycopy(arg, 1, value, 0, value.length);
				return Bound.of(value, arg[0] == '(');
			}
			default -> throw new CommandException(NOT_A_STRING_RANGE);
		}
	}

}
