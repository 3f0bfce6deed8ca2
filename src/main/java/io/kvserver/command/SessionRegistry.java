package io.kvserver.command;

import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/** The open client sessions, keyed by the transport's connection id. */
public final class SessionRegistry {

	private final ConcurrentHashMap<String, Session> sessions = new ConcurrentHashMap<>();

	private final AtomicLong nextId = new AtomicLong();

	private final LongSupplier clock;

	private volatile Consumer<Session> initializer = session -> {
	};

	public SessionRegistry(LongSupplier clock) {
		this.clock = clock;
	}

	/** Run on every new session before its first command (the ACL sets its user and authentication). */
	public void initializeWith(Consumer<Session> initializer) {
		this.initializer = initializer;
	}

	public Session open(String connectionId) {
		return this.sessions.computeIfAbsent(connectionId, id -> {
			Session session = new Session(this.nextId.incrementAndGet(), this.clock.getAsLong());
			this.initializer.accept(session);
			return session;
		});
	}

	/** The session for a connection, created on first use if the open event has not arrived yet. */
	public Session get(String connectionId) {
		Session session = this.sessions.get(connectionId);
		return session != null ? session : open(connectionId);
	}

	/** Forgets the connection's session and returns it, or null if there was none. */
	public Session close(String connectionId) {
		return this.sessions.remove(connectionId);
	}

	public int size() {
		return this.sessions.size();
	}

	public Collection<Session> all() {
		return this.sessions.values();
	}

}
