package io.kvserver.store;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;

/**
 * One database: binary-safe keys to values, with optional expiry times.
 * <p>
 * Not thread-safe by design: callers hold {@link Databases#lock()} so that each command, and each
 * pipelined batch, sees and leaves the data as Redis's single thread would. Keys live in a
 * {@link HashSlots} table (no object per entry; a SCAN cursor that survives resizes). Keys without
 * a TTL cost nothing for expiry: deadlines live in a separate table (like Redis's {@code expires}
 * dict), and a min-heap of deadlines lets the active cycle find expired keys nobody touches
 * without scanning.
 * <p>
 * Each entry has a metadata word, as a Redis object header has: the low 24 bits are the LRU clock
 * (seconds) of its last access, for OBJECT IDLETIME, and the bits above hold the flags of
 * {@link #ENCODED_AS_STRING} and {@link #DUPLICATED}, which OBJECT needs to report what Redis would.
 */
public final class Keyspace {

	/** The value was stored as Redis stores a computed string (INCRBYFLOAT): never int-encoded. */
	public static final int ENCODED_AS_STRING = 1;

	/** The value is a private copy (COPY), never one of Redis's shared integer objects. */
	public static final int DUPLICATED = 2;

	private static final int LRU_BITS = 24;

	private static final int LRU_MAX = (1 << LRU_BITS) - 1;

	/** Heap entries made stale by TTL changes are dropped when they outnumber live deadlines by this much. */
	private static final int STALE_SLACK = 1024;

	private static final long NO_DEADLINE = -1;

	private static final long KEEP_DEADLINE = Long.MIN_VALUE;

	private final ValueTable values = new ValueTable();

	private final ExpiryTable expires = new ExpiryTable();

	private DeadlineHeap deadlines = new DeadlineHeap();

	private KeyspaceListener listener;

	private final LongSupplier clock;

	private long expiredKeys;

	private long dirty;

	public Keyspace(LongSupplier clock) {
		this.clock = clock;
	}

	/**
	 * The value, or null if the key is missing or has expired (an expired key is removed on the
	 * way). Counts as an access for OBJECT IDLETIME, as Redis's lookupKey does.
	 */
	public Object get(byte[] key) {
		int slot = lookup(key, KeyHash.hash(key));
		if (slot < 0) {
			return null;
		}
		this.values.meta[slot] = (this.values.meta[slot] & ~LRU_MAX) | lruClock();
		return this.values.values[slot];
	}

	/** As {@link #get} but not an access (Redis's LOOKUP_NOTOUCH: TYPE, EXISTS, TTL, OBJECT). */
	public Object peek(byte[] key) {
		int slot = lookup(key, KeyHash.hash(key));
		return slot < 0 ? null : this.values.values[slot];
	}

	public boolean exists(byte[] key) {
		return peek(key) != null;
	}

	/** Stores the value and drops any TTL, as a plain SET does. */
	public void set(byte[] key, Object value) {
		store(key, KeyHash.hash(key), value, 0, NO_DEADLINE);
	}

	/** Stores the value with an absolute deadline in Unix milliseconds. */
	public void set(byte[] key, Object value, long expireAtMillis) {
		store(key, KeyHash.hash(key), value, 0, expireAtMillis);
	}

	/** Stores the value and keeps the key's TTL if it has a live one (SET ... KEEPTTL, INCR). */
	public void setKeepTtl(byte[] key, Object value) {
		store(key, KeyHash.hash(key), value, 0, KEEP_DEADLINE);
	}

	/** As {@link #setKeepTtl(byte[], Object)}, with flags such as {@link #ENCODED_AS_STRING}. */
	public void setKeepTtl(byte[] key, Object value, int flags) {
		store(key, KeyHash.hash(key), value, flags, KEEP_DEADLINE);
	}

	public boolean delete(byte[] key) {
		int hash = KeyHash.hash(key);
		int slot = this.values.find(key, hash);
		if (slot < 0) {
			return false;
		}
		long deadline = this.expires.get(key, hash);
		boolean expired = deadline != NO_DEADLINE && deadline <= now();
		if (deadline != NO_DEADLINE) {
			this.expires.delete(key, hash);
		}
		this.values.remove(slot);
		if (expired) {
			this.expiredKeys++;
			notifyListener(key);
			return false;
		}
		changed(key);
		return true;
	}

	/** Removes the key if it has expired, as Redis's expireIfNeeded; true if it did. */
	public boolean reclaimIfExpired(byte[] key) {
		int hash = KeyHash.hash(key);
		return this.values.find(key, hash) >= 0 && lookup(key, hash) < 0;
	}

