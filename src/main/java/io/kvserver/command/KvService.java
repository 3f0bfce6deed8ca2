package io.kvserver.command;

import java.util.concurrent.locks.ReentrantLock;

import io.kvserver.protocol.ReplyWriter;
import io.kvserver.protocol.RequestBatch;

/**
 * The KV service: runs one connection's batch of requests and returns the encoded replies.
 * It knows clients only by an opaque id, never by their sockets.
 */
public final class KvService {

	private final SessionRegistry sessions;

	private final CommandDispatcher dispatcher;

	private final TransactionManager transactions;

	private final ReentrantLock lock;

	public KvService(SessionRegistry sessions, CommandDispatcher dispatcher, TransactionManager transactions,
			ReentrantLock lock) {
		this.sessions = sessions;
		this.dispatcher = dispatcher;
		this.transactions = transactions;
		this.lock = lock;
	}

	/** The client's connection is gone: forget its session and drop its watched keys. */
	public void disconnected(String clientId) {
		Session session = this.sessions.close(clientId);
		if (session == null) {
			return;
		}
		this.lock.lock();
		try {
			session.markClosed();
			this.transactions.discard(session);
		}
		finally {
			this.lock.unlock();
		}
	}

	public ReplyWriter execute(String clientId, RequestBatch batch) {
		Session session = this.sessions.get(clientId);
		ReplyWriter out = session.replies();
		if (!batch.requests().isEmpty()) {
			this.dispatcher.execute(session, batch.requests(), out);
		}
		if (batch.protocolError() != null && !out.isCloseAfterWrite()) {
			this.dispatcher.protocolError(out, "ERR " + batch.protocolError());
			out.closeAfterWrite();
		}
		return out;
	}

}
