package io.kvserver.store;

/**
 * Told when a key is removed because its deadline passed (on access or by the active cycle) or it was
 * evicted, so
 * that the append-only file and replicas can record the removal as Redis propagates it: a DEL.
 * Called under the database lock, after the removal.
 */
public interface ExpiryListener {

	void expired(Keyspace db, byte[] key);

	/**
	 * A key was evicted to keep memory under maxmemory: Redis propagates it as a DEL of its own,
	 * never wrapped in MULTI with what a command wrote.
	 */
	default void evicted(Keyspace db, byte[] key) {
		expired(db, key);
	}

}
