package io.kvserver.command.bitmaps;

import io.kvserver.command.Args;
import io.kvserver.command.CommandException;
import io.kvserver.command.KeyReads;
import io.kvserver.command.Session;
import io.kvserver.protocol.ReplyWriter;
import io.kvserver.store.Store;
import io.kvserver.store.Strings;

/**
 * BITPOS key bit [start [end [BYTE | BIT]]], in bitops.c's order: the bit is checked first, then a
 * missing key answers at once (-1 looking for a 1, 0 looking for a 0) without reading the range.
 * Looking for a 0 without an explicit end treats the string as followed by zeros; with an end, a
 * range of all ones answers -1.
 */
final class BitPos {

	private final Store databases;

	private final KeyReads reads;

	BitPos(Store databases, KeyReads reads) {
		this.databases = databases;
		this.reads = reads;
	}

	void execute(Session session, byte[][] argv, ReplyWriter out) {
		long bit = Args.parseLong(argv[2]);
		if (bit != 0 && bit != 1) {
			throw new CommandException("ERR The bit argument must be 1 or 0.");
		}
		Object value = this.reads.readString(this.databases.db(session.db()), argv[1]);
		if (value == null) {
			out.integer(bit == 1 ? -1 : 0);
			return;
		}
		byte[] bytes = Strings.array(value);
		int length = Strings.length(value);
		BitRange range;
		boolean endGiven = false;
		if (argv.length == 3) {
			range = new BitRange(0, length - 1, 0, 0);
		}
		else if (argv.length <= 6) {
			long start = Args.parseLong(argv[3]);
			boolean inBits = argv.length == 6 && BitRange.unitIsBit(argv[5]);
			long end;
			if (argv.length >= 5) {
				end = Args.parseLong(argv[4]);
				endGiven = true;
			}
			else {
				end = inBits ? ((long) length << 3) + 7 : length - 1;
			}
			range = BitRange.of(start, end, length, inBits);
		}
		else {
			throw new CommandException(CommandException.SYNTAX);
		}
		out.integer(range.isEmpty() ? -1 : search(bytes, range, (int) bit, endGiven));
	}

	/**
	 * The search over a non-empty range, as bitops.c splits it: the first byte under its mask, the
	 * whole bytes, the last byte under its mask; each part's answer relative to where it starts.
	 */
	private static long search(byte[] bytes, BitRange range, int bit, boolean endGiven) {
		long start = range.firstByte();
		long end = range.lastByte();
		long count = end - start + 1;
		long pos;
		int firstMask = range.firstByteExcluded();
		int lastMask = range.lastByteExcluded();
		if (firstMask != 0) {
			int edge = masked(bytes[(int) start] & 0xff, firstMask, bit);
			if (lastMask != 0 && count == 1) {
				edge = masked(edge, lastMask, bit);
			}
			pos = Bits.bitpos(new byte[] { (byte) edge }, 0, 1, bit);
			if (count == 1 || (pos != -1 && pos != 8)) {
				return result(pos, start, count, bit, endGiven);
			}
			start++;
			count--;
		}
		long middle = count - (lastMask != 0 ? 1 : 0);
		if (middle > 0) {
			pos = Bits.bitpos(bytes, (int) start, (int) middle, bit);
			if (count == middle || (pos != -1 && pos != middle << 3)) {
				return result(pos, start, count, bit, endGiven);
			}
			start += middle;
			count -= middle;
		}
		int edge = masked(bytes[(int) end] & 0xff, lastMask, bit);
		pos = Bits.bitpos(new byte[] { (byte) edge }, 0, 1, bit);
		return result(pos, start, count, bit, endGiven);
	}

	/** The byte with the masked bits made the opposite of the bit sought, so they never match. */
	private static int masked(int value, int mask, int bit) {
		return bit == 1 ? value & ~mask & 0xff : value | mask;
	}

	private static long result(long pos, long start, long count, int bit, boolean endGiven) {
		// With an explicit end the string is not zero-padded past the range: no 0 found is -1.
		if (endGiven && bit == 0 && pos == count << 3) {
			return -1;
		}
		return pos == -1 ? -1 : pos + (start << 3);
	}

}