	/** The key's deadline in Unix milliseconds, -1 if it has none, -2 if the key does not exist. */
	public long expireAt(byte[] key) {
		int hash = KeyHash.hash(key);
		if (lookup(key, hash) < 0) {
			return -2;
		}
		return this.expires.get(key, hash);
	}

	/** Sets a deadline on an existing key; false if the key does not exist. */
	public boolean setExpireAt(byte[] key, long expireAtMillis) {
		int hash = KeyHash.hash(key);
		int slot = lookup(key, hash);
		if (slot < 0) {
			return false;
		}
		putDeadline(this.values.keys[slot], hash, expireAtMillis);
		changed(key);
		return true;
	}

	/** Removes the key's deadline; false if the key does not exist or had none. */
	public boolean persist(byte[] key) {
		int hash = KeyHash.hash(key);
		if (lookup(key, hash) < 0 || !this.expires.delete(key, hash)) {
			return false;
		}
		changed(key);
		return true;
	}

	/** Whether the key is stored but past its deadline, not yet reclaimed (Redis's {@code keyIsExpired}); changes nothing. */
	public boolean isStale(byte[] key) {
		int hash = KeyHash.hash(key);
		if (this.values.find(key, hash) < 0) {
			return false;
		}
		long deadline = this.expires.get(key, hash);
		return deadline != NO_DEADLINE && deadline <= now();
	}

	/** Whether the key is stored, live or stale (Redis's {@code dictFind} on the main dict); changes nothing. */
	public boolean hasEntry(byte[] key) {
		return this.values.find(key, KeyHash.hash(key)) >= 0;
	}

	/** Installs (or, with null, removes) the one listener told of every change; see {@link KeyspaceListener}. */
	public void setListener(KeyspaceListener listener) {
		this.listener = listener;
	}

	/**
	 * Moves an existing entry to a new name in this database, with its TTL and metadata, replacing
	 * whatever the new name held (RENAME). The caller has checked that {@code from} exists.
	 */
	public void rename(byte[] from, byte[] to) {
		Entry entry = detach(from);
		int hash = KeyHash.hash(to);
		int slot = lookup(to, hash);
		if (slot >= 0) {
			this.values.remove(slot);
			this.expires.delete(to, hash);
		}
		attach(to, hash, entry); // tells the listener of the new name; detach told it of the old
	}

	/** Moves an existing entry to another database where the key is absent (MOVE). */
	public void moveTo(byte[] key, Keyspace target) {
		Entry entry = detach(key);
		target.attach(key, KeyHash.hash(key), entry);
	}

	/**
	 * Copies an existing entry, with its TTL, to {@code newKey} in the target database (which may be
	 * this one), where that key is absent (COPY). The copy is a new object: fresh access time and
	 * flagged {@link #DUPLICATED}.
	 */
	public void copyTo(byte[] key, Keyspace target, byte[] newKey, UnaryOperator<Object> duplicate) {
		int hash = KeyHash.hash(key);
		int slot = lookup(key, hash);
		long deadline = this.expires.get(key, hash);
		int flags = (this.values.meta[slot] >>> LRU_BITS) | DUPLICATED;
		target.store(newKey, KeyHash.hash(newKey), duplicate.apply(this.values.values[slot]), flags, deadline);
	}

	/** The flags the entry was stored with ({@link #ENCODED_AS_STRING}, {@link #DUPLICATED}); the key must exist. */
	public int flags(byte[] key) {
		int slot = lookup(key, KeyHash.hash(key));
		return slot < 0 ? 0 : this.values.meta[slot] >>> LRU_BITS;
	}

	/**
	 * Milliseconds since the key was last accessed, as Redis's estimateObjectIdleTime computes it
	 * from a 24-bit clock of seconds (which wraps after 194 days); -1 if the key does not exist.
	 */
	public long idleMillis(byte[] key) {
		int slot = lookup(key, KeyHash.hash(key));
		if (slot < 0) {
			return -1;
		}
		int lru = this.values.meta[slot] & LRU_MAX;
		int now = lruClock();
		return now >= lru ? (now - lru) * 1000L : (now + (LRU_MAX - lru)) * 1000L;
	}

	/** A random live key (expired ones met on the way are reclaimed), or null if there is none. */
	public byte[] randomKey() {
		while (true) {
			int slot = this.values.randomSlot(ThreadLocalRandom.current());
			if (slot < 0) {
				return null;
			}
			byte[] key = this.values.keys[slot];
			if (lookup(key, this.values.hashes[slot]) >= 0) {
				return key;
			}
		}
	}

