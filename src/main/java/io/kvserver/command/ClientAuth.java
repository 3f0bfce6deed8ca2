package io.kvserver.command;

import io.kvserver.security.User;

/**
 * What connection commands need of ACL: HELLO AUTH authenticates, RESET returns a client to the
 * default user, CLIENT KILL USER names users. Implemented by the ACL family.
 */
public interface ClientAuth {

	/** Everyone is the password-less default user (tests and benchmarks without ACL). */
	ClientAuth NONE = new ClientAuth() {

		@Override
		public boolean authenticate(Session session, byte[] command, byte[] username, byte[] password) {
			return new String(username, java.nio.charset.StandardCharsets.ISO_8859_1).equals("default");
		}

		@Override
		public void resetToDefault(Session session) {
		}

		@Override
		public boolean userExists(byte[] name) {
			return new String(name, java.nio.charset.StandardCharsets.ISO_8859_1).equals("default");
		}

	};

	/**
	 * Checks the name and password; on success the client runs as that user, on failure the attempt
	 * is counted and logged.
	 * @param command the command as the client sent it (AUTH, HELLO), for ACL LOG
	 */
	boolean authenticate(Session session, byte[] command, byte[] username, byte[] password);

	/** RESET: the client is the default user again, authenticated only if that user needs no password. */
	void resetToDefault(Session session);

	boolean userExists(byte[] name);

	/** Whether the client runs as this user (CLIENT KILL USER). */
	static boolean runsAs(Session session, byte[] name) {
		User user = session.user();
		String wanted = new String(name, java.nio.charset.StandardCharsets.ISO_8859_1);
		return user == null ? wanted.equals("default") : user.name().equals(wanted);
	}

}
