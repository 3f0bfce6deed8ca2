package io.kvserver.store;

import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * One database: binary-safe keys to string values, with optional expiry times.
 * <p>
 * Not thread-safe by design: callers hold {@link Databases#lock()} so that each command, and each
 * pipelined batch, sees and leaves the data as Redis's single thread would. Keys without a TTL cost
 * nothing for expiry: deadlines live in a separate map (like Redis's {@code expires} dict), and a
 * min-heap of deadlines lets the active cycle find expired keys nobody touches without scanning.
 */
public final class Keyspace {

	/** Heap entries made stale by TTL changes are dropped when they outnumber live deadlines by this much. */
	private static final int STALE_SLACK = 1024;

	/** HashMap node (32) + ByteKey (24) + about two table slots at load factor 0.75 (8). */
	static final int ENTRY_OVERHEAD = 64;

	/** HashMap node (32) + boxed Long (24) + table slots (8) + heap Deadline (24) + heap slot (4), rounded. */
	static final int EXPIRE_OVERHEAD = 96;

	private final HashMap<ByteKey, byte[]> values = new HashMap<>();

	private final HashMap<ByteKey, Long> expires = new HashMap<>();

	private PriorityQueue<Deadline> deadlines = new PriorityQueue<>();

	private final LongSupplier clock;

	private long expiredKeys;

	/** Running estimate of the heap this database holds; see {@link #memoryEstimate()}. */
	private long memoryBytes;

	public Keyspace(LongSupplier clock) {
		this.clock = clock;
	}

	/** The value, or null if the key is missing or has expired (an expired key is removed on the way). */
	public byte[] get(byte[] key) {
		ByteKey k = new ByteKey(key);
		byte[] value = this.values.get(k);
		if (value != null && isExpired(k)) {
			removeExpired(k);
			return null;
		}
		return value;
	}

	public boolean exists(byte[] key) {
		return get(key) != null;
	}

	/** Stores the value and drops any TTL, as a plain SET does. */
	public void set(byte[] key, byte[] value) {
		ByteKey k = new ByteKey(key);
		putValue(k, value);
		removeExpire(k);
	}

	/** Stores the value and keeps the key's TTL if it has a live one (SET ... KEEPTTL, INCR). */
	public void setKeepTtl(byte[] key, byte[] value) {
		ByteKey k = new ByteKey(key);
		if (isExpired(k)) {
			removeExpired(k);
		}
		putValue(k, value);
	}

	/** Stores the value with an absolute deadline in Unix milliseconds. */
	public void set(byte[] key, byte[] value, long expireAtMillis) {
		ByteKey k = new ByteKey(key);
		putValue(k, value);
		putDeadline(k, expireAtMillis);
	}

	public boolean delete(byte[] key) {
		ByteKey k = new ByteKey(key);
		boolean expired = isExpired(k);
		removeExpire(k);
		byte[] removed = removeValue(k);
		if (removed != null && expired) {
			this.expiredKeys++;
			return false;
		}
		return removed != null;
	}

	/** The key's deadline in Unix milliseconds, -1 if it has none, -2 if the key does not exist. */
	public long expireAt(byte[] key) {
		if (get(key) == null) {
			return -2;
		}
		Long at = this.expires.get(new ByteKey(key));
		return at == null ? -1 : at;
	}

	/** Sets a deadline on an existing key; false if the key does not exist. */
	public boolean setExpireAt(byte[] key, long expireAtMillis) {
		if (get(key) == null) {
			return false;
		}
		putDeadline(new ByteKey(key), expireAtMillis);
		return true;
	}

	/** Removes the key's deadline; false if the key does not exist or had none. */
	public boolean persist(byte[] key) {
		if (get(key) == null) {
			return false;
		}
		return removeExpire(new ByteKey(key));
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

	public void clear() {
		this.values.clear();
		this.expires.clear();
		this.deadlines = new PriorityQueue<>();
		this.memoryBytes = 0;
	}

	/**
	 * Estimated heap held by this database's keys, values and expiry entries, kept up to date on
	 * every change so reading it costs nothing. It assumes a 64-bit JVM with compressed references
	 * (heaps under 32 GB): per key a map entry, the key wrapper and its hash-table slot
	 * ({@value #ENTRY_OVERHEAD} bytes) plus the key and value arrays (16-byte header, padded to 8);
	 * per key with a TTL another {@value #EXPIRE_OVERHEAD} bytes (entry, boxed deadline, heap node).
	 * Stale heap entries left by TTL changes and the maps' spare capacity are not counted.
	 */
	public long memoryEstimate() {
		return this.memoryBytes;
	}

	/** The same estimate computed from scratch, to check the running one. */
	long recomputeMemoryEstimate() {
		long total = 0;
		for (Map.Entry<ByteKey, byte[]> e : this.values.entrySet()) {
			total += entrySize(e.getKey().bytes().length, e.getValue().length);
		}
		return total + (long) this.expires.size() * EXPIRE_OVERHEAD;
	}

	/** Visits every live key; expired ones are skipped, not reclaimed (the visitor may not modify the keyspace). */
	public void forEachKey(Consumer<byte[]> visitor) {
		long now = this.clock.getAsLong();
		for (Map.Entry<ByteKey, byte[]> e : this.values.entrySet()) {
			Long at = this.expires.get(e.getKey());
			if (at == null || at > now) {
				visitor.accept(e.getKey().bytes());
			}
		}
	}

	/** Entries in the deadline heap, live and stale; lets tests check that TTL churn cannot grow it without bound. */
	int deadlineHeapSize() {
		return this.deadlines.size();
	}

	/**
	 * Reclaims expired keys in deadline order, at most {@code maxKeys} of them.
	 * @return how many keys were removed
	 */
	public int expireDue(int maxKeys) {
		long now = this.clock.getAsLong();
		int removed = 0;
		while (removed < maxKeys) {
			Deadline next = this.deadlines.peek();
			if (next == null || next.at > now) {
				break;
			}
			this.deadlines.poll();
			Long current = this.expires.get(next.key);
			if (current != null && current == next.at) {
				removeExpire(next.key);
				removeValue(next.key);
				this.expiredKeys++;
				removed++;
			}
		}
		return removed;
	}

	private boolean isExpired(ByteKey k) {
		if (this.expires.isEmpty()) {
			return false;
		}
		Long at = this.expires.get(k);
		return at != null && at <= this.clock.getAsLong();
	}

	private void removeExpired(ByteKey k) {
		removeValue(k);
		removeExpire(k);
		this.expiredKeys++;
	}

	// Every change to the two maps goes through these four, which keep the memory estimate.

	private void putValue(ByteKey k, byte[] value) {
		byte[] old = this.values.put(k, value);
		this.memoryBytes += (old == null) ? entrySize(k.bytes().length, value.length)
				: arraySize(value.length) - arraySize(old.length);
	}

	private byte[] removeValue(ByteKey k) {
		byte[] old = this.values.remove(k);
		if (old != null) {
			this.memoryBytes -= entrySize(k.bytes().length, old.length);
		}
		return old;
	}

	private void putExpire(ByteKey k, long at) {
		if (this.expires.put(k, at) == null) {
			this.memoryBytes += EXPIRE_OVERHEAD;
		}
	}

	private boolean removeExpire(ByteKey k) {
		if (this.expires.remove(k) != null) {
			this.memoryBytes -= EXPIRE_OVERHEAD;
			return true;
		}
		return false;
	}

	private static long entrySize(int keyLength, int valueLength) {
		return ENTRY_OVERHEAD + arraySize(keyLength) + arraySize(valueLength);
	}

	/** A byte[]: 16-byte header, length padded to a multiple of 8. */
	private static long arraySize(int length) {
		return (16L + length + 7) & ~7L;
	}

	private void putDeadline(ByteKey k, long at) {
		putExpire(k, at);
		this.deadlines.add(new Deadline(at, k));
		if (this.deadlines.size() > 2 * this.expires.size() + STALE_SLACK) {
			PriorityQueue<Deadline> live = new PriorityQueue<>(Math.max(16, this.expires.size()));
			this.expires.forEach((key, when) -> live.add(new Deadline(when, key)));
			this.deadlines = live;
		}
	}

	private record Deadline(long at, ByteKey key) implements Comparable<Deadline> {

		@Override
		public int compareTo(Deadline other) {
			return Long.compare(this.at, other.at);
		}

	}

}
