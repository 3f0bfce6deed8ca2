package io.kvserver.transport;

import io.kvserver.metrics.CloseReason;

/** What kvserver's connection types share beyond Spring Integration's: the reason they close for, and how. */
interface RespConnection {

	void close();

	/** The headers every message from this connection carries (see {@link ConnectionHeaders}). */
	ConnectionHeaders messageHeaders();

	/** Closes once the replies already sent have left; a blocking connection has nothing left by then. */
	default void closeAfterReply() {
		close();
	}

	/** The connection's decoding input, where the close reason is kept; null before the first read. */
	DecodingInputStream decodingInput();

	/** Records why the connection is about to close; the first reason given wins. */
	default void closing(CloseReason reason) {
		DecodingInputStream input = decodingInput();
		if (input != null) {
			input.closing(reason);
		}
	}

	/** Why the connection closed, or null if nobody said. */
	default CloseReason closeReason() {
		DecodingInputStream input = decodingInput();
		return input != null ? input.closeReason() : null;
	}

}
