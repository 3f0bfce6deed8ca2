package io.kvserver.command.strings;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

import io.kvserver.command.Args;
import io.kvserver.command.CommandException;
import io.kvserver.command.CommandFamily;
import io.kvserver.command.CommandSpec;
import io.kvserver.command.Effects;
import io.kvserver.command.KeyReads;
import io.kvserver.command.Session;
import io.kvserver.metrics.ServerStats;
import io.kvserver.protocol.ReplyWriter;
import io.kvserver.store.Keyspace;
import io.kvserver.store.MutableString;
import io.kvserver.store.Store;
import io.kvserver.store.Strings;
import io.kvserver.util.Numbers;

/** The string commands, with Redis 7.0's semantics and error texts (t_string.c). */
public final class StringCommands implements CommandFamily {

	/** Redis's default proto-max-bulk-len, the largest string APPEND and SETRANGE may build. */
	public static final long DEFAULT_MAX_STRING_LENGTH = 512L * 1024 * 1024;

	private static final String TOO_LONG = "ERR string exceeds maximum allowed size (proto-max-bulk-len)";

	private static final byte[] EMPTY = {};

	private final Store databases;

	private final LongSupplier clock;

	private final KeyReads reads;

	private final LongSupplier maxStringLength;

	public StringCommands(Store databases, LongSupplier clock, ServerStats stats) {
		this(databases, clock, stats, () -> DEFAULT_MAX_STRING_LENGTH);
	}

	/**
	 * @param maxStringLength proto-max-bulk-len, read at each command as Redis reads it (CONFIG SET
	 * changes it): APPEND and SETRANGE refuse to build a longer string
	 */
	public StringCommands(Store databases, LongSupplier clock, ServerStats stats, LongSupplier maxStringLength) {
		this.databases = databases;
		this.clock = clock;
		this.reads = new KeyReads(stats);
		this.maxStringLength = maxStringLength;
	}

	@Override
	public List<CommandSpec> commands() {
		return List.of(
				CommandSpec.of("get", this::get),
				CommandSpec.of("set", this::set),
				CommandSpec.of("setnx", this::setNx),
				CommandSpec.of("setex", (s, a, o) -> setEx(s, a, o, SetOptions.Unit.EX, "setex")),
				CommandSpec.of("psetex", (s, a, o) -> setEx(s, a, o, SetOptions.Unit.PX, "psetex")),
				CommandSpec.of("getset", this::getSet),
				CommandSpec.of("getdel", this::getDel),
				CommandSpec.of("getex", this::getEx),
				CommandSpec.of("incr", (s, a, o) -> incrBy(s, a[1], 1, o)),
				CommandSpec.of("decr", (s, a, o) -> incrBy(s, a[1], -1, o)),
				CommandSpec.of("incrby", (s, a, o) -> incrBy(s, a[1], Args.parseLong(a[2]), o)),
				CommandSpec.of("decrby", this::decrBy),
				CommandSpec.of("incrbyfloat", this::incrByFloat),
				CommandSpec.of("mget", this::mget),
				CommandSpec.of("mset", (s, a, o) -> mset(s, a, o, false)),
				CommandSpec.of("msetnx", (s, a, o) -> mset(s, a, o, true)),
				CommandSpec.of("append", this::append),
				CommandSpec.of("strlen", this::strlen),
				CommandSpec.of("getrange", this::getRange),
				CommandSpec.of("substr", this::getRange),
				CommandSpec.of("setrange", this::setRange),
				CommandSpec.of("lcs", new Lcs(this.reads, this.databases)::execute));
	}

	private Keyspace db(Session session) {
		return this.databases.db(session.db());
	}

	private void get(Session session, byte[][] argv, ReplyWriter out) {
		replyValue(this.reads.readString(db(session), argv[1]), out);
	}

	private static void replyValue(Object value, ReplyWriter out) {
		if (value == null) {
			out.nullBulk();
		}
		else {
			replyString(value, out);
		}
	}

