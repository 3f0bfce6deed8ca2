package io.kvserver.transport;

import io.kvserver.metrics.CloseReason;

/** What kvserver's two connection types share beyond Spring Integration's: the reason they close for. */
interface RespConnection {

	/** Records why the connection is about to close; the first reason given wins. */
	void closing(CloseReason reason);

	/** Why the connection closed, or null if nobody said. */
	CloseReason closeReason();

}
