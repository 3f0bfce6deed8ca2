package io.kvserver.command.zsets;

import java.util.ArrayList;
import java.util.List;

import io.kvserver.command.Args;
import io.kvserver.command.BulkSink;
import io.kvserver.command.CommandException;
import io.kvserver.command.CommandSpec;
import io.kvserver.command.Session;
import io.kvserver.protocol.ReplyWriter;
import io.kvserver.store.Keyspace;
import io.kvserver.store.Store;
import io.kvserver.store.ZRange;
import io.kvserver.store.ZSetValue;

/**
 * The range commands of t_zset.c: ZRANGE (BYSCORE, BYLEX, REV, LIMIT, WITHSCORES) and its older
 * forms, ZRANGESTORE, ZCOUNT, ZLEXCOUNT and ZREMRANGEBYRANK/SCORE/LEX. One implementation serves
 * them all, as Redis's zrangeGenericCommand does, writing either to the client or into a new set.
 */
final class ZRangeCommands {

	private enum By {
		AUTO, RANK, SCORE, LEX
	}

	private final Store databases;

	private final ZSets zsets;

	ZRangeCommands(Store databases, ZSets zsets) {
		this.databases = databases;
		this.zsets = zsets;
	}

	List<CommandSpec> commands() {
		return List.of(
				CommandSpec.of("zrange", (s, a, o) -> range(s, a, o, 1, false, By.AUTO, null)),
				CommandSpec.of("zrangestore", (s, a, o) -> range(s, a, o, 2, true, By.AUTO, null)),
				CommandSpec.of("zrevrange", (s, a, o) -> range(s, a, o, 1, false, By.RANK, true)),
				CommandSpec.of("zrangebyscore", (s, a, o) -> range(s, a, o, 1, false, By.SCORE, false)),
				CommandSpec.of("zrevrangebyscore", (s, a, o) -> range(s, a, o, 1, false, By.SCORE, true)),
				CommandSpec.of("zrangebylex", (s, a, o) -> range(s, a, o, 1, false, By.LEX, false)),
				CommandSpec.of("zrevrangebylex", (s, a, o) -> range(s, a, o, 1, false, By.LEX, true)),
				CommandSpec.of("zcount", (s, a, o) -> count(s, a, o, ZRanges.byScore(a[2], a[3]))),
				CommandSpec.of("zlexcount", (s, a, o) -> count(s, a, o, ZRanges.byLex(a[2], a[3]))),
				CommandSpec.of("zremrangebyrank", this::removeRangeByRank),
				CommandSpec.of("zremrangebyscore", (s, a, o) -> removeRange(s, a, o, ZRanges.byScore(a[2], a[3]))),
				CommandSpec.of("zremrangebylex", (s, a, o) -> removeRange(s, a, o, ZRanges.byLex(a[2], a[3]))));
	}

	private Keyspace db(Session session) {
		return this.databases.db(session.db());
	}

