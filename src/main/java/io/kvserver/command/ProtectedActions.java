package io.kvserver.command;

import java.util.Locale;

/**
 * Redis 7.0's protected commands (DEBUG; MODULE, which kvserver lacks): {@code enable-debug-command}
 * is "no" (refused), "yes" (allowed) or "local" (allowed from a loopback address), fixed at
 * startup as in Redis.
 */
public final class ProtectedActions {

	/** The values {@code enable-debug-command} takes. */
	public enum Setting {

		NO, YES, LOCAL;

		public static Setting parse(String text) {
			return valueOf(text.trim().toUpperCase(Locale.ROOT));
		}

		public String text() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

	private final Setting debug;

	public ProtectedActions(Setting debug) {
		this.debug = debug;
	}

	public Setting debug() {
		return this.debug;
	}

	/** Redis's refusal of a protected command for this client, or null if it may run. */
	String refusal(CommandSpec spec, Session session) {
		String name = spec.name();
		if (!name.equals("debug") || allowed(this.debug, session)) {
			return null;
		}
		return "ERR DEBUG command not allowed. If the enable-debug-command option is set to \"local\", you can run it "
				+ "from a local connection, otherwise you need to set this option in the configuration file, and then "
				+ "restart the server.";
	}

	/** Redis's allowProtectedAction: islocalClient compares the peer with 127.0.0.1 and ::1. */
	private static boolean allowed(Setting setting, Session session) {
		return switch (setting) {
			case YES -> true;
			case NO -> false;
			case LOCAL -> {
				String address = session.address();
				String host = address.substring(0, Math.max(0, address.lastIndexOf(':')));
				yield host.equals("127.0.0.1") || host.equals("::1") || host.equals("[::1]");
			}
		};
	}

}
