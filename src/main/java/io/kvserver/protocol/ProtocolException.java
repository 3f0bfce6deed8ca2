package io.kvserver.protocol;

/**
 * A request that breaks the protocol. The message is the text Redis sends after {@code -ERR },
 * and the connection is closed once it has been answered.
 */
public final class ProtocolException extends Exception {

	public ProtocolException(String message) {
		super(message, null, false, false);
	}

}
