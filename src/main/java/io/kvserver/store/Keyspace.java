package io.kvserver.store;

import java.util.List;
import java.util.function.Consumer;

/**
 * One database as the commands see it: binary-safe keys to values ({@code byte[]} strings or
 * {@link Value}s), with optional expiry times. This is the store interface every command family
 * uses; {@link LocalKeyspace} is the in-process implementation.
 * <p>
 * Not thread-safe by design: callers hold {@link Databases#lock()} so that each command, and each
 * pipelined batch, sees and leaves the data as Redis's single thread would.
 */
public interface Keyspace {

	/** The value was stored as Redis stores a computed string (INCRBYFLOAT): never int-encoded. */
	int ENCODED_AS_STRING = 1;

	/** The value is a private copy (COPY), never one of Redis's shared integer objects. */
	int DUPLICATED = 2;

	/**
	 * The value, or null if the key is missing or has expired (an expired key is removed on the
	 * way). Counts as an access for OBJECT IDLETIME, as Redis's lookupKey does.
	 */
	Object get(byte[] key);

	/** As {@link #get} but not an access (Redis's LOOKUP_NOTOUCH: TYPE, EXISTS, TTL, OBJECT). */
	Object peek(byte[] key);

	default boolean exists(byte[] key) {
		return peek(key) != null;
	}

	/** Stores the value and drops any TTL, as a plain SET does. */
	void set(byte[] key, Object value);

	/** Stores the value with an absolute deadline in Unix milliseconds. */
	void set(byte[] key, Object value, long expireAtMillis);

	/** Stores the value and keeps the key's TTL if it has a live one (SET ... KEEPTTL, INCR). */
	void setKeepTtl(byte[] key, Object value);

	/** As {@link #setKeepTtl(byte[], Object)}, with flags such as {@link #ENCODED_AS_STRING}. */
	void setKeepTtl(byte[] key, Object value, int flags);

	/**
	 * The value stored under the key was changed in place (a field added to a hash, bytes appended
	 * to a string): the memory count moves by {@code bytesDelta} and watchers are told, as Redis's
	 * signalModifiedKey. The key must exist; a collection left empty is deleted by the caller.
	 */
	void modified(byte[] key, long bytesDelta);

	/**
	 * Stores the value as {@link #setKeepTtl(byte[], Object)} does, but tells no listener: for a new
	 * representation of the same value (Redis's dbUnshareStringValue, which makes a shared or
	 * embedded string a private raw one before changing it in place) and for a key Redis adds
	 * without signalling it (dbAdd, where the command signals only if it then changes the value).
	 */
	void setSilently(byte[] key, Object value);

	/**
	 * The value stored under the key changed size in place without a change Redis signals (a
	 * command that grew a string and then changed nothing, or failed part way): only the memory
	 * count moves. {@link #modified} is the call for a change watchers must see.
	 */
	void resized(byte[] key, long bytesDelta);

	/** Removes the key; false if it did not exist (or had expired). */
	boolean delete(byte[] key);

	/** Removes the key if it has expired, as Redis's expireIfNeeded; true if it did. */
	boolean reclaimIfExpired(byte[] key);

	/** The key's deadline in Unix milliseconds, -1 if it has none, -2 if the key does not exist. */
	long expireAt(byte[] key);

	/** Sets a deadline on an existing key; false if the key does not exist. */
	boolean setExpireAt(byte[] key, long expireAtMillis);

	/** Removes the key's deadline; false if the key does not exist or had none. */
	boolean persist(byte[] key);

	/** Whether the key is stored but past its deadline, not yet reclaimed (Redis's {@code keyIsExpired}); changes nothing. */
	boolean isStale(byte[] key);

	/** Whether the key is stored, live or stale (Redis's {@code dictFind} on the main dict); changes nothing. */
	boolean hasEntry(byte[] key);

	/** Installs (or, with null, removes) the one listener told of every change; see {@link KeyspaceListener}. */
	void setListener(KeyspaceListener listener);

	/** Installs (or, with null, removes) the listener told of keys removed because they expired. */
	void setExpiryListener(ExpiryListener listener);

	/**
	 * Moves an existing entry to a new name in this database, with its TTL and metadata, replacing
	 * whatever the new name held (RENAME). The caller has checked that {@code from} exists.
	 */
	void rename(byte[] from, byte[] to);

	/** Moves an existing entry to another database where the key is absent (MOVE). */
	void moveTo(byte[] key, Keyspace target);

	/**
	 * Copies an existing entry, with its TTL, to {@code newKey} in the target database (which may be
	 * this one), where that key is absent (COPY). The copy is a new object ({@link Value#copy()}; an
	 * immutable string is shared): fresh access time and flagged {@link #DUPLICATED}.
	 */
	void copyTo(byte[] key, Keyspace target, byte[] newKey);

