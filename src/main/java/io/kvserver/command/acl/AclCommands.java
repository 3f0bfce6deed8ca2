package io.kvserver.command.acl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.kvserver.command.Args;
import io.kvserver.command.ClientAuth;
import io.kvserver.command.CommandCatalog;
import io.kvserver.command.CommandCatalog.Node;
import io.kvserver.command.CommandException;
import io.kvserver.command.CommandFamily;
import io.kvserver.command.CommandSpec;
import io.kvserver.command.Session;
import io.kvserver.command.SessionRegistry;
import io.kvserver.command.TransactionManager;
import io.kvserver.protocol.ReplyWriter;
import io.kvserver.security.AccessControl;
import io.kvserver.security.AclCategory;
import io.kvserver.security.AclCommand;
import io.kvserver.security.AclDenial;
import io.kvserver.security.AclFile;
import io.kvserver.security.AclLog;
import io.kvserver.security.User;

/** AUTH and ACL, as Redis 7.0's acl.c answers them. */
public final class AclCommands implements CommandFamily, ClientAuth {

	private static final Log LOGGER = LogFactory.getLog(AclCommands.class);

	private static final String WRONGPASS = "WRONGPASS invalid username-password pair or user is disabled.";

	private static final int GENPASS_MAX_BITS = 4096;

	private static final List<String> HELP = List.of("CAT [<category>]",
			"    List all commands that belong to <category>, or all command categories",
			"    when no category is specified.", "DELUSER <username> [<username> ...]", "    Delete a list of users.",
			"DRYRUN <username> <command> [<arg> ...]",
			"    Returns whether the user can execute the given command without executing the command.",
			"GETUSER <username>", "    Get the user's details.", "GENPASS [<bits>]",
			"    Generate a secure 256-bit user password. The optional `bits` argument can",
			"    be used to specify a different size.", "LIST", "    Show users details in config file format.", "LOAD",
			"    Reload users from the ACL file.", "LOG [<count> | RESET]", "    Show the ACL log entries.", "SAVE",
			"    Save the current config to the ACL file.", "SETUSER <username> <attribute> [<attribute> ...]",
			"    Create or modify a user with the specified attributes.", "USERS",
			"    List all the registered usernames.", "WHOAMI", "    Return the current connection username.");

	private final AccessControl acl;

	private final AclLog log;

	private final AclGate gate;

	private final SessionRegistry sessions;

	private final TransactionManager transactions;

	private final Supplier<@Nullable String> aclFile;

	private final LongSupplier clock;

	private final SecureRandom random = new SecureRandom();

	/**
	 * @param aclFile the aclfile setting, or null when unset
	 */
	public AclCommands(AccessControl acl, AclLog log, AclGate gate, SessionRegistry sessions,
			TransactionManager transactions, Supplier<@Nullable String> aclFile, LongSupplier clock) {
		this.acl = acl;
		this.log = log;
		this.gate = gate;
		this.sessions = sessions;
		this.transactions = transactions;
		this.aclFile = aclFile;
		this.clock = clock;
	}

	@Override
	public List<CommandSpec> commands() {
		List<CommandSpec> subs = new ArrayList<>();
		for (String sub : List.of("cat", "deluser", "dryrun", "genpass", "getuser", "help", "list", "load", "log", "save",
				"setuser", "users", "whoami")) {
			subs.add(CommandSpec.of("acl|" + sub, this::acl));
		}
		return List.of(CommandSpec.of("auth", this::auth), CommandSpec.container("acl", subs));
	}

	/** AUTH password, or AUTH username password. */
	private void auth(Session session, byte[][] argv, ReplyWriter out) {
		if (argv.length > 3) {
			throw new CommandException(CommandException.SYNTAX);
		}
		byte[] username;
		byte[] password;
		if (argv.length == 2) {
			if (this.acl.defaultUser().noPassword()) {
				throw new CommandException("ERR AUTH <password> called without any password configured for the "
						+ "default user. Are you sure your configuration is correct?");
			}
			username = AccessControl.DEFAULT_USER.getBytes(StandardCharsets.ISO_8859_1);
			password = argv[1];
		}
		else {
			username = argv[1];
			password = argv[2];
		}
		if (!authenticate(session, argv[0], username, password)) {
			throw new CommandException(WRONGPASS);
		}
		out.ok();
	}

