package io.kvserver.command.bitmaps;

import io.kvserver.command.Args;
import io.kvserver.command.CommandException;
import io.kvserver.command.KeyReads;
import io.kvserver.command.Session;
import io.kvserver.protocol.ReplyWriter;
import io.kvserver.store.Store;
import io.kvserver.store.Strings;

/**
 * BITCOUNT key [start end [BYTE | BIT]], in bitops.c's order: a missing key answers 0 before any
 * argument is read, and a range of two negative indexes in the wrong order answers 0 before the
 * unit is.
 */
final class BitCount {

	private final Store databases;

	private final KeyReads reads;

	BitCount(Store databases, KeyReads reads) {
		this.databases = databases;
		this.reads = reads;
	}

	void execute(Session session, byte[][] argv, ReplyWriter out) {
		Object value = this.reads.readString(this.databases.db(session.db()), argv[1]);
		if (value == null) {
			out.integer(0);
			return;
		}
		byte[] bytes = Strings.array(value);
		int length = Strings.length(value);
		if (argv.length == 2) {
			out.integer(Bits.popcount(bytes, 0, length));
			return;
		}
		if (argv.length != 4 && argv.length != 5) {
			throw new CommandException(CommandException.SYNTAX);
		}
		long start = Args.parseLong(argv[2]);
		long end = Args.parseLong(argv[3]);
		if (start < 0 && end < 0 && start > end) {
			out.integer(0);
			return;
		}
		boolean inBits = argv.length == 5 && BitRange.unitIsBit(argv[4]);
		BitRange range = BitRange.of(start, end, length, inBits);
		if (range.isEmpty()) {
			out.integer(0);
			return;
		}
		int first = (int) range.firstByte();
		int last = (int) range.lastByte();
		long count = Bits.popcount(bytes, first, last - first + 1);
		// The edge bytes' bits outside the range were counted too: take them off.
		count -= Integer.bitCount(bytes[first] & range.firstByteExcluded());
		count -= Integer.bitCount(bytes[last] & range.lastByteExcluded());
		out.integer(count);
	}

}
