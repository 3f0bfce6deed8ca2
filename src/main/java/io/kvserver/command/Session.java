package io.kvserver.command;

import org.jspecify.annotations.Nullable;

import io.kvserver.protocol.ReplyWriter;
import io.kvserver.security.User;

/**
 * What the server remembers about one client between commands. It knows nothing of the socket
 * behind it: the transport creates one per connection and tells it the addresses and how to end
 * the connection ({@link #attach}). Read and written under the database lock, except for the
 * fields the transport sets once when the connection opens.
 */
public final class Session {

	private final long id;

	private final ReplyWriter replies = new ReplyWriter();

	private final long createdAtMillis;

	private volatile String address = "?:0";

	private volatile String localAddress = "?:0";

	private volatile Runnable killer = () -> {
	};

	private int db;

	private byte[] name;

	private String libName;

	private String libVersion;

	private boolean resp3;

	private boolean noEvict;

	private boolean repliesOff;

	private boolean skipNextReply;

	private boolean skipThisReply;

	private long lastCommandAtMillis;

	private String lastCommand;

	private boolean closed;

	private Transaction transaction;

	/** The ACL user the client runs as; null until the session is initialised, then never. */
	private @Nullable User user;

	/** Whether the client has authenticated (or needed not to, when it connected): Redis's c->authenticated. */
	private boolean authenticated = true;

	/** The running command's effect form, when it is not what the client sent; see {@link #propagateAs}. */
	private byte[][] effect;

	private boolean propagationPrevented;

	private boolean changedBesidesKeys;

	/** Redis's fake AOF client: what it runs is loaded from the file, never recorded again. */
	private boolean aofClient;

	public Session(long id, long createdAtMillis) {
		this.id = id;
		this.createdAtMillis = createdAtMillis;
		this.lastCommandAtMillis = createdAtMillis;
	}

	public long id() {
		return this.id;
	}

	/**
	 * Called by the transport when the connection opens.
	 * @param address the client's address, {@code ip:port} as Redis prints it
	 * @param localAddress the server side of the connection, {@code ip:port}
	 * @param killer ends the connection from any thread (CLIENT KILL); the transport then reports it closed
	 */
	public void attach(String address, String localAddress, Runnable killer) {
		this.address = address;
		this.localAddress = localAddress;
		this.killer = killer;
	}

	public String address() {
		return this.address;
	}

	public String localAddress() {
		return this.localAddress;
	}

	public void kill() {
		this.killer.run();
	}

	/** The connection's reply buffer, reused for every batch. */
	public ReplyWriter replies() {
		return this.replies;
	}

	public int db() {
		return this.db;
	}

	public void selectDb(int db) {
		this.db = db;
	}

	public byte[] name() {
		return this.name;
	}

	public void setName(byte[] name) {
		this.name = name;
	}

	public String libName() {
		return this.libName;
	}

	public void setLibName(String libName) {
		this.libName = libName;
	}

	public String libVersion() {
		return this.libVersion;
	}

	public void setLibVersion(String libVersion) {
		this.libVersion = libVersion;
	}

	public long createdAtMillis() {
		return this.createdAtMillis;
	}

	/** Whether the client asked for RESP3 with HELLO 3. */
	public boolean resp3() {
		return this.resp3;
	}

	public void setResp3(boolean resp3) {
		this.resp3 = resp3;
	}

	public boolean noEvict() {
		return this.noEvict;
	}

	public void setNoEvict(boolean noEvict) {
		this.noEvict = noEvict;
	}

	/** CLIENT REPLY ON|OFF|SKIP, with Redis's flags: OFF until ON; SKIP drops only the next command's reply. */
	public void replyMode(boolean on, boolean off, boolean skip) {
		if (on) {
			this.repliesOff = false;
			this.skipThisReply = false;
			this.skipNextReply = false;
		}
		else if (off) {
			this.repliesOff = true;
		}
		else if (skip && !this.repliesOff) {
			this.skipNextReply = true;
		}
	}

