package io.kvserver.command;

import java.util.List;
import java.util.function.LongSupplier;

import io.kvserver.metrics.ServerStats;
import io.kvserver.protocol.Numbers;
import io.kvserver.protocol.ReplyWriter;
import io.kvserver.store.Databases;
import io.kvserver.store.Keyspace;

/** GET, SET and its options, the counters, MGET and MSET, with Redis 7's semantics (t_string.c). */
public final class StringCommands implements CommandFamily {

	private final Databases databases;

	private final LongSupplier clock;

	private final ServerStats stats;

	public StringCommands(Databases databases, LongSupplier clock, ServerStats stats) {
		this.databases = databases;
		this.clock = clock;
		this.stats = stats;
	}

	@Override
	public List<CommandSpec> commands() {
		return List.of(
				CommandSpec.of("get", 2, "readonly fast", 1, 1, 1, this::get),
				CommandSpec.of("set", -3, "write denyoom", 1, 1, 1, this::set),
				CommandSpec.of("incr", 2, "write denyoom fast", 1, 1, 1, (s, a, o) -> incrBy(s, a[1], 1, o)),
				CommandSpec.of("decr", 2, "write denyoom fast", 1, 1, 1, (s, a, o) -> incrBy(s, a[1], -1, o)),
				CommandSpec.of("incrby", 3, "write denyoom fast", 1, 1, 1,
						(s, a, o) -> incrBy(s, a[1], Args.parseLong(a[2]), o)),
				CommandSpec.of("decrby", 3, "write denyoom fast", 1, 1, 1, this::decrBy),
				CommandSpec.of("mget", -2, "readonly fast", 1, -1, 1, this::mget),
				CommandSpec.of("mset", -3, "write denyoom", 1, -1, 2, this::mset));
	}

	private Keyspace db(Session session) {
		return this.databases.db(session.db());
	}

	private void get(Session session, byte[][] argv, ReplyWriter out) {
		byte[] value = db(session).get(argv[1]);
		replyValue(value, out);
	}

	private void replyValue(byte[] value, ReplyWriter out) {
		if (value == null) {
			this.stats.keyspaceMiss();
			out.nullBulk();
		}
		else {
			this.stats.keyspaceHit();
			out.bulk(value);
		}
	}

	/** SET key value [NX | XX] [GET] [EX s | PX ms | EXAT ts | PXAT ms-ts | KEEPTTL] */
	private void set(Session session, byte[][] argv, ReplyWriter out) {
		SetOptions options = SetOptions.parse(argv, 3);
		long expireAt = options.expireAtMillis(this.clock.getAsLong(), "set");
		Keyspace db = db(session);
		byte[] key = argv[1];
		byte[] old = db.get(key);
		if (options.get()) {
			replyValue(old, out);
		}
		boolean found = old != null;
		if ((options.nx() && found) || (options.xx() && !found)) {
			if (!options.get()) {
				out.nullBulk();
			}
			return;
		}
		if (expireAt != SetOptions.NO_EXPIRY) {
			db.set(key, argv[2], expireAt);
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
		byte[] current = db.get(key);
		long value = 0;
		if (current != null) {
			long[] parsed = new long[1];
			if (!Numbers.parseLong(current, parsed)) {
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

	private void mget(Session session, byte[][] argv, ReplyWriter out) {
		Keyspace db = db(session);
		out.arrayHeader(argv.length - 1);
		for (int i = 1; i < argv.length; i++) {
			replyValue(db.get(argv[i]), out);
		}
	}

	private void mset(Session session, byte[][] argv, ReplyWriter out) {
		if (argv.length % 2 == 0) {
			throw new CommandException("ERR wrong number of arguments for 'mset' command");
		}
		Keyspace db = db(session);
		for (int i = 1; i < argv.length; i += 2) {
			db.set(argv[i], argv[i + 1]);
		}
		out.ok();
	}

}
