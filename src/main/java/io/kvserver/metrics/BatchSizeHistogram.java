package io.kvserver.metrics;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Requests per pipelined batch, in power-of-two buckets (1, 2, 4, ... 1024, the most one batch
 * holds, and +Inf). Like {@link LatencyHistogram} it has one writer at a time, the dispatcher under
 * the database lock, so recording is a bit count and two plain increments. It replaced a Micrometer
 * DistributionSummary whose record (a time-window max, a bucket search, adders) showed in
 * unpipelined profiles, where every batch is one request.
 */
public final class BatchSizeHistogram {

	static final int[] BOUNDS = { 1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024 };

	private final AtomicLongArray counts = new AtomicLongArray(BOUNDS.length + 1);

	private final AtomicLong sum = new AtomicLong();

	/** Records one batch. Callers must not record concurrently (the dispatcher holds the database lock). */
	void record(int requests) {
		int bucket = requests <= 1 ? 0 : Math.min(32 - Integer.numberOfLeadingZeros(requests - 1), BOUNDS.length);
		this.counts.setRelease(bucket, this.counts.getPlain(bucket) + 1);
		this.sum.setRelease(this.sum.getPlain() + requests);
	}

	/** Batches per bucket (not cumulative); the last one is above every bound (+Inf). */
	long[] counts() {
		long[] snapshot = new long[this.counts.length()];
		for (int i = 0; i < snapshot.length; i++) {
			snapshot[i] = this.counts.getAcquire(i);
		}
		return snapshot;
	}

	/** Batches recorded. */
	long count() {
		long total = 0;
		for (long c : counts()) {
			total += c;
		}
		return total;
	}

	/** Requests in all recorded batches. */
	long sum() {
		return this.sum.getAcquire();
	}

}
