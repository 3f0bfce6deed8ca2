package io.kvserver.command.lists;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;

import io.kvserver.command.Args;
import io.kvserver.command.BlockedClients;
import io.kvserver.command.BulkSink;
import io.kvserver.command.CommandException;
import io.kvserver.command.CommandFamily;
import io.kvserver.command.CommandSpec;
import io.kvserver.command.Effects;
import io.kvserver.command.KeyReads;
import io.kvserver.command.Session;
import io.kvserver.metrics.ServerStats;
import io.kvserver.protocol.ReplyWriter;
import io.kvserver.store.Keyspace;
import io.kvserver.store.ListValue;
import io.kvserver.store.Store;
import io.kvserver.store.ValueType;

/**
 * The list commands of Redis 7.0's t_list.c, blocking ones included: LPUSH ... LMPOP, BLPOP,
 * BRPOP, BLMOVE, BRPOPLPUSH and BLMPOP, with Redis's argument checks in Redis's order and its
 * error texts. A blocking command that finds nothing to pop blocks its client on the keys (see
 * {@link BlockedClients}) unless it runs inside EXEC, where it answers as if it had timed out.
 */
public final class ListCommands implements CommandFamily {

	private static final String RANK_ZERO = "ERR RANK can't be zero: use 1 to start from the first match, "
			+ "2 from the second ... or use negative to start from the end of the list";

	private final Store databases;

	private final KeyReads reads;

	private final BlockedClients blocked;

	private final IntSupplier fill;

	private final IntSupplier compressDepth;

	/**
	 * @param fill list-max-listpack-size, read when a list is created
	 * @param compressDepth list-compress-depth, read when a list is created
	 */
	public ListCommands(Store databases, ServerStats stats, BlockedClients blocked, IntSupplier fill,
			IntSupplier compressDepth) {
		this.databases = databases;
		this.reads = new KeyReads(stats);
		this.blocked = blocked;
		this.fill = fill;
		this.compressDepth = compressDepth;
	}

	@Override
	public List<CommandSpec> commands() {
		return List.of(
				CommandSpec.of("lpush", (s, a, o) -> push(s, a, o, true, false)),
				CommandSpec.of("rpush", (s, a, o) -> push(s, a, o, false, false)),
				CommandSpec.of("lpushx", (s, a, o) -> push(s, a, o, true, true)),
				CommandSpec.of("rpushx", (s, a, o) -> push(s, a, o, false, true)),
				CommandSpec.of("linsert", this::linsert),
				CommandSpec.of("llen", this::llen),
				CommandSpec.of("lindex", this::lindex),
				CommandSpec.of("lset", this::lset),
				CommandSpec.of("lpop", (s, a, o) -> pop(s, a, o, true)),
				CommandSpec.of("rpop", (s, a, o) -> pop(s, a, o, false)),
				CommandSpec.of("lrange", this::lrange),
				CommandSpec.of("ltrim", this::ltrim),
				CommandSpec.of("lpos", this::lpos),
				CommandSpec.of("lrem", this::lrem),
				CommandSpec.of("lmove", this::lmove),
				CommandSpec.of("rpoplpush", (s, a, o) -> move(s, a[1], a[2], false, true, o)),
				CommandSpec.of("lmpop", (s, a, o) -> mpop(s, a, o, 1, false)),
				CommandSpec.of("blpop", (s, a, o) -> blockingPop(s, a, o, true)),
				CommandSpec.of("brpop", (s, a, o) -> blockingPop(s, a, o, false)),
				CommandSpec.of("blmove", this::blmove),
				CommandSpec.of("brpoplpush", this::brpoplpush),
				CommandSpec.of("blmpop", (s, a, o) -> mpop(s, a, o, 2, true)));
	}

	private Keyspace db(Session session) {
		return this.databases.db(session.db());
	}

	private ListValue newList() {
		return ListValue.create(this.fill.getAsInt(), this.compressDepth.getAsInt());
	}

	/** LPUSH / RPUSH / LPUSHX / RPUSHX key element [element ...] */
	private void push(Session session, byte[][] argv, ReplyWriter out, boolean atHead, boolean onlyIfExists) {
		Keyspace db = db(session);
		ListValue list = KeyReads.forWrite(db, argv[1], ListValue.class);
		if (list == null) {
			if (onlyIfExists) {
				out.integer(0);
				return;
			}
			list = newList();
			for (int i = 2; i < argv.length; i++) {
				list.push(argv[i], atHead);
			}
			db.set(argv[1], list);
		}
		else {
			long before = list.memoryBytes();
			for (int i = 2; i < argv.length; i++) {
				list.push(argv[i], atHead);
			}
			db.modified(argv[1], list.memoryBytes() - before);
		}
		out.integer(list.size());
	}

