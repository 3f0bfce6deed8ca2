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
			this.dispatcher.blockedClients().forget(session);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Runs the batch. A batch whose command blocks stops there: the rest waits in the session, and
	 * the connection, paused, hands over {@link RequestBatch#RESUME} once the client is unblocked,
	 * which runs what waited (a protocol error that ended the batch included).
	 */
	public ReplyWriter execute(String clientId, RequestBatch batch) {
		Session session = this.sessions.get(clientId);
		ReplyWriter out = session.replies();
		RequestBatch heldBack = session.takeHeldBack(); // only the session's own connection thread takes or holds back
		if (heldBack != null) {
			batch = heldBack;
		}
		if (!batch.requests().isEmpty()) {
			this.dispatcher.execute(session, batch.requests(), out);
		}
		RequestBatch rest = session.heldBack();
		if (rest != null) {
			if (batch.protocolError() != null) {
				session.holdBack(new RequestBatch(rest.requests(), batch.protocolError()));
			}
			return out;
		}
		if (batch.protocolError() != null && !out.isCloseAfterWrite()) {
			this.dispatcher.protocolError(out, "ERR " + batch.protocolError());
			out.closeAfterWrite();
		}
		return out;
	}

}
