package io.kvserver.command.bitmaps;

import java.util.List;
import java.util.function.LongSupplier;

import io.kvserver.command.CommandException;
import io.kvserver.command.CommandFamily;
import io.kvserver.command.CommandSpec;
import io.kvserver.command.KeyReads;
import io.kvserver.command.Session;
import io.kvserver.metrics.ServerStats;
import io.kvserver.protocol.ReplyWriter;
import io.kvserver.store.HeapHeadroom;
import io.kvserver.store.Keyspace;
import io.kvserver.store.Store;
import io.kvserver.store.Strings;
import io.kvserver.util.Numbers;

/**
 * The bitmap commands on strings, with Redis 7.0's semantics and error texts (bitops.c): SETBIT,
 * GETBIT, BITCOUNT, BITPOS, BITOP, BITFIELD and BITFIELD_RO.
 */
public final class BitmapCommands implements CommandFamily {

	private static final String BAD_BIT = "ERR bit is not an integer or out of range";

	private final Store databases;

	private final KeyReads reads;

	private final BitmapGrowth growth;

	/**
	 * @param maxStringLength proto-max-bulk-len, read at each command: the highest bit offset's byte must lie below it
	 * @param heap asked before a string grows by a large amount
	 */
	public BitmapCommands(Store databases, ServerStats stats, LongSupplier maxStringLength, HeapHeadroom heap) {
		this.databases = databases;
		this.reads = new KeyReads(stats);
		this.growth = new BitmapGrowth(maxStringLength, heap);
	}

	@Override
	public List<CommandSpec> commands() {
		Bitfield bitfield = new Bitfield(this.databases, this.reads, this.growth);
		return List.of(
				CommandSpec.of("setbit", this::setBit),
				CommandSpec.of("getbit", this::getBit),
				CommandSpec.of("bitcount", new BitCount(this.databases, this.reads)::execute),
				CommandSpec.of("bitpos", new BitPos(this.databases, this.reads)::execute),
				CommandSpec.of("bitop", new BitOp(this.databases, this.reads, this.growth)::execute),
				CommandSpec.of("bitfield", (s, a, o) -> bitfield.execute(s, a, o, false)),
				CommandSpec.of("bitfield_ro", (s, a, o) -> bitfield.execute(s, a, o, true)));
	}

	/** SETBIT key offset 0|1: answers the bit's old value. */
	private void setBit(Session session, byte[][] argv, ReplyWriter out) {
		long offset = BitArgs.offset(argv[2], 0, this.growth.maxStringLength());
		long[] bit = new long[1];
		if (!Numbers.parseLong(argv[3], bit) || (bit[0] & ~1L) != 0) {
			throw new CommandException(BAD_BIT);
		}
		Keyspace db = this.databases.db(session.db());
		BitmapGrowth.Target target = this.growth.open(db, argv[1], offset);
		byte[] bytes = target.value().array();
		int old = Bits.get(bytes, target.value().length(), offset);
		if (target.grown() || old != bit[0]) {
			Bits.set(bytes, offset, (int) bit[0]);
			db.modified(argv[1], 0);
		}
		out.integer(old);
	}

	/** GETBIT key offset: 0 past the end of the string or for a missing key. */
	private void getBit(Session session, byte[][] argv, ReplyWriter out) {
		long offset = BitArgs.offset(argv[2], 0, this.growth.maxStringLength());
		Object value = this.reads.readString(this.databases.db(session.db()), argv[1]);
		out.integer(value == null ? 0 : Bits.get(Strings.array(value), Strings.length(value), offset));
	}

}
