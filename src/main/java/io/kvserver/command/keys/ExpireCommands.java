package io.kvserver.command.keys;

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
import io.kvserver.store.Store;
import io.kvserver.util.Numbers;

/** EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT with NX XX GT LT; TTL, PTTL, EXPIRETIME, PEXPIRETIME; PERSIST (expire.c). */
public final class ExpireCommands implements CommandFamily {

	private static final int NX = 1;

	private static final int XX = 2;

	private static final int GT = 4;

	private static final int LT = 8;

	private final Store databases;

	private final LongSupplier clock;

	private final KeyReads reads;

	public ExpireCommands(Store databases, LongSupplier clock, ServerStats stats) {
		this.databases = databases;
		this.clock = clock;
		this.reads = new KeyReads(stats);
	}

	@Override
	public List<CommandSpec> commands() {
		return List.of(
				CommandSpec.of("expire", (s, a, o) -> expire(s, a, o, true, false, "expire")),
				CommandSpec.of("pexpire", (s, a, o) -> expire(s, a, o, false, false, "pexpire")),
				CommandSpec.of("expireat", (s, a, o) -> expire(s, a, o, true, true, "expireat")),
				CommandSpec.of("pexpireat", (s, a, o) -> expire(s, a, o, false, true, "pexpireat")),
				CommandSpec.of("ttl", (s, a, o) -> ttl(s, a, o, false, false)),
				CommandSpec.of("pttl", (s, a, o) -> ttl(s, a, o, true, false)),
				CommandSpec.of("expiretime", (s, a, o) -> ttl(s, a, o, false, true)),
				CommandSpec.of("pexpiretime", (s, a, o) -> ttl(s, a, o, true, true)),
				CommandSpec.of("persist", (s, a, o) -> o.integer(db(s).persist(a[1]) ? 1 : 0)));
	}

	private Keyspace db(Session session) {
		return this.databases.db(session.db());
	}

	/**
	 * The expire family, after Redis's {@code expireGenericCommand}: options, then the time (whose
	 * overflow is an error), then the key; a deadline already past deletes the key at once.
	 */
	private void expire(Session session, byte[][] argv, ReplyWriter out, boolean seconds, boolean absolute,
			String name) {
		int flags = parseExpireFlags(argv, 3);
		long when = Args.parseLong(argv[2]);
		if (seconds) {
			if (when > Long.MAX_VALUE / 1000 || when < Long.MIN_VALUE / 1000) {
				throw CommandException.invalidExpireTime(name);
			}
			when *= 1000;
		}
		long now = this.clock.getAsLong();
		long base = absolute ? 0 : now;
		if (when > Long.MAX_VALUE - base) {
			throw CommandException.invalidExpireTime(name);
		}
		when += base;
		Keyspace db = db(session);
		long current = db.expireAt(argv[1]);
		if (current == -2) {
			out.integer(0);
			return;
		}
		if (((flags & NX) != 0 && current != -1) || ((flags & XX) != 0 && current == -1)
				|| ((flags & GT) != 0 && (current == -1 || when <= current))
				|| ((flags & LT) != 0 && current != -1 && when >= current)) {
			out.integer(0);
			return;
		}
		if (when <= now) {
			db.delete(argv[1]);
			session.propagateAs(Effects.del(argv[1]));
		}
		else {
			db.setExpireAt(argv[1], when);
			byte[][] effect = argv.clone(); // the options stay, as Redis rewrites only the name and the time
			effect[0] = Effects.PEXPIREAT;
			effect[2] = Numbers.toBytes(when);
			session.propagateAs(effect);
		}
		out.integer(1);
	}

	private static int parseExpireFlags(byte[][] argv, int from) {
		int flags = 0;
		for (int j = from; j < argv.length; j++) {
			if (Args.is(argv[j], "NX")) {
				flags |= NX;
			}
			else if (Args.is(argv[j], "XX")) {
				flags |= XX;
			}
			else if (Args.is(argv[j], "GT")) {
				flags |= GT;
			}
			else if (Args.is(argv[j], "LT")) {
				flags |= LT;
			}
			else {
				throw new CommandException("ERR Unsupported option " + Args.text(argv[j]));
			}
		}
		if ((flags & NX) != 0 && (flags & (XX | GT | LT)) != 0) {
			throw new CommandException("ERR NX and XX, GT or LT options at the same time are not compatible");
		}
		if ((flags & GT) != 0 && (flags & LT) != 0) {
			throw new CommandException("ERR GT and LT options at the same time are not compatible");
		}
		return flags;
	}

	/** TTL, PTTL, EXPIRETIME, PEXPIRETIME: -2 without the key, -1 without a deadline; seconds round half up. */
	private void ttl(Session session, byte[][] argv, ReplyWriter out, boolean millis, boolean absolute) {
		Keyspace db = db(session);
		if (this.reads.readNoTouch(db, argv[1]) == null) {
			out.integer(-2);
			return;
		}
		long at = db.expireAt(argv[1]);
		if (at == -1) {
			out.integer(-1);
			return;
		}
		long value = Math.max(0, absolute ? at : at - this.clock.getAsLong());
		// Unsigned, as Redis's compiled (ttl+500)/1000 behaves for a deadline near 2^63 ms.
		out.integer(millis ? value : Long.divideUnsigned(value + 500, 1000));
	}

}