	private static void replyString(Object value, ReplyWriter out) {
		out.bulk(Strings.array(value), 0, Strings.length(value));
	}

	/** SET key value [NX | XX] [GET] [EX s | PX ms | EXAT ts | PXAT ms-ts | KEEPTTL] */
	private void set(Session session, byte[][] argv, ReplyWriter out) {
		SetOptions options = SetOptions.parse(argv, 3);
		long expireAt = options.expireAtMillis(this.clock.getAsLong(), "set");
		Keyspace db = db(session);
		byte[] key = argv[1];
		if (options.get()) {
			replyValue(this.reads.readString(db, key), out);
		}
		if ((options.nx() || options.xx()) && (db.get(key) != null) == options.nx()) {
			if (!options.get()) {
				out.nullBulk();
			}
			return;
		}
		if (expireAt != SetOptions.NO_EXPIRY) {
			db.set(key, argv[2], expireAt);
			session.propagateAs(Effects.setPxat(key, argv[2], expireAt));
		}
		else if (options.keepTtl()) {
			db.setKeepTtl(key, argv[2]);
		}
		else {
			db.set(key, argv[2]);
		}
		if (!options.get()) {
			out.ok();
		}
		else if (expireAt == SetOptions.NO_EXPIRY) {
			session.propagateAs(withoutGet(argv));
		}
	}

	/** SET's arguments without GET (which may be repeated), as Redis propagates SET ... GET. */
	private static byte[][] withoutGet(byte[][] argv) {
		List<byte[]> kept = new ArrayList<>(argv.length);
		for (int i = 0; i < argv.length; i++) {
			if (i < 3 || !Args.is(argv[i], "GET")) {
				kept.add(argv[i]);
			}
		}
		return kept.toArray(new byte[0][]);
	}

	private void setNx(Session session, byte[][] argv, ReplyWriter out) {
		Keyspace db = db(session);
		if (db.get(argv[1]) != null) {
			out.integer(0);
			return;
		}
		db.set(argv[1], argv[2]);
		out.integer(1);
	}

	/** SETEX key seconds value, PSETEX key milliseconds value. */
	private void setEx(Session session, byte[][] argv, ReplyWriter out, SetOptions.Unit unit, String name) {
		long expireAt = SetOptions.expireAtMillis(argv[2], unit, this.clock.getAsLong(), name);
		db(session).set(argv[1], argv[3], expireAt);
		session.propagateAs(Effects.setPxat(argv[1], argv[3], expireAt));
		out.ok();
	}

	private void getSet(Session session, byte[][] argv, ReplyWriter out) {
		Keyspace db = db(session);
		replyValue(this.reads.readString(db, argv[1]), out);
		db.set(argv[1], argv[2]);
		session.propagateAs(Effects.SET, argv[1], argv[2]);
	}

	private void getDel(Session session, byte[][] argv, ReplyWriter out) {
		Keyspace db = db(session);
		Object value = this.reads.readString(db, argv[1]);
		replyValue(value, out);
		if (value != null) {
			db.delete(argv[1]);
			session.propagateAs(Effects.del(argv[1]));
		}
	}

	/**
	 * GETEX key [EX | PX | EXAT | PXAT time | PERSIST]. As in Redis, options are checked first, then
	 * the key, and only then the time's value, so a missing key answers nil even for a bad time.
	 */
	private void getEx(Session session, byte[][] argv, ReplyWriter out) {
		SetOptions options = SetOptions.parseGetEx(argv);
		Keyspace db = db(session);
		byte[] key = argv[1];
		Object value = this.reads.readString(db, key);
		if (value == null) {
			out.nullBulk();
			return;
		}
		long now = this.clock.getAsLong();
		long expireAt = options.expireAtMillis(now, "getex");
		replyString(value, out);
		if (expireAt != SetOptions.NO_EXPIRY) {
			if (options.absolute() && expireAt <= now) {
				db.delete(key);
				session.propagateAs(Effects.del(key));
			}
			else {
				db.setExpireAt(key, expireAt);
				session.propagateAs(Effects.pexpireat(key, expireAt));
			}
		}
		else if (options.persist()) {
			db.persist(key);
			session.propagateAs(Effects.PERSIST, key);
		}
	}

