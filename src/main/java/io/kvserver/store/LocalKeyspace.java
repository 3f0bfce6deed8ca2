package io.kvserver.store;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * One database in this process: binary-safe keys to values, with optional expiry times.
 * <p>
 * Not thread-safe by design: callers hold {@link Databases#lock()} so that each command, and each
 * pipelined batch, sees and leaves the data as Redis's single thread would. Keys live in a
 * {@link HashSlots} table (no object per entry; a SCAN cursor that survives resizes). Keys without
 * a TTL cost nothing for expiry: deadlines live in a separate table (like Redis's {@code expires}
 * dict), and a min-heap of deadlines lets the active cycle find expired keys nobody touches
 * without scanning.
 * <p>
 * Each entry has a metadata word, as a Redis object header has: the low 24 bits record its accesses
 * ({@link AccessTracking}: the LRU clock of the last one, or an LFU counter), for OBJECT IDLETIME and
 * FREQ and for eviction, and the bits above hold the flags of
 * {@link #ENCODED_AS_STRING} and {@link #DUPLICATED}, which OBJECT needs to report what Redis would.
 */
public final class LocalKeyspace implements Keyspace {

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

	private ExpiryListener expiryListener;

	/** Changes made by commands; see {@link #dirty()}. */
	private long dirty;

	private final LongSupplier clock;

	private final AccessTracking tracking;

	private long expiredKeys;

	public LocalKeyspace(LongSupplier clock) {
		this(clock, new AccessTracking(), new MemoryTally());
	}

	/**
	 * @param tracking what the access bits of each entry record (shared by the databases of a server)
	 * @param tally where the memory estimate of this database is added to the others'
	 */
	LocalKeyspace(LongSupplier clock, AccessTracking tracking, MemoryTally tally) {
		this.clock = clock;
		this.tracking = tracking;
		this.values.tally = tally;
		this.expires.tally = tally;
	}

	@Override
	public Object get(byte[] key) {
		int slot = lookup(key, KeyHash.hash(key));
		if (slot < 0) {
			return null;
		}
		int meta = this.values.meta[slot];
		this.values.meta[slot] = (meta & ~LRU_MAX) | this.tracking.accessed(meta & LRU_MAX, now());
		return this.values.values[slot];
	}

	@Override
	public Object peek(byte[] key) {
		int slot = lookup(key, KeyHash.hash(key));
		return slot < 0 ? null : this.values.values[slot];
	}

	@Override
	public void set(byte[] key, Object value) {
		store(key, KeyHash.hash(key), value, 0, NO_DEADLINE);
	}

	@Override
	public void set(byte[] key, Object value, long expireAtMillis) {
		store(key, KeyHash.hash(key), value, 0, expireAtMillis);
	}

	@Override
	public void setKeepTtl(byte[] key, Object value) {
		store(key, KeyHash.hash(key), value, 0, KEEP_DEADLINE);
	}

	@Override
	public void setKeepTtl(byte[] key, Object value, int flags) {
		store(key, KeyHash.hash(key), value, flags, KEEP_DEADLINE);
	}

	@Override
	public void modified(byte[] key, long bytesDelta) {
		this.values.resized(bytesDelta);
		changed(key);
	}

	@Override
	public void setSilently(byte[] key, Object value) {
		store(key, KeyHash.hash(key), value, 0, KEEP_DEADLINE, false);
	}

	@Override
	public void resized(byte[] key, long bytesDelta) {
		this.values.resized(bytesDelta);
	}

	@Override
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
			expired(key);
			return false;
		}
		changed(key);
		return true;
	}

	@Override
	public boolean reclaimIfExpired(byte[] key) {
		int hash = KeyHash.hash(key);
		return this.values.find(key, hash) >= 0 && lookup(key, hash) < 0;
	}

	@Override
	public long expireAt(byte[] key) {
		int hash = KeyHash.hash(key);
		if (lookup(key, hash) < 0) {
			return -2;
		}
		return this.expires.get(key, hash);
	}

	@Override
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

	@Override
	public boolean persist(byte[] key) {
		int hash = KeyHash.hash(key);
		if (lookup(key, hash) < 0 || !this.expires.delete(key, hash)) {
			return false;
		}
		changed(key);
		return true;
	}

	@Override
	public boolean isStale(byte[] key) {
		int hash = KeyHash.hash(key);
		if (this.values.find(key, hash) < 0) {
			return false;
		}
		long deadline = this.expires.get(key, hash);
		return deadline != NO_DEADLINE && deadline <= now();
	}

	@Override
	public boolean hasEntry(byte[] key) {
		return this.values.find(key, KeyHash.hash(key)) >= 0;
	}

	@Override
	public void setListener(KeyspaceListener listener) {
		this.listener = listener;
	}

	@Override
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

	@Override
	public void moveTo(byte[] key, Keyspace target) {
		Entry entry = detach(key);
		((LocalKeyspace) target).attach(key, KeyHash.hash(key), entry);
	}

	@Override
	public void copyTo(byte[] key, Keyspace target, byte[] newKey) {
		int hash = KeyHash.hash(key);
		int slot = lookup(key, hash);
		long deadline = this.expires.get(key, hash);
		int flags = (this.values.meta[slot] >>> LRU_BITS) | DUPLICATED;
		Object value = this.values.values[slot];
		((LocalKeyspace) target).store(newKey, KeyHash.hash(newKey), value instanceof Value v ? v.copy() : value, flags,
				deadline);
	}

	@Override
	public int flags(byte[] key) {
		int slot = lookup(key, KeyHash.hash(key));
		return slot < 0 ? 0 : this.values.meta[slot] >>> LRU_BITS;
	}

	@Override
	public long idleMillis(byte[] key) {
		int slot = lookup(key, KeyHash.hash(key));
		if (slot < 0) {
			return -1;
		}
		return AccessTracking.idleMillis(this.values.meta[slot], now());
	}

	@Override
	public int frequency(byte[] key) {
		int slot = lookup(key, KeyHash.hash(key));
		return slot < 0 ? -1 : this.tracking.decremented(this.values.meta[slot] & LRU_MAX, now());
	}

	@Override
	public void sampleForEviction(boolean volatileOnly, int count, EvictionPool pool, int db) {
		HashSlots table = volatileOnly ? this.expires : this.values;
		ThreadLocalRandom random = ThreadLocalRandom.current();
		long now = now();
		for (int i = 0; i < count; i++) {
			int slot = table.randomSlot(random);
			if (slot < 0) {
				return;
			}
			byte[] key = table.keys[slot];
			long score;
			if (pool.score() == EvictionPool.Score.TTL) {
				score = -1L - this.expires.deadlines[slot]; // ULLONG_MAX - deadline: the soonest scores highest
			}
			else {
				int valueSlot = volatileOnly ? this.values.find(key, table.hashes[slot]) : slot;
				int bits = this.values.meta[valueSlot] & LRU_MAX;
				score = pool.score() == EvictionPool.Score.IDLE ? AccessTracking.idleMillis(bits, now)
						: 255 - this.tracking.decremented(bits, now);
			}
			pool.offer(key, db, score);
		}
	}

	@Override
	public byte[] randomEntry(boolean volatileOnly) {
		HashSlots table = volatileOnly ? this.expires : this.values;
		int slot = table.randomSlot(ThreadLocalRandom.current());
		return slot < 0 ? null : table.keys[slot];
	}

	@Override
	public boolean evict(byte[] key) {
		int hash = KeyHash.hash(key);
		int slot = this.values.find(key, hash);
		if (slot < 0) {
			return false;
		}
		this.expires.delete(key, hash);
		this.values.remove(slot);
		notifyListener(key);
		if (this.expiryListener != null) {
			this.expiryListener.evicted(this, key);
		}
		return true;
	}

	@Override
	public void setIdleSeconds(byte[] key, long idleSeconds) {
		int slot = lookup(key, KeyHash.hash(key));
		if (slot < 0) {
			return;
		}
		long lru = AccessTracking.lruClock(now()) - idleSeconds;
		if (lru < 0) {
			lru += LRU_MAX;
		}
		this.values.meta[slot] = (this.values.meta[slot] & ~LRU_MAX) | (int) (lru & LRU_MAX);
	}

	@Override
	public void setFrequency(byte[] key, int frequency) {
		int slot = lookup(key, KeyHash.hash(key));
		if (slot >= 0) {
			this.values.meta[slot] = (this.values.meta[slot] & ~LRU_MAX) | this.tracking.counted(frequency, now());
		}
	}

	@Override
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

	@Override
	public long scan(long cursor, long count, List<byte[]> into) {
		long maxIterations = count * 10;
		do {
			cursor = this.values.scan(cursor, slot -> into.add(this.values.keys[slot]));
		}
		while (cursor != 0 && maxIterations-- != 0 && into.size() < count);
		return cursor;
	}

	@Override
	public int size() {
		return this.values.size();
	}

	@Override
	public int expiresCount() {
		return this.expires.size();
	}

	@Override
	public long expiredKeys() {
		return this.expiredKeys;
	}

	/**
	 * The exact mean remaining TTL in milliseconds of the keys that have one (0 if none, never
	 * negative). Redis reports an estimate from the keys its expiry cycle samples; ours is exact.
	 */
	@Override
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
	@Override
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

	@Override
	public void clear() {
		if (this.listener != null) {
			this.listener.emptying(this);
		}
		this.dirty += this.values.size();
		this.values.clear();
		this.expires.reset();
		this.deadlines = new DeadlineHeap();
	}

	@Override
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

	/** Entries in the deadline heap, live and stale; lets tests check that TTL churn cannot grow it without bound. */
	int deadlineHeapSize() {
		return this.deadlines.size();
	}

	/** Buckets of the main table; lets tests watch it grow and shrink. */
	int bucketCount() {
		return this.values.bucketCount();
	}

	@Override
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
				removed++;
				expired(key);
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
				expired(key);
				return -1;
			}
		}
		return slot;
	}

	private void store(byte[] key, int hash, Object value, int flags, long deadline) {
		store(key, hash, value, flags, deadline, true);
	}

	private void store(byte[] key, int hash, Object value, int flags, long deadline, boolean signal) {
		int slot = lookup(key, hash);
		boolean added = slot < 0;
		int access;
		if (added) {
			slot = this.values.add(key, hash);
			access = this.tracking.created(now());
		}
		else {
			// An overwrite keeps the key's access counter under LFU (Redis's dbSetValue); under LRU
			// the new value is a new object, accessed now.
			access = this.tracking.tracksFrequency() ? this.values.meta[slot] & LRU_MAX : this.tracking.created(now());
		}
		this.values.setValue(slot, value);
		this.values.meta[slot] = (flags << LRU_BITS) | access;
		if (deadline == NO_DEADLINE) {
			this.expires.delete(key, hash);
		}
		else if (deadline != KEEP_DEADLINE) {
			putDeadline(this.values.keys[slot], hash, deadline);
		}
		if (signal) {
			if (added) {
				added(key, value);
			}
			changed(key);
		}
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
		added(key, entry.value);
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

	/** Tells the listener (installed only while some client blocks on a key) that a key now exists. */
	private void added(byte[] key, Object value) {
		if (this.listener != null) {
			this.listener.keyAdded(this, key, value);
		}
	}

	/** The key was removed because its deadline passed: counted, and told to both listeners. */
	private void expired(byte[] key) {
		this.expiredKeys++;
		notifyListener(key);
		if (this.expiryListener != null) {
			this.expiryListener.expired(this, key);
		}
	}

	@Override
	public void setExpiryListener(ExpiryListener listener) {
		this.expiryListener = listener;
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

	@Override
	public long dirty() {
		return this.dirty;
	}

	@Override
	public long scanEntries(long cursor, EntryVisitor visitor) {
		return this.values.scan(cursor, slot -> {
			byte[] key = this.values.keys[slot];
			visitor.entry(key, this.values.values[slot], this.expires.get(key, this.values.hashes[slot]));
		});
	}

	@Override
	public boolean scannedBefore(long cursor, byte[] key) {
		return this.values.scannedBefore(cursor, KeyHash.hash(key));
	}

	@Override
	public void holdShrinking(boolean hold) {
		this.values.holdShrinking(hold);
	}

	@Override
	public Object peekEntry(byte[] key) {
		int slot = this.values.find(key, KeyHash.hash(key));
		return slot < 0 ? null : this.values.values[slot];
	}

	@Override
	public long peekDeadline(byte[] key) {
		return this.expires.get(key, KeyHash.hash(key));
	}

	private long now() {
		return this.clock.getAsLong();
	}

	private record Entry(Object value, int meta, long deadline) {
	}

}
