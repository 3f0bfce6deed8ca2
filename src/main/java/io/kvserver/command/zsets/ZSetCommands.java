package io.kvserver.command.zsets;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;

import io.kvserver.command.Args;
import io.kvserver.command.BlockedClients;
import io.kvserver.command.BulkSink;
import io.kvserver.command.CommandException;
import io.kvserver.command.CommandFamily;
import io.kvserver.command.CommandSpec;
import io.kvserver.command.Effects;
import io.kvserver.command.Session;
import io.kvserver.metrics.ServerStats;
import io.kvserver.protocol.ReplyWriter;
import io.kvserver.store.ByteKey;
import io.kvserver.store.Keyspace;
import io.kvserver.store.Store;
import io.kvserver.store.ValueType;
import io.kvserver.store.ZSetValue;

/**
 * The sorted-set commands of Redis 7.0's t_zset.c: ZADD and ZINCRBY, single-member reads, pops
 * (blocking ones included), ZRANDMEMBER and ZSCAN here; ranges in {@link ZRangeCommands}, unions,
 * intersections and differences in {@link ZSetAlgebra}. Argument checks come in Redis's order,
 * with its error texts.
 */
public final class ZSetCommands implements CommandFamily {

	private static final String NAN_RESULT = "ERR resulting score is not a number (NaN)";

	private final Store databases;

	private final ZSets zsets;

	private final BlockedClients blocked;

	private final ZRangeCommands ranges;

	private final ZSetAlgebra algebra;

	/**
	 * @param maxListpackEntries zset-max-listpack-entries
	 * @param maxListpackValue zset-max-listpack-value
	 */
	public ZSetCommands(Store databases, ServerStats stats, BlockedClients blocked, LongSupplier maxListpackEntries,
			LongSupplier maxListpackValue) {
		this.databases = databases;
		this.zsets = new ZSets(stats, maxListpackEntries, maxListpackValue);
		this.blocked = blocked;
		this.ranges = new ZRangeCommands(databases, this.zsets);
		this.algebra = new ZSetAlgebra(databases, this.zsets);
	}

	@Override
	public List<CommandSpec> commands() {
		List<CommandSpec> commands = new ArrayList<>(List.of(
				CommandSpec.of("zadd", (s, a, o) -> zadd(s, a, o, 0)),
				CommandSpec.of("zincrby", (s, a, o) -> zadd(s, a, o, ZSetValue.INCR)),
				CommandSpec.of("zrem", this::zrem),
				CommandSpec.of("zcard", this::zcard),
				CommandSpec.of("zscore", this::zscore),
				CommandSpec.of("zmscore", this::zmscore),
				CommandSpec.of("zrank", (s, a, o) -> zrank(s, a, o, false)),
				CommandSpec.of("zrevrank", (s, a, o) -> zrank(s, a, o, true)),
				CommandSpec.of("zpopmin", (s, a, o) -> zpop(s, a, o, false)),
				CommandSpec.of("zpopmax", (s, a, o) -> zpop(s, a, o, true)),
				CommandSpec.of("zmpop", (s, a, o) -> zmpop(s, a, o, 1, false)),
				CommandSpec.of("bzpopmin", (s, a, o) -> bzpop(s, a, o, false)),
				CommandSpec.of("bzpopmax", (s, a, o) -> bzpop(s, a, o, true)),
				CommandSpec.of("bzmpop", (s, a, o) -> zmpop(s, a, o, 2, true)),
				CommandSpec.of("zrandmember", this::zrandmember)));
		commands.addAll(this.ranges.commands());
		commands.addAll(this.algebra.commands());
		return commands;
	}

	@Override
	public String familyName() {
		return "zset";
	}

	private Keyspace db(Session session) {
		return this.databases.db(session.db());
	}

	/** zset-max-listpack-entries, for other families that build sorted sets (GEOSEARCHSTORE). */
	public long maxListpackEntries() {
		return this.zsets.maxEntries();
	}

	/** zset-max-listpack-value */
	public long maxListpackValue() {
		return this.zsets.maxValue();
	}

	/** ZADD with these arguments, as GEOADD runs it. */
	public void zadd(Session session, byte[][] argv, ReplyWriter out) {
		zadd(session, argv, out, 0);
	}