	private void decrBy(Session session, byte[][] argv, ReplyWriter out) {
		long decrement = Args.parseLong(argv[2]);
		if (decrement == Long.MIN_VALUE) {
			throw new CommandException("ERR decrement would overflow");
		}
		incrBy(session, argv[1], -decrement, out);
	}

	private void incrBy(Session session, byte[] key, long increment, ReplyWriter out) {
		Keyspace db = db(session);
		Object current = KeyReads.stringForWrite(db, key);
		long value = 0;
		if (current != null) {
			long[] parsed = new long[1];
			if (!Strings.parseLong(current, parsed)) {
				throw new CommandException(CommandException.NOT_AN_INTEGER);
			}
			value = parsed[0];
		}
		if ((increment < 0 && value < 0 && increment < Long.MIN_VALUE - value)
				|| (increment > 0 && value > 0 && increment > Long.MAX_VALUE - value)) {
			throw new CommandException("ERR increment or decrement would overflow");
		}
		value += increment;
		db.setKeepTtl(key, Numbers.toBytes(value));
		out.integer(value);
	}

	/** INCRBYFLOAT key increment, in Redis's long double arithmetic and format (see {@link LongDouble}). */
	private void incrByFloat(Session session, byte[][] argv, ReplyWriter out) {
		Keyspace db = db(session);
		Object current = KeyReads.stringForWrite(db, argv[1]);
		LongDouble value = current == null ? LongDouble.parse(new byte[] { '0' }, 1)
				: LongDouble.parse(Strings.array(current), Strings.length(current));
		LongDouble increment = value == null ? null : LongDouble.parse(argv[2], argv[2].length);
		if (value == null || increment == null) {
			throw new CommandException("ERR value is not a valid float");
		}
		LongDouble sum = value.add(increment);
		if (sum.isInfinite()) {
			throw new CommandException("ERR increment would produce NaN or Infinity");
		}
		byte[] result = sum.toHumanString().getBytes(StandardCharsets.US_ASCII);
		db.setKeepTtl(argv[1], result, Keyspace.ENCODED_AS_STRING);
		session.propagateAs(Effects.SET, argv[1], result, Effects.KEEPTTL);
		out.bulk(result);
	}

	private void mget(Session session, byte[][] argv, ReplyWriter out) {
		Keyspace db = db(session);
		out.arrayHeader(argv.length - 1);
		for (int i = 1; i < argv.length; i++) {
			Object value = this.reads.read(db, argv[i]);
			replyValue(KeyReads.isString(value) ? value : null, out); // nil for a key of another type
		}
	}

	/** MSET, and MSETNX which sets nothing (answering 0) if any of the keys exists. */
	private void mset(Session session, byte[][] argv, ReplyWriter out, boolean nx) {
		if (argv.length % 2 == 0) {
			throw new CommandException("ERR wrong number of arguments for '" + (nx ? "msetnx" : "mset") + "' command");
		}
		Keyspace db = db(session);
		if (nx) {
			for (int i = 1; i < argv.length; i += 2) {
				if (db.get(argv[i]) != null) {
					out.integer(0);
					return;
				}
			}
		}
		for (int i = 1; i < argv.length; i += 2) {
			db.set(argv[i], argv[i + 1]);
		}
		if (nx) {
			out.integer(1);
		}
		else {
			out.ok();
		}
	}

