package io.kvserver.metrics;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Operations per second over a sliding window of one-second slots, cheap enough to record on every
 * batch: one atomic add, plus a slot reset once per second.
 */
final class OpsPerSecond {

	private static final int SLOTS = 6;

	private final AtomicLongArray counts = new AtomicLongArray(SLOTS);

	private final AtomicLongArray seconds = new AtomicLongArray(SLOTS);

	void record(int ops) {
		long second = System.currentTimeMillis() / 1000;
		int slot = (int) (second % SLOTS);
		long seen = this.seconds.get(slot);
		if (seen != second && this.seconds.compareAndSet(slot, seen, second)) {
			this.counts.set(slot, 0);
		}
		this.counts.addAndGet(slot, ops);
	}

	/** Mean rate over the last complete seconds of the window (the current, partial second is left out). */
	double rate() {
		long now = System.currentTimeMillis() / 1000;
		long total = 0;
		int window = SLOTS - 2;
		for (int back = 1; back <= window; back++) {
			long second = now - back;
			int slot = (int) (second % SLOTS);
			if (this.seconds.get(slot) == second) {
				total += this.counts.get(slot);
			}
		}
		return (double) total / window;
	}

}
