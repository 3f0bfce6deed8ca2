package io.kvserver.command.acl;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;

import io.kvserver.command.CommandCatalog;
import io.kvserver.command.CommandFlag;
import io.kvserver.command.CommandGate;
import io.kvserver.command.CommandSpec;
import io.kvserver.command.Session;
import io.kvserver.command.connection.ClientInfo;
import io.kvserver.metrics.ServerStats;
import io.kvserver.security.AccessControl;
import io.kvserver.security.AccessRequest;
import io.kvserver.security.AccessRequest.ChannelRef;
import io.kvserver.security.AclCommand;
import io.kvserver.security.AclDenial;
import io.kvserver.security.AclLog;
import io.kvserver.security.User;

/**
 * Authentication and ACL permissions before a command runs, as in Redis's processCommand: a client
 * that must authenticate gets {@code -NOAUTH Authentication required.} for anything but the no_auth
 * commands (AUTH, HELLO, QUIT, RESET); one whose user may not run the command, or touch one of its
 * keys or channels, gets Redis's {@code -NOPERM} text, and the refusal goes into ACL LOG. EXEC checks
 * its queued commands again, in case the rules changed meanwhile. Runs under the database lock.
 */
public final class AclGate implements CommandGate {

	private final AccessControl acl;

	private final AclLog log;

	private final ServerStats stats;

	private final LongSupplier maxLogLength;

	private final LongSupplier clock;

	/** Per command name ("get", "config|get"): the ACL command and where its keys and channels are; built on first use. */
	private final Map<String, Resolved> resolved = new HashMap<>();

	private record Resolved(@Nullable AclCommand command, CommandKeys.KeyFinder keys, int channelStart,
			int channelCount, boolean channelPattern) {
	}

	/**
	 * @param maxLogLength acllog-max-len
	 * @param clock the wall clock, for CLIENT INFO's idle and age in log entries
	 */
	public AclGate(AccessControl acl, AclLog log, ServerStats stats, LongSupplier maxLogLength, LongSupplier clock) {
		this.acl = acl;
		this.log = log;
		this.stats = stats;
		this.maxLogLength = maxLogLength;
		this.clock = clock;
	}

	@Override
	public @Nullable String refuse(Session session, CommandSpec spec, byte[][] argv) {
		if (!session.authenticated() && this.acl.authRequired() && !spec.is(CommandFlag.NO_AUTH)) {
			return "NOAUTH Authentication required.";
		}
		User user = session.user();
		if (user == null || user.unrestricted() || (session.inMulti() && spec.is(CommandFlag.NO_MULTI))) {
			return null; // a no_multi command inside MULTI is refused for that before ACL looks at it
		}
		AclDenial denial = check(user, resolve(spec.name()), argv);
		if (denial == null) {
			return null;
		}
		logDenial(session, user, denial, spec, argv, session.inMulti() ? "multi" : "toplevel");
		return switch (denial.reason()) {
			case COMMAND -> "NOPERM this user has no permissions to run the '" + spec.name() + "' command";
			case KEY -> "NOPERM this user has no permissions to access one of the keys used as arguments";
			case CHANNEL -> "NOPERM this user has no permissions to access one of the channels used as arguments";
			case AUTH -> "NOPERM no permission";
		};
	}

	@Override
	public @Nullable String refuseQueued(Session session, CommandSpec spec, byte[][] argv) {
		User user = session.user();
		if (user == null || user.unrestricted()) {
			return null;
		}
		AclDenial denial = check(user, resolve(spec.name()), argv);
		if (denial == null) {
			return null;
		}
		logDenial(session, user, denial, spec, argv, "multi");
		String reason = switch (denial.reason()) {
			case COMMAND -> "no permission to execute the command or subcommand";
			case KEY -> "no permission to touch the specified keys";
			case CHANNEL -> "no permission to access one of the channels used as arguments";
			case AUTH -> "no permission";
		};
		return "NOPERM ACLs rules changed between the moment the transaction was accumulated and the EXEC call. "
				+ "This command is no longer allowed for the following reason: " + reason;
	}

	/**
	 * ACL DRYRUN: null if {@code user} may run the command (any of Redis 7.0's, implemented here or
	 * not) with these arguments.
	 * @param name "get", or "config|get"
	 */
	@Nullable AclDenial check(User user, String name, byte[][] argv) {
		return check(user, resolve(name), argv);
	}

	private @Nullable AclDenial check(User user, Resolved command, byte[][] argv) {
		if (command.command() == null) {
			// A command Redis 7.0 does not have (CLIENT SETINFO): allowed as Redis allows commands added
			// after a user's rules were set, only to users whose rules began with +@all.
			return this.acl.allowsCommandsAddedLater(user) ? null : new AclDenial(AclDenial.Reason.COMMAND, 0);
		}
		List<ChannelRef> channels = List.of();
		if (command.channelCount() != 0 && argv.length > command.channelStart()) {
			int stop = command.channelCount() < 0 ? argv.length
					: Math.min(argv.length, command.channelStart() + command.channelCount());
			channels = new java.util.ArrayList<>();
			for (int i = command.channelStart(); i < stop; i++) {
				channels.add(new ChannelRef(i, command.channelPattern()));
			}
		}
		return this.acl.check(user, new AccessRequest(command.command(), argv, command.keys().keys(argv), channels));
	}

	private void logDenial(Session session, User user, AclDenial denial, CommandSpec spec, byte[][] argv,
			String context) {
		String object = denial.reason() == AclDenial.Reason.COMMAND ? spec.name()
				: new String(argv[denial.argIndex()], java.nio.charset.StandardCharsets.ISO_8859_1);
		this.stats.aclDenied(denial.reason() == AclDenial.Reason.COMMAND ? 0
				: denial.reason() == AclDenial.Reason.KEY ? 1 : 2);
		this.log.add(denial.reason(), context, object, user.name(), ClientInfo.line(session, this.clock.getAsLong()),
				this.maxLogLength.getAsLong());
	}

	/** A failed AUTH or HELLO AUTH: counted and logged under the name given, never with the password. */
	void authFailed(Session session, byte[] username, String commandName) {
		this.stats.aclDeniedAuth();
		this.log.add(AclDenial.Reason.AUTH, session.inMulti() ? "multi" : "toplevel", commandName,
				new String(username, java.nio.charset.StandardCharsets.ISO_8859_1),
				ClientInfo.line(session, this.clock.getAsLong()), this.maxLogLength.getAsLong());
	}

	private Resolved resolve(String name) {
		return this.resolved.computeIfAbsent(name, n -> {
			AclCommand command = this.acl.commands().lookup(n);
			CommandKeys.KeyFinder keys = CommandKeys.finder(n, CommandCatalog.shared().info(n));
			return switch (n) {
				case "subscribe", "ssubscribe" -> new Resolved(command, keys, 1, -1, false);
				case "psubscribe" -> new Resolved(command, keys, 1, -1, true);
				case "publish", "spublish" -> new Resolved(command, keys, 1, 1, false);
				default -> new Resolved(command, keys, 0, 0, false);
			};
		});
	}

}
