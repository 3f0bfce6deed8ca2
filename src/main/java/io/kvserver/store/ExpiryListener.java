package io.kvserver.store;

/**
 * Told when a key is removed because its deadline passed (on access or by the active cycle), so
 * that the append-only file and replicas can record the removal as Redis propagates it: a DEL.
 * Called under the database lock, after the removal.
 */
public interface ExpiryListener {

	void expired(Keyspace db, byte[] key);

}
