package io.kvserver.security;

/**
 * Why ACL refused a command, ordered as Redis's ACL_DENIED_* codes, which pick the reason reported
 * when every selector refuses.
 *
 * @param reason what was refused
 * @param argIndex the argument (key or channel) refused, 0 for a command
 */
public record AclDenial(Reason reason, int argIndex) {

	public enum Reason {
		COMMAND("command"), KEY("key"), AUTH("auth"), CHANNEL("channel");

		private final String logName;

		Reason(String logName) {
			this.logName = logName;
		}

		/** As ACL LOG's "reason" shows it. */
		public String logName() {
			return this.logName;
		}
	}

}
