package io.kvserver.command;

import java.util.List;

import io.kvserver.protocol.ReplyWriter;

/** PING, ECHO, QUIT, SELECT, HELLO and CLIENT: what clients send when they connect and to keep alive. */
public final class ConnectionCommands implements CommandFamily {

	private final int databaseCount;

	public ConnectionCommands(int databaseCount) {
		this.databaseCount = databaseCount;
	}

	@Override
	public List<CommandSpec> commands() {
		return List.of(
				CommandSpec.of("ping", -1, "fast", 0, 0, 0, this::ping),
				CommandSpec.of("echo", 2, "fast", 0, 0, 0, (s, a, o) -> o.bulk(a[1])),
				CommandSpec.of("quit", -1, "noscript loading stale fast no_auth allow_busy", 0, 0, 0, (s, a, o) -> {
					o.ok();
					o.closeAfterWrite();
				}),
				CommandSpec.of("select", 2, "loading stale fast", 0, 0, 0, this::select),
				CommandSpec.of("hello", -1, "noscript loading stale fast no_auth allow_busy", 0, 0, 0, this::hello),
				CommandSpec.container("client", -2, List.of(
						CommandSpec.of("client|id", 2, "noscript loading stale", 0, 0, 0, (s, a, o) -> o.integer(s.id())),
						CommandSpec.of("client|getname", 2, "noscript loading stale", 0, 0, 0, this::getName),
						CommandSpec.of("client|setname", 3, "noscript loading stale", 0, 0, 0, this::setName),
						CommandSpec.of("client|setinfo", 4, "noscript loading stale", 0, 0, 0, this::setInfo))));
	}

	private void ping(Session session, byte[][] argv, ReplyWriter out) {
		if (argv.length > 2) {
			throw new CommandException("ERR wrong number of arguments for 'ping' command");
		}
		if (argv.length == 1) {
			out.simpleString("PONG");
		}
		else {
			out.bulk(argv[1]);
		}
	}

	private void select(Session session, byte[][] argv, ReplyWriter out) {
		long index = Args.parseLong(argv[1]);
		if (index < Integer.MIN_VALUE || index > Integer.MAX_VALUE) {
			// Redis's getIntFromObjectOrReply names the int range rather than "not an integer"
			throw new CommandException("ERR value is out of range, value must between " + Integer.MIN_VALUE + " and "
					+ Integer.MAX_VALUE);
		}
		if (index < 0 || index >= this.databaseCount) {
			throw new CommandException("ERR DB index is out of range");
		}
		session.selectDb((int) index);
		out.ok();
	}

	/**
	 * HELLO [protover [AUTH user pass] [SETNAME name]]. Only RESP2 is spoken so far, so HELLO 3 gets
	 * Redis's NOPROTO error and clients such as Lettuce fall back to RESP2.
	 */
	private void hello(Session session, byte[][] argv, ReplyWriter out) {
		int next = 1;
		if (argv.length >= 2) {
			long version;
			long[] parsed = new long[1];
			if (!io.kvserver.protocol.Numbers.parseLong(argv[1], parsed)) {
				throw new CommandException("ERR Protocol version is not an integer or out of range");
			}
			version = parsed[0];
			next++;
			if (version != 2) {
				throw new CommandException("NOPROTO unsupported protocol version");
			}
		}
		byte[] newName = null;
		for (int j = next; j < argv.length; j++) {
			int more = argv.length - 1 - j;
			if (Args.is(argv[j], "AUTH") && more >= 2) {
				if (!Args.is(argv[j + 1], "DEFAULT")) {
					throw new CommandException("WRONGPASS invalid username-password pair or user is disabled.");
				}
				j += 2;
			}
			else if (Args.is(argv[j], "SETNAME") && more >= 1) {
				newName = argv[++j];
			}
			else {
				throw new CommandException("ERR Syntax error in HELLO option '" + Args.text(argv[j]) + "'");
			}
		}
		if (newName != null) {
			applyName(session, newName);
		}
		out.arrayHeader(14);
		out.bulkText("server");
		out.bulkText("redis");
		out.bulkText("version");
		out.bulkText(ServerCommands.REDIS_VERSION);
		out.bulkText("proto");
		out.integer(2);
		out.bulkText("id");
		out.integer(session.id());
		out.bulkText("mode");
		out.bulkText("standalone");
		out.bulkText("role");
		out.bulkText("master");
		out.bulkText("modules");
		out.arrayHeader(0);
	}

	private void getName(Session session, byte[][] argv, ReplyWriter out) {
		if (session.name() == null) {
			out.nullBulk();
		}
		else {
			out.bulk(session.name());
		}
	}

	private void setName(Session session, byte[][] argv, ReplyWriter out) {
		applyName(session, argv[2]);
		out.ok();
	}

	private static void applyName(Session session, byte[] name) {
		if (name.length == 0) {
			session.setName(null);
			return;
		}
		if (!printable(name)) {
			throw new CommandException("ERR Client names cannot contain spaces, newlines or special characters.");
		}
		session.setName(name);
	}

	/** CLIENT SETINFO LIB-NAME|LIB-VER value, as Redis 7.2 added it for client libraries. */
	private void setInfo(Session session, byte[][] argv, ReplyWriter out) {
		String attribute = Args.text(argv[2]);
		boolean libName = Args.is(argv[2], "LIB-NAME");
		if (!libName && !Args.is(argv[2], "LIB-VER")) {
			throw new CommandException("ERR Unrecognized option '" + attribute + "'");
		}
		if (!printable(argv[3])) {
			throw new CommandException("ERR " + attribute + " cannot contain spaces, newlines or special characters.");
		}
		if (libName) {
			session.setLibName(Args.text(argv[3]));
		}
		else {
			session.setLibVersion(Args.text(argv[3]));
		}
		out.ok();
	}

	/** Redis allows only '!'..'~' in client names and library attributes. */
	private static boolean printable(byte[] value) {
		for (byte b : value) {
			if (b < '!' || b > '~') {
				return false;
			}
		}
		return true;
	}

}
