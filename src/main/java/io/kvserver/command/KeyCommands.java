package io.kvserver.command;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

import io.kvserver.protocol.ReplyWriter;
import io.kvserver.store.Databases;
import io.kvserver.store.Keyspace;

/** DEL, EXISTS, the expire family, TTL/PTTL, PERSIST, KEYS and TYPE, as in Redis 7's db.c and expire.c. */
public final class KeyCommands implements CommandFamily {

	private static final int NX = 1;

	private static final int XX = 2;

	private static final int GT = 4;

	private static final int LT = 8;

	private final Databases databases;

	private final LongSupplier clock;

	public KeyCommands(Databases databases, LongSupplier clock) {
		this.databases = databases;
		this.clock = clock;
	}

	@Override
	public List<CommandSpec> commands() {
		return List.of(
				CommandSpec.of("del", -2, "write", 1, -1, 1, this::del),
				CommandSpec.of("exists", -2, "readonly fast", 1, -1, 1, this::exists),
				CommandSpec.of("expire", -3, "write fast", 1, 1, 1, (s, a, o) -> expire(s, a, o, true, "expire")),
				CommandSpec.of("pexpire", -3, "write fast", 1, 1, 1, (s, a, o) -> expire(s, a, o, false, "pexpire")),
				CommandSpec.of("ttl", 2, "readonly fast", 1, 1, 1, (s, a, o) -> ttl(s, a, o, true)),
				CommandSpec.of("pttl", 2, "readonly fast", 1, 1, 1, (s, a, o) -> ttl(s, a, o, false)),
				CommandSpec.of("persist", 2, "write fast", 1, 1, 1,
						(s, a, o) -> o.integer(db(s).persist(a[1]) ? 1 : 0)),
				CommandSpec.of("keys", 2, "readonly", 0, 0, 0, this::keys),
				CommandSpec.of("type", 2, "readonly fast", 1, 1, 1,
						(s, a, o) -> o.simpleString(db(s).exists(a[1]) ? "string" : "none")));
	}

	private Keyspace db(Session session) {
		return this.databases.db(session.db());
	}

	private void del(Session session, byte[][] argv, ReplyWriter out) {
		Keyspace db = db(session);
		int deleted = 0;
		for (int i = 1; i < argv.length; i++) {
			if (db.delete(argv[i])) {
				deleted++;
			}
		}
		out.integer(deleted);
	}

	private void exists(Session session, byte[][] argv, ReplyWriter out) {
		Keyspace db = db(session);
		int count = 0;
		for (int i = 1; i < argv.length; i++) {
			if (db.exists(argv[i])) {
				count++;
			}
		}
		out.integer(count);
	}

	/** EXPIRE/PEXPIRE key time [NX | XX | GT | LT], after Redis's {@code expireGenericCommand}. */
	private void expire(Session session, byte[][] argv, ReplyWriter out, boolean seconds, String name) {
		int flags = parseExpireFlags(argv, 3);
		long when = Args.parseLong(argv[2]);
		if (seconds) {
			if (when > Long.MAX_VALUE / 1000 || when < Long.MIN_VALUE / 1000) {
				throw SetOptions.invalidExpireTime(name);
			}
			when *= 1000;
		}
		long now = this.clock.getAsLong();
		if (when > Long.MAX_VALUE - now) {
			throw SetOptions.invalidExpireTime(name);
		}
		when += now;
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
			db.delete(argv[1]); // a deadline already past deletes the key at once
		}
		else {
			db.setExpireAt(argv[1], when);
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

	private void ttl(Session session, byte[][] argv, ReplyWriter out, boolean seconds) {
		long at = db(session).expireAt(argv[1]);
		if (at < 0) {
			out.integer(at);
			return;
		}
		long remaining = Math.max(0, at - this.clock.getAsLong());
		out.integer(seconds ? (remaining + 500) / 1000 : remaining);
	}

	private void keys(Session session, byte[][] argv, ReplyWriter out) {
		byte[] pattern = argv[1];
		List<byte[]> matched = new ArrayList<>();
		db(session).forEachKey(key -> {
			if (GlobMatcher.matches(pattern, key)) {
				matched.add(key);
			}
		});
		out.arrayHeader(matched.size());
		for (byte[] key : matched) {
			out.bulk(key);
		}
	}

}
