package io.kvserver.command.connection;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.LongSupplier;

import io.kvserver.command.Args;
import io.kvserver.command.ClientAuth;
import io.kvserver.command.CommandCatalog;
import io.kvserver.command.CommandException;
import io.kvserver.command.CommandFamily;
import io.kvserver.command.CommandSpec;
import io.kvserver.command.HelpReply;
import io.kvserver.command.Session;
import io.kvserver.command.SessionRegistry;
import io.kvserver.command.TransactionManager;
import io.kvserver.protocol.ReplyWriter;
import io.kvserver.util.Numbers;

/**
 * PING, ECHO, QUIT, SELECT, HELLO, RESET and CLIENT: what clients send when they connect, to keep
 * alive, and to look at or end each other's connections.
 */
public final class ConnectionCommands implements CommandFamily {


	/** Redis's CLIENT HELP, keeping only the subcommands kvserver has (and its CLIENT SETINFO, from Redis 7.2). */
	private static final List<String> CLIENT_HELP = List.of(
			"CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
			"GETNAME",
			"    Return the name of the current connection.",
			"ID",
			"    Return the ID of the current connection.",
			"INFO",
			"    Return information about the current client connection.",
			"KILL <ip:port>",
			"    Kill connection made from <ip:port>.",
			"KILL <option> <value> [<option> <value> [...]]",
			"    Kill connections. Options are:",
			"    * ADDR (<ip:port>|<unixsocket>:0)",
			"      Kill connections made from the specified address",
			"    * LADDR (<ip:port>|<unixsocket>:0)",
			"      Kill connections made to specified local address",
			"    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
			"      Kill connections by type.",
			"    * USER <username>",
			"      Kill connections authenticated by <username>.",
			"    * SKIPME (YES|NO)",
			"      Skip killing current connection (default: yes).",
			"LIST [options ...]",
			"    Return information about client connections. Options:",
			"    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
			"      Return clients of specified type.",
			"REPLY (ON|OFF|SKIP)",
			"    Control the replies sent to the current connection.",
			"SETNAME <name>",
			"    Assign the name <name> to the current connection.",
			"SETINFO <option> <value>",
			"    Set client meta attr. Options are:",
			"    * LIB-NAME: the client lib name.",
			"    * LIB-VER: the client lib version.",
			"NO-EVICT (ON|OFF)",
			"    Protect current client connection from eviction.",
			"HELP",
			"    Prints this help.");

	private final int databaseCount;

	private final SessionRegistry sessions;

	private final TransactionManager transactions;

	private final LongSupplier clock;

	private final ClientAuth auth;

	public ConnectionCommands(int databaseCount, SessionRegistry sessions, TransactionManager transactions,
			LongSupplier clock) {
		this(databaseCount, sessions, transactions, clock, ClientAuth.NONE);
	}

	/** @param auth HELLO AUTH, RESET and CLIENT KILL USER go through the ACL */
	public ConnectionCommands(int databaseCount, SessionRegistry sessions, TransactionManager transactions,
			LongSupplier clock, ClientAuth auth) {
		this.databaseCount = databaseCount;
		this.sessions = sessions;
		this.transactions = transactions;
		this.clock = clock;
		this.auth = auth;
	}