	/**
	 * One SCAN step, as Redis's scanGenericCommand drives dictScan: buckets are visited from the
	 * cursor until at least {@code count} keys are collected, the table is done (cursor 0), or
	 * {@code 10 * count} buckets were visited. Expired keys are collected too; the caller filters.
	 * @return the cursor for the next call, 0 when the iteration is complete
	 */
	public long scan(long cursor, long count, List<byte[]> into) {
		long maxIterations = count * 10;
		do {
			cursor = this.values.scan(cursor, slot -> into.add(this.values.keys[slot]));
		}
		while (cursor != 0 && maxIterations-- != 0 && into.size() < count);
		return cursor;
	}

	/** Number of keys, counting expired keys not yet reclaimed, as Redis's DBSIZE does. */
	public int size() {
		return this.values.size();
	}

	public int expiresCount() {
		return this.expires.size();
	}

	/** Keys expired so far, lazily or by the active cycle. */
	public long expiredKeys() {
		return this.expiredKeys;
	}

	/**
	 * The exact mean remaining TTL in milliseconds of the keys that have one (0 if none, never
	 * negative). Redis reports an estimate from the keys its expiry cycle samples; ours is exact.
	 */
	public long averageTtl() {
		if (this.expires.size() == 0) {
			return 0;
		}
		return Math.max(0, this.expires.meanDeadline() - now());
	}

	/**
	 * Estimated heap held by this database: the key and value objects (counted when stored, so a
	 * value grown in place by APPEND/SETRANGE is counted at its size when it was last stored) plus
	 * the value and expiry tables' arrays at their current capacity. Assumes a 64-bit JVM with
	 * compressed references. The active-expiry heap is not counted. Kept up to date on every change,
	 * so reading it costs nothing and needs no lock.
	 */
	public long memoryEstimate() {
		return this.values.dataBytes() + this.values.structureBytes() + this.expires.structureBytes();
	}

	/** The same estimate with the data bytes counted from scratch, to check the running count. */
	long recomputeMemoryEstimate() {
		long[] total = { 0 };
		this.values.forEachSlot(slot -> total[0] += ValueTable.sizeOf(this.values.keys[slot])
				+ ValueTable.sizeOf(this.values.values[slot]));
		return total[0] + this.values.structureBytes() + this.expires.structureBytes();
	}

	public void clear() {
		if (this.listener != null) {
			this.listener.emptying(this);
		}
		this.dirty += this.values.size();
		this.values.clear();
		this.expires.reset();
		this.deadlines = new DeadlineHeap();
	}

	/** Visits every live key; expired ones are skipped, not reclaimed (the visitor may not modify the keyspace). */
	public void forEachKey(Consumer<byte[]> visitor) {
		long now = now();
		this.values.forEachSlot(slot -> {
			byte[] key = this.values.keys[slot];
			long deadline = this.expires.get(key, this.values.hashes[slot]);
			if (deadline == NO_DEADLINE || deadline > now) {
				visitor.accept(key);
			}
		});
	}

	/** One entry as a snapshot reads it: key, stored value and deadline (-1 for none), expired or not. */
	public interface EntryVisitor {

		void entry(byte[] key, Object value, long expireAtMillis);

	}

	/**
	 * One step of a snapshot's walk: the entries of the bucket the cursor names, expired ones
	 * included, neither reclaimed nor counted as accessed; returns the next cursor, 0 at the end.
	 * While {@link #holdShrinking} is on, every entry present for the whole walk is visited exactly
	 * once.
	 */
	public long scanEntries(long cursor, EntryVisitor visitor) {
		return this.values.scan(cursor, slot -> {
			byte[] key = this.values.keys[slot];
			visitor.entry(key, this.values.values[slot], this.expires.get(key, this.values.hashes[slot]));
		});
	}

	/** Whether a walk of {@link #scanEntries} whose next cursor is {@code cursor} has passed the key's place. */
	public boolean scannedBefore(long cursor, byte[] key) {
		return this.values.scannedBefore(cursor, KeyHash.hash(key));
	}

	/** Keeps the table from shrinking while a snapshot walks it; see {@link #scanEntries}. */
	public void holdShrinking(boolean hold) {
		this.values.holdShrinking(hold);
	}

