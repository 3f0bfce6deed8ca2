package io.kvserver.memory;

import java.util.Arrays;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;

import io.kvserver.metrics.ServerStats;
import io.kvserver.store.EvictionPool;
import io.kvserver.store.Keyspace;
import io.kvserver.store.Store;

/**
 * maxmemory: what memory the server counts as used, and the eviction that keeps it under the limit
 * (Redis's evict.c, performEvictions). Used memory is the keyspace's running estimate of its heap
 * (see docs/metrics.md) plus whatever other parts report through {@link #count} (client buffers,
 * cached scripts): a figure that moves by exactly what a write adds or an eviction frees, so that
 * eviction stops where the limit is, not where the garbage collector happens to be.
 * <p>
 * Called under the database lock, before each command (the dispatcher's {@link MemoryGate}), after
 * CONFIG SET maxmemory, and from a background task while an eviction that ran out of time is still
 * due, as Redis's eviction time proc.
 */
public final class MemoryLimit {

	/** The outcome of an eviction attempt, as Redis's EVICT_OK, EVICT_RUNNING and EVICT_FAIL. */
	public enum Result {

		/** Under the limit (or no limit). */
		OK,

		/** Still over the limit, but eviction will go on in the background. */
		RUNNING,

		/** Over the limit and nothing may be evicted: denyoom commands are refused. */
		FAIL

	}

	private final Store store;

	private final LongSupplier maxmemory;

	private final LongSupplier samples;

	private final LongSupplier tenacity;

	private final ServerStats stats;

	private final LongSupplier clock;

	/** Replaced, never changed, so that reading it before every command costs no iterator. */
	private volatile LongSupplier[] counted = {};

	private volatile EvictionPolicy policy = EvictionPolicy.NOEVICTION;

	private @Nullable EvictionPool pool;

	/** The database the random policies try first next time, so that every database gives its share. */
	private int nextDb;

	/** Eviction ran out of its time slice and must go on in the background. */
	private volatile boolean running;

	private volatile long peak;

	/** When used memory last went over the limit without being brought back, 0 if it is not over. */
	private volatile long exceededSince;

	/**
	 * @param maxmemory the limit in bytes, 0 for none
	 * @param samples maxmemory-samples: keys sampled per database and round
	 * @param tenacity maxmemory-eviction-tenacity: how long one call may evict (0 to 100)
	 * @param clock wall-clock milliseconds
	 */
	public MemoryLimit(Store store, LongSupplier maxmemory, LongSupplier samples, LongSupplier tenacity,
			ServerStats stats, LongSupplier clock) {
		this.store = store;
		this.maxmemory = maxmemory;
		this.samples = samples;
		this.tenacity = tenacity;
		this.stats = stats;
		this.clock = clock;
	}

	/** Adds memory some other part holds (client buffers, cached scripts) to what is counted as used. */
	public synchronized void count(LongSupplier bytes) {
		LongSupplier[] counted = Arrays.copyOf(this.counted, this.counted.length + 1);
		counted[counted.length - 1] = bytes;
		this.counted = counted;
	}

	/** Changes the policy: the eviction pool is dropped and the store tracks what the new policy ranks by. */
	public void setPolicy(EvictionPolicy policy) {
		this.policy = policy;
		this.store.accessTracking().trackFrequency(policy.tracksFrequency());
		this.pool = null;
	}

	public EvictionPolicy policy() {
		return this.policy;
	}

	/** The memory counted against maxmemory: INFO's used_memory. */
	public long used() {
		long used = this.store.memoryEstimate();
		for (LongSupplier bytes : this.counted) {
			used += bytes.getAsLong();
		}
		if (used > this.peak) {
			this.peak = used;
		}
		return used;
	}

	/** The highest {@link #used} seen (INFO used_memory_peak). */
	public long peak() {
		return Math.max(this.peak, used());
	}

	public long maxmemory() {
		return this.maxmemory.getAsLong();
	}

	/** Whether eviction stopped short of the limit and goes on in the background. */
	public boolean running() {
		return this.running;
	}

	/** Milliseconds used memory has spent over the limit in all, the current stretch included (total_eviction_exceeded_time). */
	public long exceededTotalMillis() {
		long since = this.exceededSince;
		return this.stats.evictionExceededMillis() + (since == 0 ? 0 : this.clock.getAsLong() - since);
	}

