package io.kvserver.metrics;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Operations per second over a sliding window of one-second slots, cheap enough to record on every
 * batch: plain arithmetic published with release writes, plus a slot reset once per second. One
 * writer at a time (the dispatcher, under the database lock); readers on other threads see a
 * count at most one batch old.
 */
final class OpsPerSecond {

	private static final int SLOTS = 6;

	private final AtomicLongArray counts = new AtomicLongArray(SLOTS);

	private final AtomicLongArray seconds = new AtomicLongArray(SLOTS);

	/** {@code nowMillis}: the wall clock, as {@link #rate} reads it. */
	void record(int ops, long nowMillis) {
		long second = nowMillis / 1000;
		int slot = (int) (second % SLOTS);
		if (this.seconds.getPlain(slot) != second) {
			this.counts.setRelease(slot, 0);
			this.seconds.setRelease(slot, second);
		}
		this.counts.setRelease(slot, this.counts.getPlain(slot) + ops);
	}

	/** Mean rate over the last complete seconds of the window (the current, partial second is left out). */
	double rate() {
		long now = System.currentTimeMillis() / 1000;
		long total = 0;
		int window = SLOTS - 2;
		for (int back = 1; back <= window; back++) {
			long second = now - back;
			int slot = (int) (second % SLOTS);
			if (this.seconds.getAcquire(slot) == second) {
				total += this.counts.getAcquire(slot);
			}
		}
		return (double) total / window;
	}

}
