package io.kvserver.store;

import java.util.List;

/** Several listeners installed at once (WATCH and blocked clients): each is told of every event, in order. */
final class KeyspaceListeners implements KeyspaceListener {

	private final List<KeyspaceListener> listeners;

	KeyspaceListeners(List<KeyspaceListener> listeners) {
		this.listeners = listeners;
	}

	@Override
	public void keyChanged(Keyspace db, byte[] key) {
		for (KeyspaceListener listener : this.listeners) {
			listener.keyChanged(db, key);
		}
	}

	@Override
	public void keyAdded(Keyspace db, byte[] key, Object value) {
		for (KeyspaceListener listener : this.listeners) {
			listener.keyAdded(db, key, value);
		}
	}

	@Override
	public void emptying(Keyspace db) {
		for (KeyspaceListener listener : this.listeners) {
			listener.emptying(db);
		}
	}

}