	/**
	 * Redis's zrangeGenericCommand: {@code <src> <min> <max> [BYSCORE | BYLEX] [REV] [WITHSCORES]
	 * [LIMIT offset count]} from {@code argv[keyIndex]} on.
	 * @param store ZRANGESTORE: the result goes to {@code argv[1]}, and WITHSCORES is not an option
	 * @param by what the older commands fix (AUTO for ZRANGE and ZRANGESTORE, where BYSCORE and BYLEX are options)
	 * @param direction what the older commands fix (null for ZRANGE and ZRANGESTORE, where REV is an option)
	 */
	private void range(Session session, byte[][] argv, ReplyWriter out, int keyIndex, boolean store, By by,
			Boolean direction) {
		boolean reverse = direction != null && direction;
		boolean directionOpen = direction == null;
		boolean withScores = false;
		long offset = 0;
		long limit = -1;
		for (int j = keyIndex + 3; j < argv.length; j++) {
			int left = argv.length - j - 1;
			if (!store && Args.is(argv[j], "WITHSCORES")) {
				withScores = true;
			}
			else if (Args.is(argv[j], "LIMIT") && left >= 2) {
				offset = Args.parseLong(argv[j + 1]);
				limit = Args.parseLong(argv[j + 2]);
				j += 2;
			}
			else if (directionOpen && Args.is(argv[j], "REV")) {
				reverse = true;
				directionOpen = false;
			}
			else if (by == By.AUTO && Args.is(argv[j], "BYLEX")) {
				by = By.LEX;
			}
			else if (by == By.AUTO && Args.is(argv[j], "BYSCORE")) {
				by = By.SCORE;
			}
			else {
				throw new CommandException(CommandException.SYNTAX);
			}
		}
		if (by == By.AUTO) {
			by = By.RANK;
		}
		if (limit != -1 && by == By.RANK) {
			throw new CommandException(
					"ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX");
		}
		if (withScores && by == By.LEX) {
			throw new CommandException("ERR syntax error, WITHSCORES not supported in combination with BYLEX");
		}
		byte[] minArg = argv[keyIndex + 1];
		byte[] maxArg = argv[keyIndex + 2];
		if (reverse && by != By.RANK) {
			byte[] swap = minArg; // given as max, min
			minArg = maxArg;
			maxArg = swap;
		}
		long start = 0;
		long end = 0;
		ZRange range = null;
		switch (by) {
			case SCORE -> range = ZRanges.byScore(minArg, maxArg);
			case LEX -> range = ZRanges.byLex(minArg, maxArg);
			default -> {
				start = Args.parseLong(minArg);
				end = Args.parseLong(maxArg);
			}
		}
		Keyspace db = db(session);
		ZSetValue zset = this.zsets.read(db, argv[keyIndex]);
		Result result = store ? new StoreResult(db, argv[1], out) : new ClientResult(out, withScores);
		if (zset == null) {
			result.finish(0);
			return;
		}
		if (by == By.RANK) {
			byRank(zset, start, end, reverse, result);
		}
		else {
			byRange(zset, range, offset, limit, reverse, result);
		}
	}