	/** LINSERT key BEFORE|AFTER pivot element */
	private void linsert(Session session, byte[][] argv, ReplyWriter out) {
		boolean after;
		if (Args.is(argv[2], "AFTER")) {
			after = true;
		}
		else if (Args.is(argv[2], "BEFORE")) {
			after = false;
		}
		else {
			throw new CommandException(CommandException.SYNTAX);
		}
		Keyspace db = db(session);
		ListValue list = KeyReads.forWrite(db, argv[1], ListValue.class);
		if (list == null) {
			out.integer(0);
			return;
		}
		long before = list.memoryBytes();
		if (!list.insert(argv[3], argv[4], after)) {
			out.integer(-1);
			return;
		}
		db.modified(argv[1], list.memoryBytes() - before);
		out.integer(list.size());
	}

	private void llen(Session session, byte[][] argv, ReplyWriter out) {
		ListValue list = this.reads.read(db(session), argv[1], ListValue.class);
		out.integer(list == null ? 0 : list.size());
	}

	/** LINDEX key index: the key is looked up before the index is parsed, as in Redis. */
	private void lindex(Session session, byte[][] argv, ReplyWriter out) {
		ListValue list = this.reads.read(db(session), argv[1], ListValue.class);
		if (list == null) {
			out.nullBulk();
			return;
		}
		long index = Args.parseLong(argv[2]);
		ListValue.Cursor cursor = list.cursorAt(index, true);
		if (cursor == null) {
			out.nullBulk();
			return;
		}
		cursor.emit(new BulkSink(out));
	}

	/** LSET key index element */
	private void lset(Session session, byte[][] argv, ReplyWriter out) {
		Keyspace db = db(session);
		ListValue list = KeyReads.forWrite(db, argv[1], ListValue.class);
		if (list == null) {
			throw new CommandException("ERR no such key");
		}
		long index = Args.parseLong(argv[2]);
		long before = list.memoryBytes();
		if (!list.set(index, argv[3])) {
			throw new CommandException("ERR index out of range");
		}
		db.modified(argv[1], list.memoryBytes() - before);
		out.ok();
	}

	/** LPOP / RPOP key [count] */
	private void pop(Session session, byte[][] argv, ReplyWriter out, boolean atHead) {
		if (argv.length > 3) {
			throw new CommandException("ERR wrong number of arguments for '" + session.runningCommand().name()
					+ "' command");
		}
		boolean hasCount = argv.length == 3;
		long count = hasCount ? Args.parsePositiveLong(argv[2], null) : 0;
		Keyspace db = db(session);
		ListValue list = KeyReads.forWrite(db, argv[1], ListValue.class);
		if (list == null) {
			if (hasCount) {
				out.nullArray();
			}
			else {
				out.nullBulk();
			}
			return;
		}
		if (hasCount && count == 0) {
			out.arrayHeader(0);
			return;
		}
		long before = list.memoryBytes();
		if (!hasCount) {
			out.bulk(list.pop(atHead));
		}
		else {
			popRange(list, atHead, count, out);
		}
		removed(db, argv[1], list, before);
	}

	/** Replies with up to {@code count} elements from one end, in pop order, and removes them. */
	private static void popRange(ListValue list, boolean atHead, long count, ReplyWriter out) {
		long length = Math.min(count, list.size());
		out.arrayHeader((int) length);
		list.range(atHead ? 0 : list.size() - 1, length, !atHead, new BulkSink(out));
		list.deleteRange(atHead ? 0 : -length, length);
	}

	/** After elements were taken out: the key goes if the list is empty (Redis keeps no empty list), else it changed. */
	private static void removed(Keyspace db, byte[] key, ListValue list, long before) {
		if (list.isEmpty()) {
			db.delete(key);
		}
		else {
			db.modified(key, list.memoryBytes() - before);
		}
	}