	/** ZADD key [NX|XX] [GT|LT] [CH] [INCR] score member [score member ...], and ZINCRBY key increment member. */
	private void zadd(Session session, byte[][] argv, ReplyWriter out, int flags) {
		int scoreIndex = 2;
		boolean ch = false;
		for (; scoreIndex < argv.length; scoreIndex++) {
			byte[] option = argv[scoreIndex];
			if (Args.is(option, "NX")) {
				flags |= ZSetValue.NX;
			}
			else if (Args.is(option, "XX")) {
				flags |= ZSetValue.XX;
			}
			else if (Args.is(option, "CH")) {
				ch = true;
			}
			else if (Args.is(option, "INCR")) {
				flags |= ZSetValue.INCR;
			}
			else if (Args.is(option, "GT")) {
				flags |= ZSetValue.GT;
			}
			else if (Args.is(option, "LT")) {
				flags |= ZSetValue.LT;
			}
			else {
				break;
			}
		}
		boolean incr = (flags & ZSetValue.INCR) != 0;
		boolean nx = (flags & ZSetValue.NX) != 0;
		boolean xx = (flags & ZSetValue.XX) != 0;
		boolean gt = (flags & ZSetValue.GT) != 0;
		boolean lt = (flags & ZSetValue.LT) != 0;
		int elements = argv.length - scoreIndex;
		if (elements % 2 != 0 || elements == 0) {
			throw new CommandException(CommandException.SYNTAX);
		}
		elements /= 2;
		if (nx && xx) {
			throw new CommandException("ERR XX and NX options at the same time are not compatible");
		}
		if ((gt && nx) || (lt && nx) || (gt && lt)) {
			throw new CommandException("ERR GT, LT, and/or NX options at the same time are not compatible");
		}
		if (incr && elements > 1) {
			throw new CommandException("ERR INCR option supports a single increment-element pair");
		}
		double[] scores = new double[elements];
		for (int j = 0; j < elements; j++) {
			scores[j] = ZSets.parseScore(argv[scoreIndex + 2 * j], ZSets.NOT_A_FLOAT);
		}
		Keyspace db = db(session);
		byte[] key = argv[1];
		ZSetValue zset = ZSets.forWrite(db, key);
		boolean created = false;
		long before = 0;
		int added = 0;
		int updated = 0;
		int processed = 0;
		double score = 0;
		if (zset == null) {
			if (xx) {
				reply(out, incr, ch, processed, score, added, updated);
				return;
			}
			zset = ZSetValue.create(0, argv[scoreIndex + 1].length, this.zsets.maxEntries(), this.zsets.maxValue());
			created = true;
		}
		else {
			before = zset.memoryBytes();
		}
		try {
			for (int j = 0; j < elements; j++) {
				int result = zset.add(scores[j], argv[scoreIndex + 1 + 2 * j], flags, this.zsets.maxEntries(),
						this.zsets.maxValue());
				if (result == ZSetValue.NAN) {
					throw new CommandException(NAN_RESULT);
				}
				if (result == ZSetValue.ADDED) {
					added++;
				}
				if (result == ZSetValue.UPDATED) {
					updated++;
				}
				if (result != ZSetValue.NOP) {
					processed++;
				}
				score = zset.lastScore();
			}
		}
		finally {
			if (created) {
				db.set(key, zset); // Redis adds the key before the members: it stays even if none could be added
			}
			else if (added + updated > 0) {
				db.modified(key, zset.memoryBytes() - before);
			}
		}
		reply(out, incr, ch, processed, score, added, updated);
	}

	private static void reply(ReplyWriter out, boolean incr, boolean ch, int processed, double score, int added,
			int updated) {
		if (incr) {
			if (processed > 0) {
				out.doubleValue(score);
			}
			else {
				out.nullBulk();
			}
		}
		else {
			out.integer(ch ? added + updated : added);
		}
	}

	private void zrem(Session session, byte[][] argv, ReplyWriter out) {
		Keyspace db = db(session);
		ZSetValue zset = ZSets.forWrite(db, argv[1]);
		if (zset == null) {
			out.integer(0);
			return;
		}
		long before = zset.memoryBytes();
		int deleted = 0;
		for (int j = 2; j < argv.length; j++) {
			if (zset.remove(argv[j])) {
				deleted++;
			}
			if (zset.isEmpty()) {
				break;
			}
		}
		if (deleted > 0) {
			ZSets.removed(db, argv[1], zset, before);
		}
		out.integer(deleted);
	}

	private void zcard(Session session, byte[][] argv, ReplyWriter out) {
		ZSetValue zset = this.zsets.read(db(session), argv[1]);
		out.integer(zset == null ? 0 : zset.size());
	}

	private void zscore(Session session, byte[][] argv, ReplyWriter out) {
		ZSetValue zset = this.zsets.read(db(session), argv[1]);
		double score = zset == null ? Double.NaN : zset.score(argv[2]);
		if (Double.isNaN(score)) {
			out.nullBulk();
		}
		else {
			out.doubleValue(score);
		}
	}

	private void zmscore(Session session, byte[][] argv, ReplyWriter out) {
		ZSetValue zset = this.zsets.read(db(session), argv[1]);
		out.arrayHeader(argv.length - 2);
		for (int j = 2; j < argv.length; j++) {
			double score = zset == null ? Double.NaN : zset.score(argv[j]);
			if (Double.isNaN(score)) {
				out.nullBulk();
			}
			else {
				out.doubleValue(score);
			}
		}
	}