	/** genericZrangebyrankCommand */
	private void byRank(ZSetValue zset, long start, long end, boolean reverse, Result result) {
		long length = zset.size();
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
			result.begin(0);
			result.finish(0);
			return;
		}
		if (end >= length) {
			end = length - 1;
		}
		long count = end - start + 1;
		result.begin(count);
		ZSetValue.Cursor cursor = zset.atRank(start, reverse);
		for (long i = 0; i < count; i++) {
			result.emit(cursor);
			cursor.advance();
		}
		result.finish(count);
	}

	/** genericZrangebyscoreCommand and genericZrangebylexCommand: the length is known only at the end. */
	private void byRange(ZSetValue zset, ZRange range, long offset, long limit, boolean reverse, Result result) {
		result.begin(-1);
		if (offset > 0 && offset >= zset.size()) {
			result.finish(0);
			return;
		}
		ZSetValue.Cursor cursor = zset.firstIn(range, reverse);
		while (cursor.valid() && offset-- != 0) { // a negative offset walks off the end, as in Redis
			cursor.advance();
		}
		long count = 0;
		while (cursor.valid() && limit-- != 0) {
			if (reverse ? !cursor.aboveMin(range) : !cursor.belowMax(range)) {
				break;
			}
			count++;
			result.emit(cursor);
			cursor.advance();
		}
		result.finish(count);
	}

	/** Where a range goes: Redis's zrange_result_handler. */
	private interface Result {

		/** @param length the number of members, or -1 if it is known only at the end */
		void begin(long length);

		void emit(ZSetValue.Cursor cursor);

		void finish(long count);

	}

	/** The reply; a range of unknown length is gathered first, since the array header comes before it. */
	private static final class ClientResult implements Result {

		private final ReplyWriter out;

		private final boolean withScores;

		private final BulkSink sink;

		private List<ZSetValue.Entry> gathered;

		private boolean begun;

		ClientResult(ReplyWriter out, boolean withScores) {
			this.out = out;
			this.withScores = withScores;
			this.sink = new BulkSink(out);
		}

		@Override
		public void begin(long length) {
			this.begun = true;
			if (length >= 0) {
				ZSets.rangeHeader(this.out, length, this.withScores);
			}
			else {
				this.gathered = new ArrayList<>();
			}
		}

		@Override
		public void emit(ZSetValue.Cursor cursor) {
			if (this.gathered != null) {
				this.gathered.add(new ZSetValue.Entry(cursor.member(), cursor.score()));
			}
			else {
				ZSets.rangeEntry(this.out, cursor, this.withScores, this.sink);
			}
		}

		@Override
		public void finish(long count) {
			if (!this.begun) {
				this.out.arrayHeader(0); // a missing key: an empty array, whatever the options
				return;
			}
			if (this.gathered != null) {
				ZSets.rangeHeader(this.out, this.gathered.size(), this.withScores);
				for (ZSetValue.Entry entry : this.gathered) {
					ZSets.rangeEntry(this.out, entry.member(), entry.score(), this.withScores);
				}
			}
		}

	}

	/** ZRANGESTORE: a new set under the destination key, or the key deleted if the range is empty. */
	private final class StoreResult implements Result {

		private final Keyspace db;

		private final byte[] destination;

		private final ReplyWriter out;

		private ZSetValue result;

		StoreResult(Keyspace db, byte[] destination, ReplyWriter out) {
			this.db = db;
			this.destination = destination;
			this.out = out;
		}

		@Override
		public void begin(long length) {
			this.result = length > ZRangeCommands.this.zsets.maxEntries() ? ZSetValue.createSkiplist()
					: ZSetValue.createListpack();
		}

		@Override
		public void emit(ZSetValue.Cursor cursor) {
			ZRangeCommands.this.zsets.add(this.result, cursor.score(), cursor.member());
		}

		@Override
		public void finish(long count) {
			if (count > 0) {
				this.db.set(this.destination, this.result);
				this.out.integer(count);
			}
			else {
				this.out.integer(0);
				this.db.delete(this.destination);
			}
		}

	}

	/** ZCOUNT and ZLEXCOUNT: the range is parsed before the key is looked up. */
	private void count(Session session, byte[][] argv, ReplyWriter out, ZRange range) {
		ZSetValue zset = this.zsets.read(db(session), argv[1]);
		out.integer(zset == null ? 0 : zset.count(range));
	}

	/** ZREMRANGEBYRANK key start stop */
	private void removeRangeByRank(Session session, byte[][] argv, ReplyWriter out) {
		long start = Args.parseLong(argv[2]);
		long end = Args.parseLong(argv[3]);
		Keyspace db = db(session);
		ZSetValue zset = ZSets.forWrite(db, argv[1]);
		if (zset == null) {
			out.integer(0);
			return;
		}
		long length = zset.size();
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
			out.integer(0);
			return;
		}
		if (end >= length) {
			end = length - 1;
		}
		long before = zset.memoryBytes();
		long deleted = zset.deleteRangeByRank(start, end);
		ZSets.removed(db, argv[1], zset, before);
		out.integer(deleted);
	}

	/** ZREMRANGEBYSCORE and ZREMRANGEBYLEX: the range is parsed before the key is looked up. */
	private void removeRange(Session session, byte[][] argv, ReplyWriter out, ZRange range) {
		Keyspace db = db(session);
		ZSetValue zset = ZSets.forWrite(db, argv[1]);
		if (zset == null) {
			out.integer(0);
			return;
		}
		long before = zset.memoryBytes();
		long deleted = zset.deleteRange(range);
		if (deleted > 0) {
			ZSets.removed(db, argv[1], zset, before);
		}
		out.integer(deleted);
	}

}