	/**
	 * Redis's ACLAuthenticateUser, shared with HELLO AUTH: on success the client runs as the user;
	 * a failure is counted and logged (the command as sent and the user name, never the password).
	 */
	@Override
	public boolean authenticate(Session session, byte[] command, byte[] username, byte[] password) {
		User user = this.acl.authenticate(username, password);
		if (user == null) {
			this.gate.authFailed(session, username, Args.text(command));
			return false;
		}
		session.authenticateAs(user, true);
		return true;
	}

	@Override
	public void resetToDefault(Session session) {
		session.authenticateAs(this.acl.defaultUser(), this.acl.newClientsAuthenticated());
	}

	@Override
	public boolean userExists(byte[] name) {
		return this.acl.user(name) != null;
	}

	private void acl(Session session, byte[][] argv, ReplyWriter out) {
		String sub = Args.text(argv[1]).toLowerCase(Locale.ROOT);
		int argc = argv.length;
		if (sub.equals("setuser") && argc >= 3) {
			setUser(argv, out);
		}
		else if (sub.equals("deluser") && argc >= 3) {
			delUser(session, argv, out);
		}
		else if (sub.equals("getuser") && argc == 3) {
			getUser(argv, out);
		}
		else if ((sub.equals("list") || sub.equals("users")) && argc == 2) {
			out.arrayHeader(this.acl.users().size());
			for (User user : this.acl.users()) {
				out.bulkText(sub.equals("users") ? user.name() : "user " + user.name() + " " + user.describe());
			}
		}
		else if (sub.equals("whoami") && argc == 2) {
			User user = session.user();
			if (user == null) {
				out.nullBulk();
			}
			else {
				out.bulkText(user.name());
			}
		}
		else if (this.aclFile.get() == null && (sub.equals("load") || sub.equals("save"))) {
			throw new CommandException("ERR This Redis instance is not configured to use an ACL file. You may want to "
					+ "specify users via the ACL SETUSER command and then issue a CONFIG REWRITE (assuming you have "
					+ "a Redis configuration file set) in order to store users in the Redis configuration.");
		}
		else if (sub.equals("load") && argc == 2) {
			load(session, out);
		}
		else if (sub.equals("save") && argc == 2) {
			save(out);
		}
		else if (sub.equals("cat") && argc == 2) {
			out.arrayHeader(AclCategory.values().length);
			for (AclCategory category : AclCategory.values()) {
				out.bulkText(category.redisName());
			}
		}
		else if (sub.equals("cat") && argc == 3) {
			cat(argv, out);
		}
		else if (sub.equals("genpass") && (argc == 2 || argc == 3)) {
			genpass(argv, out);
		}
		else if (sub.equals("log") && (argc == 2 || argc == 3)) {
			log(argv, out);
		}
		else if (sub.equals("dryrun") && argc >= 4) {
			dryRun(argv, out);
		}
		else if (argc == 2 && sub.equals("help")) {
			List<String> lines = new ArrayList<>();
			lines.add(Args.text(argv[0]).toUpperCase(Locale.ROOT) + " <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
			lines.addAll(HELP);
			lines.add("HELP");
			lines.add("    Prints this help.");
			out.arrayHeader(lines.size());
			lines.forEach(out::simpleString);
		}
		else {
			throw new CommandException("ERR unknown subcommand or wrong number of arguments for '"
					+ truncate(Args.text(argv[1]), 128) + "'. Try " + Args.text(argv[0]).toUpperCase(Locale.ROOT) + " HELP.");
		}
	}

	private void setUser(byte[][] argv, ReplyWriter out) {
		String name = whole(argv[2]);
		if (hasSpaces(name)) {
			throw new CommandException("ERR Usernames can't contain spaces or null characters");
		}
		List<String> rules = new ArrayList<>();
		for (int i = 3; i < argv.length; i++) {
			rules.add(whole(argv[i]));
		}
		String error = this.acl.setUser(name, rules);
		if (error != null) {
			throw new CommandException("ERR " + safe(error));
		}
		out.ok();
	}

	private void delUser(Session session, byte[][] argv, ReplyWriter out) {
		List<String> names = new ArrayList<>();
		for (int i = 2; i < argv.length; i++) {
			String name = whole(argv[i]);
			if (name.equals(AccessControl.DEFAULT_USER)) {
				throw new CommandException("ERR The 'default' user cannot be removed");
			}
			names.add(name);
		}
		List<User> removed = this.acl.delete(names);
		for (User user : removed) {
			disconnectClientsOf(session, out, user);
		}
		out.integer(removed.size());
	}

	/**
	 * Redis's ACLFreeUserAndKillClients: every client of the user runs as the default user,
	 * unauthenticated, and is closed; the caller's own connection after this reply.
	 */
	private void disconnectClientsOf(Session caller, ReplyWriter out, User user) {
		for (Session s : this.sessions.all()) {
			if (s.user() != user || s.isClosed()) {
				continue;
			}
			s.authenticateAs(this.acl.defaultUser(), false);
			if (s == caller) {
				out.closeAfterWrite();
			}
			else {
				this.transactions.discard(s);
				s.markClosed();
				s.kill();
			}
		}
	}

	private void getUser(byte[][] argv, ReplyWriter out) {
		User user = this.acl.user(argv[2]);
		if (user == null) {
			out.nullBulk();
			return;
		}
		out.mapHeader(6);
		out.bulkText("flags");
		List<String> flags = AccessControl.flags(user);
		out.setHeader(flags.size());
		flags.forEach(out::bulkText);
		out.bulkText("passwords");
		List<String> passwords = AccessControl.passwordHashes(user);
		out.arrayHeader(passwords.size());
		passwords.forEach(out::bulkText);
		selectorFields(AccessControl.describe(user, true, 0), out);
		out.bulkText("selectors");
		int extra = AccessControl.extraSelectors(user);
		out.arrayHeader(extra);
		for (int i = 0; i < extra; i++) {
			out.mapHeader(3);
			selectorFields(AccessControl.describe(user, false, i), out);
		}
	}

	private static void selectorFields(List<String> commandsKeysChannels, ReplyWriter out) {
		out.bulkText("commands");
		out.bulkText(commandsKeysChannels.get(0));
		out.bulkText("keys");
		out.bulkText(commandsKeysChannels.get(1));
		out.bulkText("channels");
		out.bulkText(commandsKeysChannels.get(2));
	}

	/** ACL LOAD: the file replaces every user, or nothing changes; clients of the replaced users are closed. */
	private void load(Session session, ReplyWriter out) {
		String file = this.aclFile.get();
		AclFile.Loaded loaded = AclFile.load(this.acl, Path.of(file), file);
		if (loaded.errors() != null) {
			throw new CommandException("ERR " + safe(loaded.errors()));
		}
		List<User> replaced = new ArrayList<>();
		for (User user : this.acl.users()) {
			if (user != this.acl.defaultUser()) {
				replaced.add(user);
			}
		}
		this.acl.replaceAll(loaded.users());
		replaced.forEach(user -> disconnectClientsOf(session, out, user));
		out.ok();
	}

	private void save(ReplyWriter out) {
		try {
			AclFile.save(this.acl, Path.of(this.aclFile.get()));
		}
		catch (IOException ex) {
			LOGGER.warn("ACL SAVE failed: " + ex.getMessage());
			throw new CommandException("ERR There was an error trying to save the ACLs. Please check the server logs "
					+ "for more information");
		}
		out.ok();
	}

	/** ACL CAT category: every command and subcommand in it. */
	private void cat(byte[][] argv, ReplyWriter out) {
		AclCategory category = AclCategory.named(Args.text(argv[2]));
		if (category == null) {
			throw new CommandException("ERR Unknown category '" + truncate(Args.text(argv[2]), 128) + "'");
		}
		List<String> names = new ArrayList<>();
		for (AclCommand command : this.acl.commands().commands()) {
			if (command.in(category)) {
				names.add(command.fullName());
			}
			for (AclCommand sub : command.subcommands()) {
				if (sub.in(category)) {
					names.add(sub.fullName());
				}
			}
		}
		out.arrayHeader(names.size());
		names.forEach(out::bulkText);
	}

	private void genpass(byte[][] argv, ReplyWriter out) {
		long bits = argv.length == 3 ? Args.parseLong(argv[2]) : 256;
		if (bits <= 0 || bits > GENPASS_MAX_BITS) {
			throw new CommandException("ERR ACL GENPASS argument must be the number of bits for the output password, "
					+ "a positive number up to " + GENPASS_MAX_BITS);
		}
		int chars = (int) ((bits + 3) / 4);
		byte[] bytes = new byte[(chars + 1) / 2];
		this.random.nextBytes(bytes);
		out.bulkText(HexFormat.of().formatHex(bytes).substring(0, chars));
	}

	private void log(byte[][] argv, ReplyWriter out) {
		long count = 10;
		if (argv.length == 3) {
			if (Args.is(argv[2], "RESET")) {
				this.log.reset();
				out.ok();
				return;
			}
			count = Math.max(0, Args.parseLong(argv[2]));
		}
		List<AclLog.Entry> entries = this.log.newest(count);
		long now = this.log.now();
		out.arrayHeader(entries.size());
		for (AclLog.Entry entry : entries) {
			out.mapHeader(7);
			out.bulkText("count");
			out.integer(entry.count());
			out.bulkText("reason");
			out.bulkText(entry.reason().logName());
			out.bulkText("context");
			out.bulkText(entry.context());
			out.bulkText("object");
			out.bulkText(entry.object());
			out.bulkText("username");
			out.bulkText(entry.username());
			out.bulkText("age-seconds");
			out.doubleValue((double) (now - entry.createdMillis()) / 1000);
			out.bulkText("client-info");
			out.bulkText(entry.clientInfo());
		}
	}

	/**
	 * ACL DRYRUN user command [arg ...]: whether the user could run it, without running it. Any
	 * command of Redis 7.0 can be asked about, implemented here or not.
	 */
	private void dryRun(byte[][] argv, ReplyWriter out) {
		User user = this.acl.user(argv[2]);
		if (user == null) {
			throw new CommandException("ERR User '" + Args.text(argv[2]) + "' not found");
		}
		byte[][] command = Arrays.copyOfRange(argv, 3, argv.length);
		String name = lookup(command);
		Node info = name != null ? CommandCatalog.shared().info(name) : null;
		if (info == null) {
			throw new CommandException("ERR Command '" + Args.text(argv[3]) + "' not found");
		}
		int arity = Integer.parseInt(info.children().get(1).text());
		if ((arity > 0 && arity != command.length) || command.length < -arity) {
			throw new CommandException("ERR wrong number of arguments for '" + name + "' command");
		}
		AclDenial denial = this.gate.check(user, name, command);
		if (denial == null) {
			out.ok();
			return;
		}
		out.bulkText(switch (denial.reason()) {
			case COMMAND -> "This user has no permissions to run the '" + name + "' command";
			case KEY -> "This user has no permissions to access the '" + Args.text(command[denial.argIndex()]) + "' key";
			case CHANNEL -> "This user has no permissions to access the '" + Args.text(command[denial.argIndex()])
					+ "' channel";
			case AUTH -> throw new IllegalStateException("Invalid permission result");
		});
	}

	/**
	 * Redis's lookupCommand over its whole table: the command's full name, its subcommand's when it
	 * is a container and one is given, or null.
	 */
	private @Nullable String lookup(byte[][] command) {
		if (Args.text(command[0]).indexOf('|') >= 0) {
			return null; // Redis looks the first argument up among top-level names only
		}
		AclCommand base = this.acl.commands().lookup(Args.text(command[0]));
		if (base == null || command.length == 1 || base.subcommands().isEmpty()) {
			return base != null ? base.fullName() : null;
		}
		AclCommand sub = this.acl.commands().lookup(base.fullName() + "|" + Args.text(command[1]));
		return sub != null ? sub.fullName() : null;
	}

	/** The argument's every byte (a NUL included), one char each. */
	private static String whole(byte[] arg) {
		return new String(arg, StandardCharsets.ISO_8859_1);
	}

	/** Redis's addReplyErrorSdsSafe: newlines in an error become spaces. */
	private static String safe(String error) {
		return error.replace('\r', ' ').replace('\n', ' ');
	}

	private static boolean hasSpaces(String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0b || c == '\f' || c == 0) {
				return true;
			}
		}
		return false;
	}

	private static String truncate(String text, int max) {
		return text.length() <= max ? text : text.substring(0, max);
	}

}
