package io.kvserver.command;

import io.kvserver.protocol.ReplyWriter;
import io.kvserver.protocol.RequestBatch;

/**
 * The KV service: runs one connection's batch of requests and returns the encoded replies.
 * It knows clients only by an opaque id, never by their sockets.
 */
public final class KvService {

	private final SessionRegistry sessions;

	private final CommandDispatcher dispatcher;

	public KvService(SessionRegistry sessions, CommandDispatcher dispatcher) {
		this.sessions = sessions;
		this.dispatcher = dispatcher;
	}

	public ReplyWriter execute(String clientId, RequestBatch batch) {
		Session session = this.sessions.get(clientId);
		ReplyWriter out = session.replies();
		if (!batch.requests().isEmpty()) {
			this.dispatcher.execute(session, batch.requests(), out);
		}
		if (batch.protocolError() != null && !out.isCloseAfterWrite()) {
			this.dispatcher.reject(out, "ERR " + batch.protocolError());
			out.closeAfterWrite();
		}
		return out;
	}

}
