package io.kvserver.store;

/**
 * Told of every change to a key, so that the command layer can implement WATCH without the store
 * knowing of it. Installed only while some client watches a key, so a store nobody watches pays a
 * null check per write. Called under the database lock, after the change (before it, for a flush).
 */
public interface KeyspaceListener {

	/** The key was written, deleted, or removed because it expired. */
	void keyChanged(Keyspace db, byte[] key);

	/** Every key of {@code db} is about to be dropped (FLUSHDB, FLUSHALL). */
	void emptying(Keyspace db);

}
