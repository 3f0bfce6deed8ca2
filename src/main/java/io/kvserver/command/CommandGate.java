package io.kvserver.command;

import org.jspecify.annotations.Nullable;

/**
 * A check a command must pass before it runs or is queued, as the later steps of Redis's
 * processCommand: authentication and ACL permissions (NOAUTH, NOPERM), memory (OOM). The dispatcher
 * asks after it has looked the command up and checked its arity; a refusal is the command's reply,
 * counted as a rejected call, and inside MULTI it dooms the transaction.
 */
public interface CommandGate {

	/** Lets everything through. */
	CommandGate OPEN = (session, spec, argv) -> null;

	/** Redis's error reply ("NOAUTH Authentication required.") for a command that must not run now, or null. */
	@Nullable String refuse(Session session, CommandSpec spec, byte[][] argv);

	/**
	 * EXEC is about to run a command it queued: Redis checks ACL permissions again, in case they
	 * changed meanwhile.
	 * @return the error reply for that command instead of running it, or null to run it
	 */
	default @Nullable String refuseQueued(Session session, CommandSpec spec, byte[][] argv) {
		return null;
	}

	/** Both gates, {@code first}'s refusal first. */
	static CommandGate both(CommandGate first, CommandGate second) {
		return new CommandGate() {

			@Override
			public @Nullable String refuse(Session session, CommandSpec spec, byte[][] argv) {
				String refused = first.refuse(session, spec, argv);
				return refused != null ? refused : second.refuse(session, spec, argv);
			}

			@Override
			public @Nullable String refuseQueued(Session session, CommandSpec spec, byte[][] argv) {
				String refused = first.refuseQueued(session, spec, argv);
				return refused != null ? refused : second.refuseQueued(session, spec, argv);
			}

		};
	}

}