	/** LRANGE key start stop: the indexes are parsed before the key is looked up. */
	private void lrange(Session session, byte[][] argv, ReplyWriter out) {
		long start = Args.parseLong(argv[2]);
		long end = Args.parseLong(argv[3]);
		ListValue list = this.reads.read(db(session), argv[1], ListValue.class);
		if (list == null) {
			out.arrayHeader(0);
			return;
		}
		rangeReply(list, start, end, out);
	}

	/** Redis's addListRangeReply. */
	private static void rangeReply(ListValue list, long start, long end, ReplyWriter out) {
		long[] range = clip(start, end, list.size());
		if (range == null) {
			out.arrayHeader(0);
			return;
		}
		long count = range[1] - range[0] + 1;
		out.arrayHeader((int) count);
		list.range(range[0], count, false, new BulkSink(out));
	}

	/**
	 * An index range as LRANGE and LTRIM read it: negative indexes count from the end, the range is
	 * clipped to the list; null if nothing is left of it.
	 * @return {first, last}, both within the list
	 */
	private static long[] clip(long start, long end, long length) {
		if (start < 0) {
			start = length + start;
		}
		if (end < 0) {
			end = length + end;
		}
		if (start < 0) {
			start = 0;
		}
		if (start > end || start >= length) {
			return null;
		}
		return new long[] { start, Math.min(end, length - 1) };
	}

	/** LTRIM key start stop */
	private void ltrim(Session session, byte[][] argv, ReplyWriter out) {
		long start = Args.parseLong(argv[2]);
		long end = Args.parseLong(argv[3]);
		Keyspace db = db(session);
		ListValue list = KeyReads.forWrite(db, argv[1], ListValue.class);
		if (list == null) {
			out.ok();
			return;
		}
		long length = list.size();
		long[] kept = clip(start, end, length);
		long fromHead = kept == null ? length : kept[0];
		long fromTail = kept == null ? 0 : length - kept[1] - 1;
		long before = list.memoryBytes();
		list.deleteRange(0, fromHead);
		list.deleteRange(-fromTail, fromTail);
		removed(db, argv[1], list, before);
		out.ok();
	}

	/** LPOS key element [RANK rank] [COUNT num-matches] [MAXLEN len] */
	private void lpos(Session session, byte[][] argv, ReplyWriter out) {
		long rank = 1;
		long count = -1;
		long maxlen = 0;
		for (int j = 3; j < argv.length; j++) {
			boolean more = j < argv.length - 1;
			if (Args.is(argv[j], "RANK") && more) {
				rank = Args.parseLong(argv[++j]);
				if (rank == 0) {
					throw new CommandException(RANK_ZERO);
				}
			}
			else if (Args.is(argv[j], "COUNT") && more) {
				count = Args.parsePositiveLong(argv[++j], "COUNT can't be negative");
			}
			else if (Args.is(argv[j], "MAXLEN") && more) {
				maxlen = Args.parsePositiveLong(argv[++j], "MAXLEN can't be negative");
			}
			else {
				throw new CommandException(CommandException.SYNTAX);
			}
		}
		boolean forward = true;
		if (rank < 0) {
			rank = -rank;
			forward = false;
		}
		ListValue list = this.reads.read(db(session), argv[1], ListValue.class);
		if (list == null) {
			if (count != -1) {
				out.arrayHeader(0);
			}
			else {
				out.nullBulk();
			}
			return;
		}
		long length = list.size();
		List<Long> found = count != -1 ? new ArrayList<>() : null;
		long index = 0;
		long matches = 0;
		long matchIndex = -1;
		ListValue.Cursor cursor = list.cursorAt(forward ? 0 : -1, forward);
		while (cursor.valid() && (maxlen == 0 || index < maxlen)) {
			if (cursor.matches(argv[2])) {
				matches++;
				matchIndex = forward ? index : length - index - 1;
				if (matches >= rank) {
					if (found == null) {
						break;
					}
					found.add(matchIndex);
					if (count != 0 && matches - rank + 1 >= count) {
						break;
					}
				}
			}
			index++;
			matchIndex = -1;
			cursor.advance();
		}
		if (found != null) {
			out.arrayHeader(found.size());
			for (long i : found) {
				out.integer(i);
			}
		}
		else if (matchIndex != -1) {
			out.integer(matchIndex);
		}
		else {
			out.nullBulk();
		}
	}

