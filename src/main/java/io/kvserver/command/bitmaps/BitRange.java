package io.kvserver.command.bitmaps;

import io.kvserver.command.Args;
import io.kvserver.command.CommandException;

/**
 * The byte range BITCOUNT and BITPOS work on, from a start and end in bytes or bits, negative
 * ones counting from the end, clamped to the string as bitops.c clamps them. A range in bits
 * covers whole bytes plus masks of the bits of its first and last byte that lie outside it.
 *
 * @param firstByte the first byte of the range
 * @param lastByte the last byte; the range is empty when it is before the first
 * @param firstByteExcluded the bits of the first byte before the range (0 for a range in bytes)
 * @param lastByteExcluded the bits of the last byte after the range (0 for a range in bytes)
 */
record BitRange(long firstByte, long lastByte, int firstByteExcluded, int lastByteExcluded) {

	/** BYTE or BIT, as the range's unit; a syntax error for anything else. */
	static boolean unitIsBit(byte[] arg) {
		if (Args.is(arg, "BIT")) {
			return true;
		}
		if (Args.is(arg, "BYTE")) {
			return false;
		}
		throw new CommandException(CommandException.SYNTAX);
	}

	/**
	 * @param length the string's length in bytes
	 * @param inBits whether start and end count bits
	 */
	static BitRange of(long start, long end, long length, boolean inBits) {
		long total = inBits ? length << 3 : length;
		if (start < 0) {
			start = total + start;
		}
		if (end < 0) {
			end = total + end;
		}
		if (start < 0) {
			start = 0;
		}
		if (end < 0) {
			end = 0;
		}
		if (end >= total) {
			end = total - 1;
		}
		if (!inBits || start > end) {
			return new BitRange(start, end, 0, 0);
		}
		int firstExcluded = ~((1 << (8 - (start & 7))) - 1) & 0xff;
		int lastExcluded = (1 << (7 - (end & 7))) - 1;
		return new BitRange(start >> 3, end >> 3, firstExcluded, lastExcluded);
	}

	boolean isEmpty() {
		return this.firstByte > this.lastByte;
	}

}
