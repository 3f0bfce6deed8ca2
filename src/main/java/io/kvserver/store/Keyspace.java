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

	private final HashMap<ByteKey, byte[]> values = new HashMap<>();

	private final HashMap<ByteKey, Long> expires = new HashMap<>();

	private PriorityQueue<Deadline> deadlines = new PriorityQueue<>();

	private final LongSupplier clock;

	private long expiredKeys;

	private KeyspaceListener listener;

	public Keyspace(LongSupplier clock) {
		this.clock = clock;
	}

	/** Installs (or, with null, removes) the one listener told of every change; see {@link KeyspaceListener}. */
	public void setListener(KeyspaceListener listener) {
		this.listener = listener;
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
		this.values.put(k, value);
		this.expires.remove(k);
		changed(k);
	}

	/** Stores the value and keeps the key's TTL if it has a live one (SET ... KEEPTTL, INCR). */
	public void setKeepTtl(byte[] key, byte[] value) {
		ByteKey k = new ByteKey(key);
		if (isExpired(k)) {
			removeExpired(k);
		}
		this.values.put(k, value);
		changed(k);
	}

	/** Stores the value with an absolute deadline in Unix milliseconds. */
	public void set(byte[] key, byte[] value, long expireAtMillis) {
		ByteKey k = new ByteKey(key);
		this.values.put(k, value);
		putDeadline(k, expireAtMillis);
		changed(k);
	}

	public boolean delete(byte[] key) {
		ByteKey k = new ByteKey(key);
		boolean expired = isExpired(k);
		this.expires.remove(k);
		byte[] removed = this.values.remove(k);
		if (removed != null) {
			changed(k);
		}
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
		ByteKey k = new ByteKey(key);
		putDeadline(k, expireAtMillis);
		changed(k);
		return true;
	}

	/** Removes the key's deadline; false if the key does not exist or had none. */
	public boolean persist(byte[] key) {
		if (get(key) == null) {
			return false;
		}
		ByteKey k = new ByteKey(key);
		if (this.expires.remove(k) == null) {
			return false;
		}
		changed(k);
		return true;
	}

	/** Whether the key is stored but past its deadline, not yet reclaimed (Redis's {@code keyIsExpired}); changes nothing. */
	public boolean isStale(byte[] key) {
		return isExpired(new ByteKey(key));
	}

	/** Whether the key is stored, live or stale (Redis's {@code dictFind} on the main dict); changes nothing. */
	public boolean hasEntry(byte[] key) {
		return this.values.containsKey(new ByteKey(key));
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
		if (this.listener != null) {
			this.listener.emptying(this);
		}
		this.values.clear();
		this.expires.clear();
		this.deadlines = new PriorityQueue<>();
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
				this.expires.remove(next.key);
				this.values.remove(next.key);
				this.expiredKeys++;
				removed++;
				changed(next.key);
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
		this.values.remove(k);
		this.expires.remove(k);
		this.expiredKeys++;
		changed(k);
	}

	private void changed(ByteKey k) {
		if (this.listener != null) {
			this.listener.keyChanged(this, k.bytes());
		}
	}

	private void putDeadline(ByteKey k, long at) {
		this.expires.put(k, at);
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