	/** Whether replies written now are dropped (CLIENT REPLY OFF, or the command after CLIENT REPLY SKIP). */
	public boolean repliesSuppressed() {
		return this.repliesOff || this.skipThisReply;
	}

	/** Called as each command starts (null for an unknown one): CLIENT LIST's {@code cmd=} and {@code idle=}. */
	public void commandStarting(String command, long nowMillis) {
		this.lastCommand = command;
		this.lastCommandAtMillis = nowMillis;
	}

	/** Called after each command: a SKIP asked for by the command just run applies to the next one. */
	public void commandDone() {
		this.skipThisReply = this.skipNextReply;
		this.skipNextReply = false;
	}

	/**
	 * RESET: back to how a new connection starts, except for the id, addresses, library attributes
	 * and NO-EVICT, which Redis 7.0's RESET keeps too.
	 */
	public void reset() {
		this.db = 0;
		this.resp3 = false;
		this.name = null;
		this.repliesOff = false;
		this.skipNextReply = false;
	}

	/** The ACL user of the client (CLIENT LIST's {@code user=}, ACL WHOAMI), or null before ACLs set it. */
	public @Nullable User user() {
		return this.user;
	}

	public boolean authenticated() {
		return this.authenticated;
	}

	/** AUTH, HELLO AUTH, or a new connection: the client now runs as {@code user}. */
	public void authenticateAs(User user, boolean authenticated) {
		this.user = user;
		this.authenticated = authenticated;
	}

	/** The last command's name, as CLIENT LIST's {@code cmd=} shows it ("client|list"), or null before the first. */
	public String lastCommand() {
		return this.lastCommand;
	}

	public long lastCommandAtMillis() {
		return this.lastCommandAtMillis;
	}

	/** The client's MULTI/WATCH state, created on first use so clients that never use them pay nothing. */
	public Transaction transaction() {
		if (this.transaction == null) {
			this.transaction = new Transaction();
		}
		return this.transaction;
	}

	/** The state if there is any, without creating it. */
	public Transaction transactionOrNull() {
		return this.transaction;
	}

	public boolean inMulti() {
		return this.transaction != null && this.transaction.inMulti();
	}

	/** Set once the connection is gone; a batch already on its way is then dropped. */
	public boolean isClosed() {
		return this.closed;
	}

	public void markClosed() {
		this.closed = true;
	}

	/**
	 * The running command is recorded (append-only file, replicas) as this command instead of as
	 * the client sent it, as Redis's rewriteClientCommandVector: its effect, with relative times made
	 * absolute ({@code SET k v PXAT ms}, {@code PEXPIREAT}), a removal as {@code DEL}.
	 */
	public void propagateAs(byte[]... argv) {
		this.effect = argv;
		this.propagationPrevented = false;
	}

	/** The running command changed data but is not recorded itself (it recorded its effects another way). */
	public void preventPropagation() {
		this.propagationPrevented = true;
	}

	/**
	 * The running command changed something that is not a key (a function library: Redis's
	 * server.dirty++ in FUNCTION LOAD, DELETE, FLUSH and RESTORE), so it is recorded as sent.
	 */
	public void changedBesidesKeys() {
		this.changedBesidesKeys = true;
	}

	/** Whether the command just run said so, and forgets it. */
	boolean takeChangedBesidesKeys() {
		boolean changed = this.changedBesidesKeys;
		this.changedBesidesKeys = false;
		return changed;
	}

	/** The effect form set by the command just run (null: as sent), and forgets it. */
	byte[][] takeEffect() {
		byte[][] argv = this.effect;
		this.effect = null;
		return argv;
	}

	/** Whether the command just run asked not to be recorded, and forgets it. */
	boolean takePropagationPrevented() {
		boolean prevented = this.propagationPrevented;
		this.propagationPrevented = false;
		return prevented;
	}

	void markAofClient() {
		this.aofClient = true;
	}

	/** Whether this is the client that loads the append-only file (its commands are not recorded). */
	boolean isAofClient() {
		return this.aofClient;
	}

}
