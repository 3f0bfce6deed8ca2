package io.kvserver.metrics;

/** Why a client connection ended, as far as the server can tell; a tag of the closed-connections counter. */
public enum CloseReason {

	/** The client sent QUIT. */
	CLIENT_QUIT("client-quit"),

	/** The client closed its end (end of stream). */
	CLIENT_CLOSED("client-closed"),

	/** The connection was reset or a write to it failed: the client went away without closing. */
	CLIENT_RESET("client-reset"),

	/** The server answered a protocol error and closed the connection, as Redis does. */
	PROTOCOL_ERROR("protocol-error"),

	/** One unfinished request outgrew client-query-buffer-limit. */
	QUERY_BUFFER_LIMIT("query-buffer-limit"),

	/** Anything else, such as the listener shutting down. */
	OTHER("other");

	private final String tag;

	CloseReason(String tag) {
		this.tag = tag;
	}

	public String tag() {
		return this.tag;
	}

}