	/** The flags the entry was stored with ({@link #ENCODED_AS_STRING}, {@link #DUPLICATED}); the key must exist. */
	int flags(byte[] key);

	/**
	 * Milliseconds since the key was last accessed, as Redis's estimateObjectIdleTime computes it
	 * from a 24-bit clock of seconds (which wraps after 194 days); -1 if the key does not exist.
	 */
	long idleMillis(byte[] key);

	/**
	 * Sets the key's last access this many seconds back (RESTORE ... IDLETIME), wrapping as Redis's
	 * 24-bit LRU clock does; the key must exist.
	 */
	void setIdleSeconds(byte[] key, long idleSeconds);

	/** Sets the key's LFU counter, last decremented now (RESTORE ... FREQ under an LFU policy); the key must exist. */
	void setFrequency(byte[] key, int frequency);

	/**
	 * The key's access counter as OBJECT FREQ reports it under an LFU policy (decayed for the time
	 * since its last access, not stored); -1 if the key does not exist. Not an access.
	 */
	int frequency(byte[] key);

	/**
	 * Offers {@code count} keys picked at random (among those with a TTL when {@code volatileOnly},
	 * expired ones included) to the eviction pool, scored as the pool asks; changes nothing. Redis's
	 * evictionPoolPopulate.
	 * @param db this database's index, which the pool records with each key
	 */
	void sampleForEviction(boolean volatileOnly, int count, EvictionPool pool, int db);

	/** A key picked at random (among those with a TTL when {@code volatileOnly}, expired ones included), or null. */
	byte[] randomEntry(boolean volatileOnly);

	/**
	 * Removes the key to free memory: WATCH sees the change, but it is not a change made by a command
	 * ({@link #dirty()} does not count it). False if there is no such entry.
	 */
	boolean evict(byte[] key);

	/** A random live key (expired ones met on the way are reclaimed), or null if there is none. */
	byte[] randomKey();

	/**
	 * One SCAN step, as Redis's scanGenericCommand drives dictScan: buckets are visited from the
	 * cursor until at least {@code count} keys are collected, the table is done (cursor 0), or
	 * {@code 10 * count} buckets were visited. Expired keys are collected too; the caller filters.
	 * @return the cursor for the next call, 0 when the iteration is complete
	 */
	long scan(long cursor, long count, List<byte[]> into);

	/** Number of keys, counting expired keys not yet reclaimed, as Redis's DBSIZE does. */
	int size();

	int expiresCount();

	/** Keys expired so far, lazily or by the active cycle. */
	long expiredKeys();

	/**
	 * The mean remaining TTL in milliseconds of the keys that have one (0 if none, never negative),
	 * for INFO keyspace's avg_ttl.
	 */
	long averageTtl();

	/** Estimated heap held by this database; reading it costs nothing and needs no lock. */
	long memoryEstimate();

	/** Removes every key (FLUSHDB). */
	void clear();

	/** Visits every live key; expired ones are skipped, not reclaimed (the visitor may not modify the keyspace). */
	void forEachKey(Consumer<byte[]> visitor);

	/**
	 * Reclaims expired keys in deadline order, at most {@code maxKeys} of them.
	 * @return how many keys were removed
	 */
	int expireDue(int maxKeys);

	/**
	 * Changes made to this database by commands so far (writes, deletions, TTL changes; one per key
	 * changed, a flush counting every key it drops), as Redis counts server.dirty; keys that expire
	 * do not count. Persistence compares it with its value at the last save.
	 */
	long dirty();

	/** One entry as a snapshot reads it: key, stored value and deadline (-1 for none), expired or not. */
	interface EntryVisitor {

		void entry(byte[] key, Object value, long expireAtMillis);

	}

	/**
	 * One step of a snapshot's walk: the entries of the bucket the cursor names, expired ones
	 * included, neither reclaimed nor counted as accessed; returns the next cursor, 0 at the end.
	 * While {@link #holdShrinking} is on, every entry present for the whole walk is visited exactly
	 * once.
	 */
	long scanEntries(long cursor, EntryVisitor visitor);

	/** Whether a walk of {@link #scanEntries} whose next cursor is {@code cursor} has passed the key's place. */
	boolean scannedBefore(long cursor, byte[] key);

	/** Keeps the table from shrinking while a snapshot walks it; see {@link #scanEntries}. */
	void holdShrinking(boolean hold);

	/** The entry's value whether or not it has expired, changing nothing; null if there is none. */
	Object peekEntry(byte[] key);

	/** The entry's deadline whether or not it has passed, -1 for none; changes nothing. */
	long peekDeadline(byte[] key);

}