	/** The entry's value whether or not it has expired, changing nothing; null if there is none. */
	public Object peekEntry(byte[] key) {
		int slot = this.values.find(key, KeyHash.hash(key));
		return slot < 0 ? null : this.values.values[slot];
	}

	/** The entry's deadline whether or not it has passed, -1 for none; changes nothing. */
	public long peekDeadline(byte[] key) {
		return this.expires.get(key, KeyHash.hash(key));
	}

	/** Entries in the deadline heap, live and stale; lets tests check that TTL churn cannot grow it without bound. */
	int deadlineHeapSize() {
		return this.deadlines.size();
	}

	/** Buckets of the main table; lets tests watch it grow and shrink. */
	int bucketCount() {
		return this.values.bucketCount();
	}

	/**
	 * Reclaims expired keys in deadline order, at most {@code maxKeys} of them.
	 * @return how many keys were removed
	 */
	public int expireDue(int maxKeys) {
		long now = now();
		int removed = 0;
		while (removed < maxKeys && this.deadlines.size() > 0) {
			long at = this.deadlines.peekDeadline();
			if (at > now) {
				break;
			}
			byte[] key = this.deadlines.peekKey();
			this.deadlines.pop();
			int hash = KeyHash.hash(key);
			if (this.expires.get(key, hash) == at) {
				this.expires.delete(key, hash);
				this.values.remove(this.values.find(key, hash));
				this.expiredKeys++;
				removed++;
				notifyListener(key);
			}
		}
		return removed;
	}

	/** The live slot of the key, or -1; an expired key is removed (and counted) on the way. */
	private int lookup(byte[] key, int hash) {
		int slot = this.values.find(key, hash);
		if (slot >= 0 && this.expires.size() > 0) {
			long deadline = this.expires.get(key, hash);
			if (deadline != NO_DEADLINE && deadline <= now()) {
				this.expires.delete(key, hash);
				this.values.remove(slot);
				this.expiredKeys++;
				notifyListener(key);
				return -1;
			}
		}
		return slot;
	}

	private void store(byte[] key, int hash, Object value, int flags, long deadline) {
		int slot = lookup(key, hash);
		if (slot < 0) {
			slot = this.values.add(key, hash);
		}
		this.values.setValue(slot, value);
		this.values.meta[slot] = (flags << LRU_BITS) | lruClock();
		if (deadline == NO_DEADLINE) {
			this.expires.delete(key, hash);
		}
		else if (deadline != KEEP_DEADLINE) {
			putDeadline(this.values.keys[slot], hash, deadline);
		}
		changed(key);
	}

	private Entry detach(byte[] key) {
		int hash = KeyHash.hash(key);
		int slot = lookup(key, hash);
		Entry entry = new Entry(this.values.values[slot], this.values.meta[slot], this.expires.get(key, hash));
		this.expires.delete(key, hash);
		this.values.remove(slot);
		changed(key);
		return entry;
	}

	private void attach(byte[] key, int hash, Entry entry) {
		int slot = this.values.add(key, hash);
		this.values.setValue(slot, entry.value);
		this.values.meta[slot] = entry.meta;
		if (entry.deadline != NO_DEADLINE) {
			putDeadline(key, hash, entry.deadline);
		}
		changed(key);
	}

	private void putDeadline(byte[] key, int hash, long at) {
		this.expires.put(key, hash, at);
		this.deadlines.push(at, key);
		if (this.deadlines.size() > 2 * this.expires.size() + STALE_SLACK) {
			DeadlineHeap live = new DeadlineHeap();
			this.expires.forEachSlot(slot -> live.push(this.expires.deadlines[slot], this.expires.keys[slot]));
			this.deadlines = live;
		}
	}

	/** A change made by a command: counted (Redis's server.dirty) and told to the listener. */
	private void changed(byte[] key) {
		this.dirty++;
		notifyListener(key);
	}

	/** Tells the listener (a WATCH registry, installed only while some key is watched) of a change. */
	private void notifyListener(byte[] key) {
		if (this.listener != null) {
			this.listener.keyChanged(this, key);
		}
	}

	/**
	 * Changes made to this database by commands so far (writes, deletions, TTL changes; one per key
	 * changed, a flush counting every key it drops), as Redis counts server.dirty; keys that expire
	 * do not count. Persistence compares it with its value at the last save.
	 */
	public long dirty() {
		return this.dirty;
	}

	private long now() {
		return this.clock.getAsLong();
	}

	private int lruClock() {
		return (int) ((now() / 1000) & LRU_MAX);
	}

	private record Entry(Object value, int meta, long deadline) {
	}

}
