package io.kvserver.store;

/**
 * Told of every change to a key, so that the command layer can implement WATCH and wake clients
 * blocked on a key without the store knowing of either. Installed only while some client watches
 * or waits for a key, so a store nobody watches pays a null check per write. Called under the
 * database lock, after the change (before it, for a flush).
 */
public interface KeyspaceListener {

	/** The key was written, deleted, or removed because it expired. */
	void keyChanged(Keyspace db, byte[] key);

	/**
	 * The key did not exist and now holds {@code value}: a new key, or one renamed, moved or copied
	 * here (Redis's dbAdd, which is where it signals keys that blocked clients wait for). A value
	 * replacing another is no addition. Told before {@link #keyChanged} for the same write.
	 */
	default void keyAdded(Keyspace db, byte[] key, Object value) {
	}

	/** Every key of {@code db} is about to be dropped (FLUSHDB, FLUSHALL). */
	void emptying(Keyspace db);

}
