package io.kvserver.command.keys;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.kvserver.command.Args;
import io.kvserver.command.CommandException;
import io.kvserver.command.CommandFamily;
import io.kvserver.command.CommandSpec;
import io.kvserver.util.GlobMatcher;
import io.kvserver.command.HelpReply;
import io.kvserver.command.KeyReads;
import io.kvserver.command.Session;
import io.kvserver.metrics.ServerStats;
import io.kvserver.protocol.ReplyWriter;
import io.kvserver.store.Keyspace;
import io.kvserver.store.Store;
import io.kvserver.store.Strings;
import io.kvserver.store.Value;
import io.kvserver.store.ValueType;

/**
 * DEL, UNLINK, EXISTS, TOUCH, TYPE, RENAME, RENAMENX, RANDOMKEY, KEYS, SCAN and OBJECT, as in Redis
 * 7.0's db.c and object.c.
 */
public final class KeyCommands implements CommandFamily {

	private static final String NO_TYPE = "none";

	private static final String HELP_HEADER = "OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:";

	private static final List<String> OBJECT_HELP = List.of(HELP_HEADER,
			"ENCODING <key>",
			"    Return the kind of internal representation used in order to store the value",
			"    associated with a <key>.",
			"FREQ <key>",
			"    Return the access frequency index of the <key>. The returned integer is",
			"    proportional to the logarithm of the recent access frequency of the key.",
			"IDLETIME <key>",
			"    Return the idle time of the <key>, that is the approximated number of",
			"    seconds elapsed since the last access to the key.",
			"REFCOUNT <key>",
			"    Return the number of references of the value associated with the specified",
			"    <key>.",
			"HELP",
			"    Prints this help.");

	private static final String POLICY_SWITCH_NOTE = "Please note that when switching between policies at runtime "
			+ "LRU and LFU data will take some time to adjust.";

	private final Store databases;

	private final KeyReads reads;

	public KeyCommands(Store databases, ServerStats stats) {
		this.databases = databases;
		this.reads = new KeyReads(stats);
	}

	@Override
	public List<CommandSpec> commands() {
		return List.of(
				CommandSpec.of("del", this::del),
				CommandSpec.of("unlink", this::del),
				CommandSpec.of("exists", this::exists),
				CommandSpec.of("touch", this::touch),
				CommandSpec.of("type", (s, a, o) -> o.simpleString(typeName(this.reads.readNoTouch(db(s), a[1])))),
				CommandSpec.of("rename", (s, a, o) -> rename(s, a, o, false)),
				CommandSpec.of("renamenx", (s, a, o) -> rename(s, a, o, true)),
				CommandSpec.of("randomkey", this::randomKey),
				CommandSpec.of("keys", this::keys),
				CommandSpec.of("scan", this::scan),
				CommandSpec.container("object", List.of(
						CommandSpec.of("object|encoding", this::objectEncoding),
						CommandSpec.of("object|freq", this::objectFreq),
						CommandSpec.of("object|help", this::objectHelp),
						CommandSpec.of("object|idletime", this::objectIdleTime),
						CommandSpec.of("object|refcount", this::objectRefCount))));
	}

	private Keyspace db(Session session) {
		return this.databases.db(session.db());
	}

