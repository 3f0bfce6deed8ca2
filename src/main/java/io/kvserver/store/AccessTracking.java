package io.kvserver.store;

import java.util.concurrent.ThreadLocalRandom;

/**
 * What the 24 access bits of each entry's metadata word hold, as Redis's {@code robj.lru}: under an
 * LRU (or no) eviction policy the LRU clock in seconds of the last access; under an LFU policy the
 * minutes clock of the last decrement in the top 16 bits and a logarithmic access counter in the
 * low 8 (Redis's evict.c). Switching the mode does not convert the bits already stored, as in Redis:
 * they read as nonsense until keys are touched again.
 * <p>
 * One instance is shared by every database; the memory settings change it (under the database lock
 * or not: the fields are volatile and each is read once per use).
 */
public final class AccessTracking {

	/** The 24 access bits. */
	public static final int BITS_MASK = (1 << 24) - 1;

	/** A new key's counter (Redis's LFU_INIT_VAL), so that it is not evicted before it had a chance to be used. */
	public static final int LFU_INIT_VAL = 5;

	private static final int MINUTES_MASK = 0xFFFF;

	private volatile boolean frequency;

	private volatile long logFactor = 10;

	private volatile long decayMinutes = 1;

	/** Whether access frequencies are tracked (an LFU policy) rather than access times. */
	public boolean tracksFrequency() {
		return this.frequency;
	}

	/** Tracks access frequencies (true, an LFU policy) or access times from now on. */
	public void trackFrequency(boolean frequency) {
		this.frequency = frequency;
	}

	/** lfu-log-factor: how many accesses it takes to raise the counter, logarithmically. */
	public void setLogFactor(long logFactor) {
		this.logFactor = logFactor;
	}

	/** lfu-decay-time: minutes after which an unused key's counter drops by one (0: never). */
	public void setDecayMinutes(long decayMinutes) {
		this.decayMinutes = decayMinutes;
	}

	/** The bits of a key created now (Redis's createObject). */
	int created(long nowMillis) {
		if (this.frequency) {
			return (minutes(nowMillis) << 8) | LFU_INIT_VAL;
		}
		return lruClock(nowMillis);
	}

	/** The bits of a key accessed now, given its old bits (Redis's lookupKey: updateLFU or the LRU clock). */
	int accessed(int bits, long nowMillis) {
		if (!this.frequency) {
			return lruClock(nowMillis);
		}
		int counter = logIncrement(decremented(bits, nowMillis));
		return (minutes(nowMillis) << 8) | counter;
	}

	/** The bits of an LFU counter set to {@code counter} now (RESTORE ... FREQ). */
	int counted(int counter, long nowMillis) {
		return (minutes(nowMillis) << 8) | (counter & 0xFF);
	}

	/** The counter as OBJECT FREQ reports it and eviction ranks it: decayed for the time unused, not stored. */
	int decremented(int bits, long nowMillis) {
		int counter = bits & 0xFF;
		long decay = this.decayMinutes;
		if (decay == 0) {
			return counter;
		}
		int last = (bits >>> 8) & MINUTES_MASK;
		int now = minutes(nowMillis);
		long elapsed = now >= last ? now - last : MINUTES_MASK - last + now;
		long periods = elapsed / decay;
		return periods > counter ? 0 : (int) (counter - periods);
	}

	/** Milliseconds since the access the bits record, as Redis's estimateObjectIdleTime (the clock wraps after 194 days). */
	static long idleMillis(int bits, long nowMillis) {
		int lru = bits & BITS_MASK;
		int now = lruClock(nowMillis);
		return now >= lru ? (now - lru) * 1000L : (now + (BITS_MASK - lru)) * 1000L;
	}

	static int lruClock(long nowMillis) {
		return (int) ((nowMillis / 1000) & BITS_MASK);
	}

	private static int minutes(long nowMillis) {
		return (int) ((nowMillis / 1000 / 60) & MINUTES_MASK);
	}

	/** Redis's LFULogIncr: the higher the counter, the less likely an access raises it; saturates at 255. */
	private int logIncrement(int counter) {
		if (counter == 255) {
			return 255;
		}
		double r = ThreadLocalRandom.current().nextDouble();
		double base = Math.max(0, counter - LFU_INIT_VAL);
		double p = 1.0 / (base * this.logFactor + 1);
		return r < p ? counter + 1 : counter;
	}

}
