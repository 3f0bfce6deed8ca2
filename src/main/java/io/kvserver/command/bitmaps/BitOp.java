package io.kvserver.command.bitmaps;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

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
 * BITOP AND | OR | XOR | NOT destkey key [key ...]: the sources (missing ones are empty strings,
 * shorter ones zero-padded) combined byte by byte into a string as long as the longest, stored as
 * SET would store it (any old value and TTL replaced); with every source empty the destination is
 * deleted. Answers the result's length.
 */
final class BitOp {

	private enum Op {
		AND, OR, XOR, NOT
	}

	private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());

	private final Store databases;

	private final KeyReads reads;

	private final BitmapGrowth growth;

	BitOp(Store databases, KeyReads reads, BitmapGrowth growth) {
		this.databases = databases;
		this.reads = reads;
		this.growth = growth;
	}

	void execute(Session session, byte[][] argv, ReplyWriter out) {
		Op op = op(argv[1]);
		if (op == Op.NOT && argv.length != 4) {
			throw new CommandException("ERR BITOP NOT must be called with a single source key.");
		}
		Keyspace db = this.databases.db(session.db());
		int sources = argv.length - 3;
		byte[][] arrays = new byte[sources][];
		int[] lengths = new int[sources];
		int maxLength = 0;
		int minLength = Integer.MAX_VALUE;
		for (int i = 0; i < sources; i++) {
			Object value = this.reads.readString(db, argv[i + 3]);
			arrays[i] = value == null ? new byte[0] : Strings.array(value);
			lengths[i] = value == null ? 0 : Strings.length(value);
			maxLength = Math.max(maxLength, lengths[i]);
			minLength = Math.min(minLength, lengths[i]);
		}
		byte[] destKey = argv[2];
		if (maxLength == 0) {
			db.delete(destKey);
			out.integer(0);
			return;
		}
		byte[] result = new byte[this.growth.allocation(maxLength, maxLength)];
		int j = words(op, arrays, minLength, result);
		for (; j < maxLength; j++) {
			int output = j < lengths[0] ? arrays[0][j] : 0;
			if (op == Op.NOT) {
				output = ~output;
			}
			for (int i = 1; i < sources; i++) {
				int b = j < lengths[i] ? arrays[i][j] : 0;
				output = switch (op) {
					case AND -> output & b;
					case OR -> output | b;
					default -> output ^ b;
				};
			}
			result[j] = (byte) output;
		}
		// Redis stores the result as a raw string, whatever its length or content.
		db.set(destKey, MutableString.wrap(result));
		out.integer(maxLength);
	}

	/** The bytes every source has, eight at a time; answers where the byte-wise rest starts. */
	private static int words(Op op, byte[][] arrays, int minLength, byte[] result) {
		int j = 0;
		for (; j + 8 <= minLength; j += 8) {
			long output = (long) LONGS.get(arrays[0], j);
			if (op == Op.NOT) {
				output = ~output;
			}
			for (int i = 1; i < arrays.length; i++) {
				long w = (long) LONGS.get(arrays[i], j);
				output = switch (op) {
					case AND -> output & w;
					case OR -> output | w;
					default -> output ^ w;
				};
			}
			LONGS.set(result, j, output);
		}
		return j;
	}

	private static Op op(byte[] name) {
		for (Op op : Op.values()) {
			if (Args.is(name, op.name())) {
				return op;
			}
		}
		throw new CommandException(CommandException.SYNTAX);
	}

}