	private void zrank(Session session, byte[][] argv, ReplyWriter out, boolean reverse) {
		ZSetValue zset = this.zsets.read(db(session), argv[1]);
		long rank = zset == null ? -1 : zset.rank(argv[2], reverse);
		if (rank < 0) {
			out.nullBulk();
		}
		else {
			out.integer(rank);
		}
	}

	/** ZPOPMIN / ZPOPMAX key [count] */
	private void zpop(Session session, byte[][] argv, ReplyWriter out, boolean highest) {
		if (argv.length > 3) {
			throw new CommandException(CommandException.SYNTAX);
		}
		long count = argv.length == 3 ? Args.parsePositiveLong(argv[2], null) : -1;
		boolean nested = out.isResp3() && count != -1;
		pop(db(session), List.of(argv[1]), highest, false, count, nested, false, out);
	}

	/**
	 * Redis's genericZpopCommand: pops from the first of the keys that exists.
	 * @param count -1 for a single pop
	 * @param withKey whether the key leads the reply (BZPOPMIN, ZMPOP)
	 * @param nested [member, score] pairs (ZMPOP, and ZPOPMIN with a count in RESP3), else a flat array
	 * @param nullWhenEmpty a null array rather than an empty one when no key exists
	 */
	static void pop(Keyspace db, List<byte[]> keys, boolean highest, boolean withKey, long count, boolean nested,
			boolean nullWhenEmpty, ReplyWriter out) {
		byte[] key = null;
		ZSetValue zset = null;
		for (byte[] k : keys) {
			zset = ZSets.forWrite(db, k);
			if (zset != null) {
				key = k;
				break;
			}
		}
		if (zset == null) {
			if (nullWhenEmpty) {
				out.nullArray();
			}
			else {
				out.arrayHeader(0);
			}
			return;
		}
		if (count == 0) {
			out.arrayHeader(0);
			return;
		}
		long length = Math.min(count == -1 ? 1 : count, zset.size());
		if (!nested && !withKey) {
			out.arrayHeader((int) (length * 2));
		}
		else if (nested && !withKey) {
			out.arrayHeader((int) length);
		}
		else if (!nested) {
			out.arrayHeader((int) (length * 2 + 1));
			out.bulk(key);
		}
		else {
			out.arrayHeader(2);
			out.bulk(key);
			out.arrayHeader((int) length);
		}
		long before = zset.memoryBytes();
		for (long i = 0; i < length; i++) {
			ZSetValue.Entry entry = zset.pop(highest);
			if (nested) {
				out.arrayHeader(2);
			}
			out.bulk(entry.member());
			out.doubleValue(entry.score());
		}
		ZSets.removed(db, key, zset, before);
	}

	/** BZPOPMIN / BZPOPMAX key [key ...] timeout */
	private void bzpop(Session session, byte[][] argv, ReplyWriter out, boolean highest) {
		long deadline = this.blocked.deadline(argv[argv.length - 1]);
		List<byte[]> keys = List.of(argv).subList(1, argv.length - 1);
		blockingPop(session, keys, highest, -1, false, deadline, out);
	}

	private void blockingPop(Session session, List<byte[]> keys, boolean highest, long count, boolean nested,
			long deadline, ReplyWriter out) {
		Keyspace db = db(session);
		for (byte[] key : keys) {
			ZSetValue zset = ZSets.forWrite(db, key);
			if (zset != null && !zset.isEmpty()) {
				propagateAsZpop(session, key, zset, highest, count);
				pop(db, List.of(key), highest, true, count, nested, nested, out);
				return;
			}
		}
		if (!session.mayBlock()) {
			out.nullArray();
			return;
		}
		this.blocked.block(session, keys, ValueType.ZSET, deadline, (d, key, value, reply) -> {
			propagateAsZpop(session, key, (ZSetValue) value, highest, count);
			pop(d, List.of(key), highest, true, count, nested, nested, reply);
			return true;
		});
	}

	/** A blocking pop is recorded (AOF) as the ZPOPMIN or ZPOPMAX it was, with the count popped if it had one. */
	private static void propagateAsZpop(Session session, byte[] key, ZSetValue zset, boolean highest, long count) {
		byte[] command = highest ? Effects.ZPOPMAX : Effects.ZPOPMIN;
		if (count == -1) {
			session.propagateAs(command, key);
		}
		else {
			session.propagateAs(command, key, Args.bytes(Long.toString(Math.min(count, zset.size()))));
		}
	}

