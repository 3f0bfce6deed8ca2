package io.kvserver.command.bitmaps;

import java.util.ArrayList;
import java.util.List;

import io.kvserver.command.Args;
import io.kvserver.command.CommandException;
import io.kvserver.command.KeyReads;
import io.kvserver.command.Session;
import io.kvserver.protocol.ReplyWriter;
import io.kvserver.store.Keyspace;
import io.kvserver.store.MutableString;
import io.kvserver.store.Store;
import io.kvserver.store.Strings;

/**
 * BITFIELD key [GET type offset | SET type offset value | INCRBY type offset increment |
 * OVERFLOW WRAP | SAT | FAIL] ..., and BITFIELD_RO key [GET type offset] ... (bitops.c's
 * bitfieldGeneric). Every operation is parsed before any runs, so a bad one changes nothing. Only
 * GETs: a read, the string is not touched. Any SET or INCRBY: the string is created or padded up
 * to the highest bit written, before the operations run, even if OVERFLOW FAIL then writes none.
 */
final class Bitfield {

	private enum Kind {
		GET, SET, INCRBY
	}

	/**
	 * One operation, as parsed.
	 *
	 * @param bits the field's width
	 * @param value SET's value or INCRBY's increment
	 * @param overflow the OVERFLOW mode in force where the operation appears
	 */
	private record Op(Kind kind, boolean signed, int bits, long offset, long value, BitfieldOverflow overflow) {
	}

	private final Store databases;

	private final KeyReads reads;

	private final BitmapGrowth growth;

	Bitfield(Store databases, KeyReads reads, BitmapGrowth growth) {
		this.databases = databases;
		this.reads = reads;
		this.growth = growth;
	}

	void execute(Session session, byte[][] argv, ReplyWriter out, boolean readOnlyCommand) {
		List<Op> ops = new ArrayList<>();
		long highestBit = parse(argv, ops);
		Keyspace db = this.databases.db(session.db());
		if (highestBit < 0) {
			Object value = this.reads.readString(db, argv[1]);
			out.arrayHeader(ops.size());
			for (Op op : ops) {
				out.integer(get(value, op));
			}
			return;
		}
		if (readOnlyCommand) {
			throw new CommandException("ERR BITFIELD_RO only supports the GET subcommand");
		}
		BitmapGrowth.Target target = this.growth.open(db, argv[1], highestBit);
		MutableString value = target.value();
		boolean changed = false;
		out.arrayHeader(ops.size());
		for (Op op : ops) {
			if (op.kind() == Kind.GET) {
				out.integer(get(value, op));
				continue;
			}
			byte[] bytes = value.array();
			int length = value.length();
			long old = op.signed() ? Bits.getSigned(bytes, length, op.offset(), op.bits())
					: Bits.getUnsigned(bytes, length, op.offset(), op.bits());
			BitfieldOverflow.Result next = op.kind() == Kind.INCRBY ? add(op, old, op.value()) : add(op, op.value(), 0);
			if (next.overflowed() && op.overflow() == BitfieldOverflow.FAIL) {
				out.nullBulk();
				continue;
			}
			out.integer(op.kind() == Kind.INCRBY ? next.value() : old);
			Bits.setBits(bytes, op.offset(), op.bits(), next.value());
			changed |= target.grown() || old != next.value();
		}
		if (changed) {
			db.modified(argv[1], 0);
		}
	}

	private static BitfieldOverflow.Result add(Op op, long value, long increment) {
		return op.signed() ? op.overflow().addSigned(value, increment, op.bits())
				: op.overflow().addUnsigned(value, increment, op.bits());
	}

	/** A GET: the field's value, with the bits past the string (or of a missing key) read as 0. */
	private static long get(Object value, Op op) {
		if (value == null) {
			return 0;
		}
		byte[] bytes = Strings.array(value);
		int length = Strings.length(value);
		return op.signed() ? Bits.getSigned(bytes, length, op.offset(), op.bits())
				: Bits.getUnsigned(bytes, length, op.offset(), op.bits());
	}

	/**
	 * Parses the operations into {@code ops}; answers the highest bit a SET or INCRBY writes, or -1
	 * if there are only GETs.
	 */
	private long parse(byte[][] argv, List<Op> ops) {
		BitfieldOverflow overflow = BitfieldOverflow.WRAP;
		long highestBit = -1;
		long maxStringLength = this.growth.maxStringLength();
		for (int j = 2; j < argv.length; j++) {
			int remaining = argv.length - j - 1;
			byte[] sub = argv[j];
			Kind kind;
			if (Args.is(sub, "GET") && remaining >= 2) {
				kind = Kind.GET;
			}
			else if (Args.is(sub, "SET") && remaining >= 3) {
				kind = Kind.SET;
			}
			else if (Args.is(sub, "INCRBY") && remaining >= 3) {
				kind = Kind.INCRBY;
			}
			else if (Args.is(sub, "OVERFLOW") && remaining >= 1) {
				overflow = overflow(argv[++j]);
				continue;
			}
			else {
				throw new CommandException(CommandException.SYNTAX);
			}
			int type = BitArgs.type(argv[j + 1]);
			int bits = Math.abs(type);
			long offset = BitArgs.offset(argv[j + 2], bits, maxStringLength);
			long value = 0;
			if (kind != Kind.GET) {
				highestBit = Math.max(highestBit, offset + bits - 1);
				value = Args.parseLong(argv[j + 3]);
			}
			ops.add(new Op(kind, type < 0, bits, offset, value, overflow));
			j += kind == Kind.GET ? 2 : 3;
		}
		return highestBit;
	}

	private static BitfieldOverflow overflow(byte[] arg) {
		for (BitfieldOverflow mode : BitfieldOverflow.values()) {
			if (Args.is(arg, mode.name())) {
				return mode;
			}
		}
		throw new CommandException("ERR Invalid OVERFLOW type specified");
	}

}
