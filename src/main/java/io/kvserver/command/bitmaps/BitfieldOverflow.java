package io.kvserver.command.bitmaps;

/**
 * BITFIELD's OVERFLOW modes and the arithmetic behind them (bitops.c's check*BitfieldOverflow): a
 * value that does not fit the field wraps around (WRAP, two's complement for signed fields),
 * saturates at the field's limit (SAT), or is not written at all (FAIL, answered with a nil).
 * <p>
 * The checks take the old value and an increment (0 for SET, which checks the new value itself)
 * and follow Redis's formulas to the bit, including their reading of out-of-range SET values: a
 * negative value SET into an unsigned field is a huge unsigned one, so SAT makes it the maximum.
 */
enum BitfieldOverflow {

	WRAP, SAT, FAIL;

	/** The field's new value, and whether it overflowed (then FAIL writes nothing). */
	record Result(long value, boolean overflowed) {
	}

	/**
	 * {@code value + increment} in an unsigned field of {@code bits} (1..63) bits; {@code value}
	 * is read as unsigned, as Redis's uint64_t.
	 */
	Result addUnsigned(long value, long increment, int bits) {
		long max = (1L << bits) - 1;
		long maxIncrement = max - value;
		long minIncrement = -value;
		if (Long.compareUnsigned(value, max) > 0 || (increment > 0 && increment > maxIncrement)) {
			return overflowed(this == SAT ? max : wrapUnsigned(value, increment, bits));
		}
		if (increment < 0 && increment < minIncrement) {
			return overflowed(this == SAT ? 0 : wrapUnsigned(value, increment, bits));
		}
		return new Result(value + increment, false);
	}

	/** {@code value + increment} in a signed field of {@code bits} (1..64) bits. */
	Result addSigned(long value, long increment, int bits) {
		long max = bits == 64 ? Long.MAX_VALUE : (1L << (bits - 1)) - 1;
		long min = -max - 1;
		// Like Redis's, these may wrap; they are only used once value is known to be in range.
		long maxIncrement = max - value;
		long minIncrement = min - value;
		if (value > max || (bits != 64 && increment > maxIncrement)
				|| (value >= 0 && increment > 0 && increment > maxIncrement)) {
			return overflowed(this == SAT ? max : wrapSigned(value, increment, bits));
		}
		if (value < min || (bits != 64 && increment < minIncrement)
				|| (value < 0 && increment < 0 && increment < minIncrement)) {
			return overflowed(this == SAT ? min : wrapSigned(value, increment, bits));
		}
		return new Result(value + increment, false);
	}

	private static Result overflowed(long limit) {
		return new Result(limit, true);
	}

	private static long wrapUnsigned(long value, long increment, int bits) {
		return (value + increment) & ~(-1L << bits);
	}

	private static long wrapSigned(long value, long increment, int bits) {
		long sum = value + increment;
		if (bits < 64) {
			long mask = -1L << bits;
			sum = (sum & (1L << (bits - 1))) != 0 ? sum | mask : sum & ~mask;
		}
		return sum;
	}

}