	/**
	 * ZMPOP numkeys key [key ...] MIN|MAX [COUNT count], and BZMPOP timeout numkeys ...: the
	 * arguments after the timeout are checked before it.
	 */
	private void zmpop(Session session, byte[][] argv, ReplyWriter out, int numkeysIndex, boolean blocking) {
		long numkeys = Args.parseLong(argv[numkeysIndex], 1, Long.MAX_VALUE, "numkeys should be greater than 0");
		long whereIndex = numkeysIndex + numkeys + 1;
		if (whereIndex >= argv.length || whereIndex < 0) {
			throw new CommandException(CommandException.SYNTAX);
		}
		boolean highest;
		if (Args.is(argv[(int) whereIndex], "MIN")) {
			highest = false;
		}
		else if (Args.is(argv[(int) whereIndex], "MAX")) {
			highest = true;
		}
		else {
			throw new CommandException(CommandException.SYNTAX);
		}
		long count = -1;
		for (int j = (int) whereIndex + 1; j < argv.length; j++) {
			if (count == -1 && Args.is(argv[j], "COUNT") && j < argv.length - 1) {
				count = Args.parseLong(argv[++j], 1, Long.MAX_VALUE, "count should be greater than 0");
			}
			else {
				throw new CommandException(CommandException.SYNTAX);
			}
		}
		if (count == -1) {
			count = 1;
		}
		List<byte[]> keys = List.of(argv).subList(numkeysIndex + 1, (int) whereIndex);
		if (blocking) {
			blockingPop(session, keys, highest, count, true, this.blocked.deadline(argv[1]), out);
		}
		else {
			pop(db(session), keys, highest, true, count, true, true, out);
		}
	}

	/** ZRANDMEMBER key [count [WITHSCORES]] */
	private void zrandmember(Session session, byte[][] argv, ReplyWriter out) {
		if (argv.length >= 3) {
			long count = Args.parseLong(argv[2], -Long.MAX_VALUE, Long.MAX_VALUE, null);
			boolean withScores = false;
			if (argv.length > 4 || (argv.length == 4 && !Args.is(argv[3], "WITHSCORES"))) {
				throw new CommandException(CommandException.SYNTAX);
			}
			if (argv.length == 4) {
				withScores = true;
				if (count < -Long.MAX_VALUE / 2 || count > Long.MAX_VALUE / 2) {
					throw new CommandException("ERR value is out of range");
				}
			}
			randomMembers(session, argv[1], count, withScores, out);
			return;
		}
		ZSetValue zset = this.zsets.read(db(session), argv[1]);
		if (zset == null) {
			out.nullBulk();
			return;
		}
		out.bulk(zset.random(ThreadLocalRandom.current()).member());
	}

	/** Redis's zrandmemberWithCountCommand: repeats allowed for a negative count, distinct members otherwise. */
	private void randomMembers(Session session, byte[] key, long requested, boolean withScores, ReplyWriter out) {
		ZSetValue zset = this.zsets.read(db(session), key);
		if (zset == null) {
			out.arrayHeader(0);
			return;
		}
		long size = zset.size();
		boolean unique = requested >= 0;
		long count = unique ? requested : -requested;
		if (count == 0) {
			out.arrayHeader(0);
			return;
		}
		ThreadLocalRandom random = ThreadLocalRandom.current();
		if (!unique || count == 1) {
			ZSets.rangeHeader(out, count, withScores);
			for (long i = 0; i < count; i++) {
				ZSetValue.Entry entry = zset.random(random);
				ZSets.rangeEntry(out, entry.member(), entry.score(), withScores);
				if (out.overLimit()) {
					out.closeAfterWrite(); // as Redis drops a client past its output buffer limit
					return;
				}
			}
			return;
		}
		ZSets.rangeHeader(out, Math.min(count, size), withScores);
		if (count >= size) {
			BulkSink sink = new BulkSink(out);
			// The whole set, from the highest score down, as Redis's zuiNext walks it.
			for (ZSetValue.Cursor c = zset.all(true); c.valid(); c.advance()) {
				ZSets.rangeEntry(out, c, withScores, sink);
			}
			return;
		}
		// Distinct members: drop random ones from a copy when most are wanted, else draw until enough.
		List<ZSetValue.Entry> picked = new ArrayList<>();
		if (count * 3 > size) {
			for (ZSetValue.Cursor c = zset.all(false); c.valid(); c.advance()) {
				picked.add(new ZSetValue.Entry(c.member(), c.score()));
			}
			while (picked.size() > count) {
				int i = random.nextInt(picked.size());
				picked.set(i, picked.get(picked.size() - 1));
				picked.remove(picked.size() - 1);
			}
		}
		else {
			HashSet<ByteKey> seen = new HashSet<>();
			while (picked.size() < count) {
				ZSetValue.Entry entry = zset.random(random);
				if (seen.add(new ByteKey(entry.member()))) {
					picked.add(entry);
				}
			}
		}
		for (ZSetValue.Entry entry : picked) {
			ZSets.rangeEntry(out, entry.member(), entry.score(), withScores);
		}
	}

}