	/** DEL and UNLINK (which Redis may free in the background; the reply is the same). */
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
			if (this.reads.readNoTouch(db, argv[i]) != null) {
				count++;
			}
		}
		out.integer(count);
	}

	private void touch(Session session, byte[][] argv, ReplyWriter out) {
		Keyspace db = db(session);
		int count = 0;
		for (int i = 1; i < argv.length; i++) {
			if (this.reads.read(db, argv[i]) != null) {
				count++;
			}
		}
		out.integer(count);
	}

	static String typeName(Object value) {
		return value == null ? NO_TYPE : ValueType.of(value).typeName();
	}

	/** RENAME and RENAMENX: the value moves with its TTL; renaming a key to itself changes nothing. */
	private void rename(Session session, byte[][] argv, ReplyWriter out, boolean nx) {
		Keyspace db = db(session);
		if (db.get(argv[1]) == null) {
			throw new CommandException("ERR no such key");
		}
		if (Arrays.equals(argv[1], argv[2])) {
			replyRenamed(out, nx, false);
			return;
		}
		if (nx && db.get(argv[2]) != null) {
			out.integer(0);
			return;
		}
		db.rename(argv[1], argv[2]);
		replyRenamed(out, nx, true);
	}

	private static void replyRenamed(ReplyWriter out, boolean nx, boolean renamed) {
		if (nx) {
			out.integer(renamed ? 1 : 0);
		}
		else {
			out.ok();
		}
	}

	private void randomKey(Session session, byte[][] argv, ReplyWriter out) {
		byte[] key = db(session).randomKey();
		if (key == null) {
			out.nullBulk();
		}
		else {
			out.bulk(key);
		}
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

	/**
	 * SCAN cursor [MATCH pattern] [COUNT count] [TYPE type], after Redis's scanGenericCommand:
	 * collect from the table first, then drop keys that do not match, are of another type, or have
	 * expired (which reclaims them). A key present for the whole iteration is returned at least once.
	 */
	private void scan(Session session, byte[][] argv, ReplyWriter out) {
		long cursor = Args.parseCursor(argv[1]);
		long count = 10;
		byte[] pattern = null;
		byte[] type = null;
		for (int i = 2; i < argv.length; i += 2) {
			boolean hasValue = i + 1 < argv.length;
			if (Args.is(argv[i], "COUNT") && hasValue) {
				count = Args.parseLong(argv[i + 1]);
				if (count < 1) {
					throw new CommandException(CommandException.SYNTAX);
				}
			}
			else if (Args.is(argv[i], "MATCH") && hasValue) {
				pattern = argv[i + 1];
			}
			else if (Args.is(argv[i], "TYPE") && hasValue) {
				type = argv[i + 1];
			}
			else {
				throw new CommandException(CommandException.SYNTAX);
			}
		}
		Keyspace db = db(session);
		List<byte[]> keys = new ArrayList<>();
		cursor = db.scan(cursor, count, keys);
		List<byte[]> kept = new ArrayList<>(keys.size());
		for (byte[] key : keys) {
			if (pattern != null && !GlobMatcher.matches(pattern, key)) {
				continue;
			}
			if (type != null && !Args.is(type, typeName(this.reads.readNoTouch(db, key)).toUpperCase())) {
				continue;
			}
			if (db.reclaimIfExpired(key)) {
				continue;
			}
			kept.add(key);
		}
		out.arrayHeader(2);
		out.bulkText(Long.toString(cursor));
		out.arrayHeader(kept.size());
		for (byte[] key : kept) {
			out.bulk(key);
		}
	}

	private Object objectLookup(Session session, byte[] key, ReplyWriter out) {
		Object value = this.reads.readNoTouch(db(session), key);
		if (value == null) {
			out.nullBulk();
		}
		return value;
	}

	private void objectEncoding(Session session, byte[][] argv, ReplyWriter out) {
		Object value = objectLookup(session, argv[2], out);
		if (value != null) {
			out.bulkText(Value.encodingOf(value, db(session).flags(argv[2])));
		}
	}

	private void objectRefCount(Session session, byte[][] argv, ReplyWriter out) {
		Object value = objectLookup(session, argv[2], out);
		if (value != null) {
			out.integer(Strings.refCount(value, db(session).flags(argv[2])));
		}
	}

	private void objectIdleTime(Session session, byte[][] argv, ReplyWriter out) {
		if (objectLookup(session, argv[2], out) != null) {
			if (this.databases.accessTracking().tracksFrequency()) {
				throw new CommandException("ERR An LFU maxmemory policy is selected, idle time not tracked. "
						+ POLICY_SWITCH_NOTE);
			}
			out.integer(db(session).idleMillis(argv[2]) / 1000);
		}
	}

	/** Access frequencies are tracked only under an LFU maxmemory policy. */
	private void objectFreq(Session session, byte[][] argv, ReplyWriter out) {
		if (objectLookup(session, argv[2], out) != null) {
			if (!this.databases.accessTracking().tracksFrequency()) {
				throw new CommandException("ERR An LFU maxmemory policy is not selected, access frequency not tracked. "
						+ POLICY_SWITCH_NOTE);
			}
			out.integer(db(session).frequency(argv[2]));
		}
	}

	private void objectHelp(Session session, byte[][] argv, ReplyWriter out) {
		HelpReply.write(OBJECT_HELP, out);
	}

}