	/** LREM key count element: from the head, from the tail (negative count), or all (0). */
	private void lrem(Session session, byte[][] argv, ReplyWriter out) {
		long toRemove = Args.parseLong(argv[2]);
		Keyspace db = db(session);
		ListValue list = KeyReads.forWrite(db, argv[1], ListValue.class);
		if (list == null) {
			out.integer(0);
			return;
		}
		boolean forward = toRemove >= 0;
		if (toRemove < 0) {
			toRemove = -toRemove;
		}
		long before = list.memoryBytes();
		long removed = 0;
		ListValue.Cursor cursor = list.cursorAt(forward ? 0 : -1, forward);
		while (cursor.valid()) {
			if (cursor.matches(argv[3])) {
				cursor.delete();
				removed++;
				if (toRemove != 0 && removed == toRemove) {
					break;
				}
			}
			else {
				cursor.advance();
			}
		}
		if (removed > 0) {
			removed(db, argv[1], list, before);
		}
		out.integer(removed);
	}

	/** LMOVE source destination LEFT|RIGHT LEFT|RIGHT */
	private void lmove(Session session, byte[][] argv, ReplyWriter out) {
		boolean fromHead = position(argv[3]);
		boolean toHead = position(argv[4]);
		move(session, argv[1], argv[2], fromHead, toHead, out);
	}

	/** LEFT or RIGHT (true for LEFT, the head), else a syntax error. */
	private static boolean position(byte[] arg) {
		if (Args.is(arg, "RIGHT")) {
			return false;
		}
		if (Args.is(arg, "LEFT")) {
			return true;
		}
		throw new CommandException(CommandException.SYNTAX);
	}

	/** Redis's lmoveGenericCommand: pops from the source, pushes to the destination (created if missing). */
	private void move(Session session, byte[] source, byte[] destination, boolean fromHead, boolean toHead,
			ReplyWriter out) {
		Keyspace db = db(session);
		ListValue from = KeyReads.forWrite(db, source, ListValue.class);
		if (from == null) {
			out.nullBulk();
			return;
		}
		out.bulk(moveOne(db, source, from, destination, fromHead, toHead));
	}

	/**
	 * Moves one element of a non-empty list to the destination, which must hold a list or nothing
	 * (WRONGTYPE otherwise, before anything changes); returns the element.
	 */
	private byte[] moveOne(Keyspace db, byte[] source, ListValue from, byte[] destination, boolean fromHead,
			boolean toHead) {
		ListValue to = KeyReads.forWrite(db, destination, ListValue.class);
		long fromBefore = from.memoryBytes();
		long toBefore = to == null ? 0 : to.memoryBytes();
		byte[] value = from.pop(fromHead);
		if (to == null) {
			to = newList();
			to.push(value, toHead);
			db.set(destination, to);
		}
		else {
			to.push(value, toHead);
			if (to != from) {
				db.modified(destination, to.memoryBytes() - toBefore);
			}
		}
		removed(db, source, from, fromBefore);
		return value;
	}

	/** BLPOP / BRPOP key [key ...] timeout */
	private void blockingPop(Session session, byte[][] argv, ReplyWriter out, boolean atHead) {
		long deadline = this.blocked.deadline(argv[argv.length - 1]);
		List<byte[]> keys = List.of(argv).subList(1, argv.length - 1);
		Keyspace db = db(session);
		for (byte[] key : keys) {
			ListValue list = KeyReads.forWrite(db, key, ListValue.class);
			if (list != null && !list.isEmpty()) {
				popOne(session, db, key, list, atHead, out);
				return;
			}
		}
		if (!session.mayBlock()) {
			out.nullArray();
			return;
		}
		this.blocked.block(session, keys, ValueType.LIST, deadline,
				(d, key, value, reply) -> popOne(session, d, key, (ListValue) value, atHead, reply));
	}

	/** BLPOP's reply: the key and the element popped from it; recorded as the LPOP or RPOP it was. */
	private static boolean popOne(Session session, Keyspace db, byte[] key, ListValue list, boolean atHead,
			ReplyWriter out) {
		session.propagateAs(atHead ? Effects.LPOP : Effects.RPOP, key);
		long before = list.memoryBytes();
		byte[] value = list.pop(atHead);
		out.arrayHeader(2);
		out.bulk(key);
		out.bulk(value);
		removed(db, key, list, before);
		return true;
	}