	@Override
	public List<CommandSpec> commands() {
		return List.of(
				CommandSpec.of("ping", this::ping),
				CommandSpec.of("echo", (s, a, o) -> o.bulk(a[1])),
				CommandSpec.of("quit", (s, a, o) -> {
					o.ok();
					o.closeAfterWrite();
				}),
				CommandSpec.of("select", this::select),
				CommandSpec.of("hello", this::hello),
				CommandSpec.of("reset", this::reset),
				CommandSpec.container("client", List.of(
						CommandSpec.of("client|id", (s, a, o) -> o.integer(s.id())),
						CommandSpec.of("client|getname", this::getName),
						CommandSpec.of("client|setname", this::setName),
						CommandSpec.of("client|setinfo", this::setInfo),
						CommandSpec.of("client|info", (s, a, o) -> o.verbatim("txt", ClientInfo.line(s, this.clock.getAsLong()) + "\n")),
						CommandSpec.of("client|list", this::list),
						CommandSpec.of("client|kill", this::kill),
						CommandSpec.of("client|no-evict", this::noEvict),
						CommandSpec.of("client|reply", this::reply),
						CommandSpec.of("client|help", (s, a, o) -> HelpReply.write(CLIENT_HELP, o)))));
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
			throw new CommandException("ERR value is out of range, value must between -2147483648 and 2147483647");
		}
		if (index < 0 || index >= this.databaseCount) {
			throw new CommandException("ERR DB index is out of range");
		}
		session.selectDb((int) index);
		out.ok();
	}

	/**
	 * HELLO [protover [AUTH user pass] [SETNAME name]]: switches the connection to RESP2 or RESP3
	 * and answers with the server's description, a map (a flat array in RESP2).
	 */
	private void hello(Session session, byte[][] argv, ReplyWriter out) {
		int next = 1;
		long version = 0;
		if (argv.length >= 2) {
			long[] parsed = new long[1];
			if (!Numbers.parseLong(argv[1], parsed)) {
				throw new CommandException("ERR Protocol version is not an integer or out of range");
			}
			version = parsed[0];
			next++;
			if (version < 2 || version > 3) {
				throw new CommandException("NOPROTO unsupported protocol version");
			}
		}
		for (int j = next; j < argv.length; j++) {
			int more = argv.length - 1 - j;
			if (Args.is(argv[j], "AUTH") && more >= 2) {
				if (!this.auth.authenticate(session, argv[0], argv[j + 1], argv[j + 2])) {
					throw new CommandException("WRONGPASS invalid username-password pair or user is disabled.");
				}
				j += 2;
			}
			else if (Args.is(argv[j], "SETNAME") && more >= 1) {
				// Applied at once, as Redis does, even if a later option turns out to be invalid.
				applyName(session, argv[++j]);
			}
			else {
				throw new CommandException("ERR Syntax error in HELLO option '" + Args.text(argv[j]) + "'");
			}
		}
		if (!session.authenticated()) {
			throw new CommandException("NOAUTH HELLO must be called with the client already authenticated, otherwise "
					+ "the HELLO AUTH <user> <pass> option can be used to authenticate the client and select the RESP "
					+ "protocol version at the same time");
		}
		if (version != 0) {
			session.setResp3(version == 3);
			out.resp3(version == 3);
		}
		out.mapHeader(7);
		out.bulkText("server");
		out.bulkText("redis");
		out.bulkText("version");
		out.bulkText(CommandCatalog.REDIS_VERSION);
		out.bulkText("proto");
		out.integer(session.resp3() ? 3 : 2);
		out.bulkText("id");
		out.integer(session.id());
		out.bulkText("mode");
		out.bulkText("standalone");
		out.bulkText("role");
		out.bulkText("master");
		out.bulkText("modules");
		out.arrayHeader(0);
	}

	/** RESET: ends MULTI, forgets watches, name, database and protocol, as a new connection. */
	private void reset(Session session, byte[][] argv, ReplyWriter out) {
		this.transactions.discard(session);
		session.reset();
		this.auth.resetToDefault(session);
		out.resp3(false);
		out.simpleString("RESET");
	}

	/** CLIENT LIST [TYPE NORMAL|MASTER|REPLICA|PUBSUB] | [ID id [id ...]] */
	private void list(Session session, byte[][] argv, ReplyWriter out) {
		List<Session> chosen;
		if (argv.length == 4 && Args.is(argv[2], "TYPE")) {
			chosen = clientType(argv[3]) == ClientType.NORMAL ? liveSessions() : List.of();
		}
		else if (argv.length > 3 && Args.is(argv[2], "ID")) {
			chosen = new ArrayList<>();
			for (int j = 3; j < argv.length; j++) {
				long[] id = new long[1];
				if (!Numbers.parseLong(argv[j], id)) {
					throw new CommandException("ERR Invalid client ID");
				}
				for (Session s : liveSessions()) {
					if (s.id() == id[0]) {
						chosen.add(s);
					}
				}
			}
		}
		else if (argv.length != 2) {
			throw new CommandException(CommandException.SYNTAX);
		}
		else {
			chosen = liveSessions();
		}
		long now = this.clock.getAsLong();
		StringBuilder text = new StringBuilder();
		for (Session s : chosen) {
			text.append(ClientInfo.line(s, now)).append('\n');
		}
		out.verbatim("txt", text.toString());
	}

	private enum ClientType {
		NORMAL, OTHER
	}

	/** Redis's getClientTypeByName: kvserver's clients are all normal; there are no replicas or subscribers. */
	private static ClientType clientType(byte[] name) {
		if (Args.is(name, "NORMAL")) {
			return ClientType.NORMAL;
		}
		if (Args.is(name, "MASTER") || Args.is(name, "REPLICA") || Args.is(name, "SLAVE") || Args.is(name, "PUBSUB")) {
			return ClientType.OTHER;
		}
		throw new CommandException("ERR Unknown client type '" + Args.text(name) + "'");
	}

	/** Open clients in the order they connected, as Redis keeps its client list. */
	private List<Session> liveSessions() {
		List<Session> all = new ArrayList<>();
		for (Session s : this.sessions.all()) {
			if (!s.isClosed()) {
				all.add(s);
			}
		}
		all.sort(Comparator.comparingLong(Session::id));
		return all;
	}

	/**
	 * CLIENT KILL ip:port (the old form: may kill the caller, replies OK or an error) or CLIENT KILL
	 * with ID, ADDR, LADDR, TYPE, USER and SKIPME filters (replies the number killed). The caller's own
	 * connection is closed after its reply is written.
	 */
	private void kill(Session session, byte[][] argv, ReplyWriter out) {
		String addr = null;
		String laddr = null;
		ClientType type = null;
		long id = 0;
		byte[] user = null;
		boolean skipMe = true;
		if (argv.length == 3) {
			addr = Args.text(argv[2]);
			skipMe = false;
		}
		else {
			for (int i = 2; i < argv.length; i += 2) {
				boolean moreArgs = i + 1 < argv.length;
				if (Args.is(argv[i], "ID") && moreArgs) {
					long[] parsed = new long[1];
					if (!Numbers.parseLong(argv[i + 1], parsed) || parsed[0] < 1) {
						throw new CommandException("ERR client-id should be greater than 0");
					}
					id = parsed[0];
				}
				else if (Args.is(argv[i], "TYPE") && moreArgs) {
					type = clientType(argv[i + 1]);
				}
				else if (Args.is(argv[i], "ADDR") && moreArgs) {
					addr = Args.text(argv[i + 1]);
				}
				else if (Args.is(argv[i], "LADDR") && moreArgs) {
					laddr = Args.text(argv[i + 1]);
				}
				else if (Args.is(argv[i], "USER") && moreArgs) {
					if (!this.auth.userExists(argv[i + 1])) {
						throw new CommandException("ERR No such user '" + Args.text(argv[i + 1]) + "'");
					}
					user = argv[i + 1];
				}
				else if (Args.is(argv[i], "SKIPME") && moreArgs) {
					if (Args.is(argv[i + 1], "YES")) {
						skipMe = true;
					}
					else if (Args.is(argv[i + 1], "NO")) {
						skipMe = false;
					}
					else {
						throw new CommandException(CommandException.SYNTAX);
					}
				}
				else {
					throw new CommandException(CommandException.SYNTAX);
				}
			}
		}
		int killed = 0;
		boolean killSelf = false;
		for (Session s : liveSessions()) {
			if ((addr != null && !addr.equals(s.address())) || (laddr != null && !laddr.equals(s.localAddress()))
					|| (type != null && type != ClientType.NORMAL) || (id != 0 && s.id() != id)
					|| (user != null && !ClientAuth.runsAs(s, user))
					|| (s == session && skipMe)) {
				continue;
			}
			if (s == session) {
				killSelf = true;
			}
			else {
				// Gone for every later command at once, as Redis frees the client; the transport
				// closes the connection and reports it shortly.
				this.transactions.discard(s);
				s.markClosed();
				s.kill();
			}
			killed++;
		}
		if (argv.length == 3) {
			if (killed == 0) {
				throw new CommandException("ERR No such client");
			}
			out.ok();
		}
		else {
			out.integer(killed);
		}
		if (killSelf) {
			out.closeAfterWrite();
		}
	}

	private void noEvict(Session session, byte[][] argv, ReplyWriter out) {
		if (Args.is(argv[2], "ON")) {
			session.setNoEvict(true);
		}
		else if (Args.is(argv[2], "OFF")) {
			session.setNoEvict(false);
		}
		else {
			throw new CommandException(CommandException.SYNTAX);
		}
		out.ok();
	}

	/** CLIENT REPLY ON|OFF|SKIP; only ON answers (with OK): the others silence this very reply too. */
	private void reply(Session session, byte[][] argv, ReplyWriter out) {
		boolean on = Args.is(argv[2], "ON");
		boolean off = Args.is(argv[2], "OFF");
		boolean skip = Args.is(argv[2], "SKIP");
		if (!on && !off && !skip) {
			throw new CommandException(CommandException.SYNTAX);
		}
		session.replyMode(on, off, skip);
		if (on) {
			out.ok();
		}
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