	/** APPEND key value: grows the value in place (keeping its TTL), with spare room for the next append. */
	private void append(Session session, byte[][] argv, ReplyWriter out) {
		Keyspace db = db(session);
		Object current = KeyReads.stringForWrite(db, argv[1]);
		if (current == null) {
			db.set(argv[1], argv[2]);
			out.integer(argv[2].length);
			return;
		}
		int length = Strings.length(current);
		checkLength(length, argv[2].length);
		MutableString mutable = mutable(db, argv[1], current, length);
		long before = mutable.memoryBytes();
		mutable.append(argv[2], MutableString.capacityLimit(this.maxStringLength.getAsLong()));
		db.modified(argv[1], mutable.memoryBytes() - before);
		out.integer(length + argv[2].length);
	}

	private void strlen(Session session, byte[][] argv, ReplyWriter out) {
		Object value = this.reads.readString(db(session), argv[1]);
		out.integer(value == null ? 0 : Strings.length(value));
	}

	/** GETRANGE (and its old name SUBSTR) key start end, with Redis's clamping of negative and huge indexes. */
	private void getRange(Session session, byte[][] argv, ReplyWriter out) {
		long start = Args.parseLong(argv[2]);
		long end = Args.parseLong(argv[3]);
		Object value = this.reads.readString(db(session), argv[1]);
		if (value == null) {
			out.bulk(EMPTY);
			return;
		}
		long length = Strings.length(value);
		if (start < 0 && end < 0 && start > end) {
			out.bulk(EMPTY);
			return;
		}
		if (start < 0) {
			start = length + start;
		}
		if (end < 0) {
			end = length + end;
		}
		if (start < 0) {
			start = 0;
		}
		if (end < 0) {
			end = 0;
		}
		if (end >= length) {
			end = length - 1;
		}
		if (start > end || length == 0) {
			out.bulk(EMPTY);
			return;
		}
		out.bulk(Strings.array(value), (int) start, (int) (end - start + 1));
	}

	/** SETRANGE key offset value: overwrites from the offset, zero-padding a shorter value. */
	private void setRange(Session session, byte[][] argv, ReplyWriter out) {
		long offset = Args.parseLong(argv[2]);
		if (offset < 0) {
			throw new CommandException("ERR offset is out of range");
		}
		byte[] patch = argv[3];
		Keyspace db = db(session);
		Object current = KeyReads.stringForWrite(db, argv[1]);
		if (current == null) {
			if (patch.length == 0) {
				out.integer(0);
				return;
			}
			checkLength(offset, patch.length);
			MutableString created = MutableString.copyOf(EMPTY, 0, (int) offset + patch.length);
			created.write((int) offset, patch, MutableString.capacityLimit(this.maxStringLength.getAsLong()));
			db.set(argv[1], created);
			out.integer(created.length());
			return;
		}
		int length = Strings.length(current);
		if (patch.length == 0) {
			out.integer(length);
			return;
		}
		checkLength(offset, patch.length);
		MutableString mutable = mutable(db, argv[1], current, length);
		long before = mutable.memoryBytes();
		mutable.write((int) offset, patch, MutableString.capacityLimit(this.maxStringLength.getAsLong()));
		db.modified(argv[1], mutable.memoryBytes() - before);
		out.integer(mutable.length());
	}

	/**
	 * The stored string as one that can change in place: an immutable one is replaced by a
	 * modifiable copy first (keeping its TTL), as Redis unshares a string before APPEND or SETRANGE.
	 */
	private static MutableString mutable(Keyspace db, byte[] key, Object current, int length) {
		if (current instanceof MutableString m) {
			return m;
		}
		MutableString copy = MutableString.copyOf((byte[]) current, length, length);
		db.setKeepTtl(key, copy);
		return copy;
	}

	/** Redis's checkStringLength: the would-be length, overflow included, against proto-max-bulk-len. */
	private void checkLength(long current, long added) {
		long total = current + added;
		long limit = this.maxStringLength.getAsLong();
		if (total < current || total > limit || total > MutableString.capacityLimit(limit)) {
			throw new CommandException(TOO_LONG);
		}
	}

}