	/** Milliseconds since used memory went over the limit, 0 if it is not (current_eviction_exceeded_time). */
	public long exceededCurrentMillis() {
		long since = this.exceededSince;
		return since == 0 ? 0 : this.clock.getAsLong() - since;
	}

	/**
	 * Evicts keys until used memory is within maxmemory, for at most the time maxmemory-eviction-tenacity
	 * allows (then the rest is left to the background, and the caller may go on). The caller holds the
	 * database lock.
	 */
	public Result evict() {
		long limit = this.maxmemory.getAsLong();
		if (limit == 0) {
			return Result.OK;
		}
		if (Long.compareUnsigned(used(), limit) <= 0) {
			// the common case, before every command: no write unless something changes
			if (this.running) {
				this.running = false;
			}
			return this.exceededSince == 0 ? Result.OK : exceeded(Result.OK);
		}
		EvictionPolicy policy = this.policy;
		if (policy == EvictionPolicy.NOEVICTION) {
			return exceeded(Result.FAIL);
		}
		long timeLimitNanos = timeLimitNanos(this.tenacity.getAsLong());
		long started = System.nanoTime();
		int freed = 0;
		while (Long.compareUnsigned(used(), limit) > 0) {
			if (!evictOne(policy)) {
				this.running = false;
				return exceeded(Result.FAIL);
			}
			freed++;
			if (freed % 16 == 0 && System.nanoTime() - started > timeLimitNanos) {
				this.running = true;
				return exceeded(Result.RUNNING);
			}
		}
		this.running = false;
		return exceeded(Result.OK);
	}

	/** Redis's evictionTimeLimitUs: linear up to 500 us at tenacity 10, then 15% more per step, none at 100. */
	static long timeLimitNanos(long tenacity) {
		if (tenacity <= 10) {
			return 50_000L * tenacity;
		}
		if (tenacity < 100) {
			return (long) (500.0 * Math.pow(1.15, tenacity - 10.0)) * 1000;
		}
		return Long.MAX_VALUE;
	}

	private Result exceeded(Result result) {
		if (result == Result.OK) {
			long since = this.exceededSince;
			if (since != 0) {
				this.stats.evictionExceeded(this.clock.getAsLong() - since);
				this.exceededSince = 0;
			}
		}
		else if (this.exceededSince == 0) {
			this.exceededSince = this.clock.getAsLong();
		}
		return result;
	}

	/** Picks one key as the policy says and evicts it; false if there is none to evict. */
	private boolean evictOne(EvictionPolicy policy) {
		if (policy.random()) {
			int count = this.store.count();
			for (int i = 0; i < count; i++) {
				int db = this.nextDb = (this.nextDb + 1) % count;
				byte[] key = this.store.db(db).randomEntry(policy.volatileOnly());
				if (key != null) {
					evicted(this.store.db(db), key);
					return true;
				}
			}
			return false;
		}
		EvictionPool pool = this.pool;
		if (pool == null) {
			pool = this.pool = new EvictionPool(policy.score());
		}
		int samples = (int) Math.min(Integer.MAX_VALUE, this.samples.getAsLong());
		while (true) {
			long total = 0;
			for (int db = 0; db < this.store.count(); db++) {
				Keyspace keyspace = this.store.db(db);
				int keys = policy.volatileOnly() ? keyspace.expiresCount() : keyspace.size();
				if (keys != 0) {
					keyspace.sampleForEviction(policy.volatileOnly(), samples, pool, db);
					total += keys;
				}
			}
			if (total == 0) {
				return false;
			}
			for (EvictionPool.Candidate candidate = pool.popBest(); candidate != null; candidate = pool.popBest()) {
				if (candidate.db() >= this.store.count()) {
					continue;
				}
				Keyspace keyspace = this.store.db(candidate.db());
				boolean present = policy.volatileOnly() ? keyspace.peekDeadline(candidate.key()) != -1
						: keyspace.hasEntry(candidate.key());
				if (present) {
					evicted(keyspace, candidate.key());
					return true;
				}
				// a ghost: deleted since it was sampled
			}
		}
	}

	private void evicted(Keyspace keyspace, byte[] key) {
		keyspace.evict(key);
		this.stats.keyEvicted();
	}

}
