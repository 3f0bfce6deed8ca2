package io.kvserver.metrics;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A fixed-bucket latency histogram made to be fed on the hot path: recording is a short scan of
 * the bounds and two plain increments. That is only correct with one writer at a time, which the
 * dispatcher guarantees by recording while it holds the database lock; the writes are published
 * with release semantics so a scrape on another thread reads them safely. Micrometer's Timer with a
 * percentile histogram costs more per record than the GET it would time (figures in
 * docs/performance.md).
 */
public final class LatencyHistogram {

	/** Upper bounds in nanoseconds: 100 ns to 1 s, six per decade (1, 1.5, 2, 3, 5, 7), and +Inf after. */
	static final long[] BOUNDS_NANOS = bounds();

	private final AtomicLongArray counts = new AtomicLongArray(BOUNDS_NANOS.length + 1);

	private final AtomicLong sumNanos = new AtomicLong();

	private static long[] bounds() {
		long[] steps = { 10, 15, 20, 30, 50, 70 };
		long[] bounds = new long[7 * steps.length + 1];
		long scale = 10;
		int i = 0;
		for (int decade = 0; decade < 7; decade++) {
			for (long step : steps) {
				bounds[i++] = step * scale;
			}
			scale *= 10;
		}
		bounds[i] = 1_000_000_000L;
		return bounds;
	}

	/** Records one duration. Callers must not record concurrently (the dispatcher holds the database lock). */
	void record(long nanos) {
		recordRun(nanos, 1);
	}

	/** Records {@code times} observations that took {@code totalNanos} together, each at their mean. */
	void recordRun(long totalNanos, int times) {
		long nanos = totalNanos / times;
		int bucket = firstCandidate(nanos);
		while (bucket < BOUNDS_NANOS.length && nanos > BOUNDS_NANOS[bucket]) {
			bucket++;
		}
		this.counts.setRelease(bucket, this.counts.getPlain(bucket) + times);
		this.sumNanos.setRelease(this.sumNanos.getPlain() + totalNanos);
	}

	/**
	 * Where the scan for nanos's bucket may start: the first bound of its power of two's decade or
	 * below, so a few comparisons find the bucket instead of one per bound from 100 ns up.
	 */
	private static int firstCandidate(long nanos) {
		return START_BY_BIT_LENGTH[64 - Long.numberOfLeadingZeros(nanos)];
	}

	/** For each bit length of a duration, the first bucket whose bound is at least the smallest such duration. */
	private static final int[] START_BY_BIT_LENGTH = startByBitLength();

	private static int[] startByBitLength() {
		int[] start = new int[65];
		for (int bits = 1; bits <= 64; bits++) {
			long smallest = 1L << (bits - 1);
			int bucket = 0;
			while (bucket < BOUNDS_NANOS.length && smallest > BOUNDS_NANOS[bucket]) {
				bucket++;
			}
			start[bits] = bucket;
		}
		return start;
	}

	/** Observations per bucket (not cumulative); the last one is above every bound (+Inf). */
	long[] counts() {
		long[] snapshot = new long[this.counts.length()];
		for (int i = 0; i < snapshot.length; i++) {
			snapshot[i] = this.counts.getAcquire(i);
		}
		return snapshot;
	}

	long sumNanos() {
		return this.sumNanos.getAcquire();
	}

}