	/** BLMOVE source destination LEFT|RIGHT LEFT|RIGHT timeout */
	private void blmove(Session session, byte[][] argv, ReplyWriter out) {
		boolean fromHead = position(argv[3]);
		boolean toHead = position(argv[4]);
		blockingMove(session, argv[1], argv[2], fromHead, toHead, this.blocked.deadline(argv[5]),
				new byte[][] { Effects.LMOVE, argv[1], argv[2], fromHead ? Effects.LEFT : Effects.RIGHT,
						toHead ? Effects.LEFT : Effects.RIGHT },
				out);
	}

	/** BRPOPLPUSH source destination timeout */
	private void brpoplpush(Session session, byte[][] argv, ReplyWriter out) {
		blockingMove(session, argv[1], argv[2], false, true, this.blocked.deadline(argv[3]),
				new byte[][] { Effects.RPOPLPUSH, argv[1], argv[2] }, out);
	}

	/** @param effect the LMOVE or RPOPLPUSH the move is recorded as, whether it blocked or not */
	private void blockingMove(Session session, byte[] source, byte[] destination, boolean fromHead, boolean toHead,
			long deadline, byte[][] effect, ReplyWriter out) {
		Keyspace db = db(session);
		ListValue from = KeyReads.forWrite(db, source, ListValue.class);
		if (from != null) {
			out.bulk(moveOne(db, source, from, destination, fromHead, toHead));
			session.propagateAs(effect);
			return;
		}
		if (!session.mayBlock()) {
			out.nullBulk();
			return;
		}
		this.blocked.block(session, List.of(source), ValueType.LIST, deadline, destination,
				(d, key, value, reply) -> {
			try {
				reply.bulk(moveOne(d, key, (ListValue) value, destination, fromHead, toHead));
				session.propagateAs(effect);
			}
			catch (CommandException ex) {
				reply.error(ex.getMessage()); // a destination of another type ends the wait, and nothing moves
			}
			return true;
		});
	}

	/**
	 * LMPOP numkeys key [key ...] LEFT|RIGHT [COUNT count], and BLMPOP timeout numkeys ...: the
	 * arguments after the timeout are checked before it, as in Redis.
	 */
	private void mpop(Session session, byte[][] argv, ReplyWriter out, int numkeysIndex, boolean blocking) {
		long numkeys = Args.parseLong(argv[numkeysIndex], 1, Long.MAX_VALUE, "numkeys should be greater than 0");
		long whereIndex = numkeysIndex + numkeys + 1;
		if (whereIndex >= argv.length || whereIndex < 0) {
			throw new CommandException(CommandException.SYNTAX);
		}
		boolean atHead = position(argv[(int) whereIndex]);
		long count = -1;
		for (int j = (int) whereIndex + 1; j < argv.length; j++) {
			if (count == -1 && Args.is(argv[j], "COUNT") && j < argv.length - 1) {
				count = Args.parseLong(argv[++j], 1, Long.MAX_VALUE, "count should be greater than 0");
			}
			else {
				throw new CommandException(CommandException.SYNTAX);
			}
		}
		long popCount = count == -1 ? 1 : count;
		long deadline = blocking ? this.blocked.deadline(argv[1]) : 0;
		List<byte[]> keys = List.of(argv).subList(numkeysIndex + 1, (int) whereIndex);
		Keyspace db = db(session);
		for (byte[] key : keys) {
			ListValue list = KeyReads.forWrite(db, key, ListValue.class);
			if (list != null && !list.isEmpty()) {
				popWithKey(session, db, key, list, atHead, popCount, out);
				return;
			}
		}
		if (!blocking || !session.mayBlock()) {
			out.nullArray();
			return;
		}
		this.blocked.block(session, keys, ValueType.LIST, deadline,
				(d, key, value, reply) -> popWithKey(session, d, key, (ListValue) value, atHead, popCount, reply));
	}

	/**
	 * LMPOP's reply: the key, then the elements popped from it (listPopRangeAndReplyWithKey);
	 * recorded as LPOP or RPOP of the key with the count popped, as Redis records LMPOP and BLMPOP.
	 */
	private static boolean popWithKey(Session session, Keyspace db, byte[] key, ListValue list, boolean atHead,
			long count, ReplyWriter out) {
		session.propagateAs(atHead ? Effects.LPOP : Effects.RPOP, key,
				Args.bytes(Long.toString(Math.min(count, list.size()))));
		long before = list.memoryBytes();
		out.arrayHeader(2);
		out.bulk(key);
		popRange(list, atHead, count, out);
		removed(db, key, list, before);
		return true;
	}

}
