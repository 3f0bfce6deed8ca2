package io.kvserver.loadtest;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The counters of one run, shared by all its connections. Operations and their errors count only
 * when they complete inside the measured window (after ramp-up and warm-up); failed connects count
 * from the very first one, because failing to connect under load is what the original test showed.
 */
final class RunStats {

	/** Latencies are recorded in microseconds, up to an hour, to 3 significant digits. */
	private static final long HIGHEST_MICROS = TimeUnit.HOURS.toMicros(1);

	private final long measureStart;

	private final long measureEnd;

	private final LongAdder succeeded = new LongAdder();

	private final Map<ErrorKind, LongAdder> errors = new EnumMap<>(ErrorKind.class);

	/** Every completed operation, warm-up included, for the progress line. */
	private final LongAdder completedAnyTime = new LongAdder();

	private final AtomicInteger open = new AtomicInteger();

	private final Recorder latency = new Recorder(1, HIGHEST_MICROS, 3);

	RunStats(long measureStartNanos, long measureEndNanos) {
		this.measureStart = measureStartNanos;
		this.measureEnd = measureEndNanos;
		for (ErrorKind kind : ErrorKind.values()) {
			this.errors.put(kind, new LongAdder());
		}
	}

	/** A write of {@code count} operations answered at {@code end}, {@code failed} of them by error replies. */
	void completed(long start, long end, int count, int failed) {
		this.completedAnyTime.add(count);
		if (!measured(end)) {
			return;
		}
		this.succeeded.add(count - failed);
		if (failed > 0) {
			this.errors.get(ErrorKind.REPLY).add(failed);
		}
		long micros = Math.min(HIGHEST_MICROS, Math.max(1, TimeUnit.NANOSECONDS.toMicros(end - start)));
		this.latency.recordValueWithCount(micros, count);
	}

	void failed(ErrorKind kind, int count, long at) {
		boolean counts = (kind == ErrorKind.CONNECT) ? at - this.measureEnd < 0 : measured(at);
		if (counts) {
			this.errors.get(kind).add(count);
		}
	}

	void opened() {
		this.open.incrementAndGet();
	}

	void closed() {
		this.open.decrementAndGet();
	}

	int open() {
		return this.open.get();
	}

	long completedAnyTime() {
		return this.completedAnyTime.sum();
	}

	long succeeded() {
		return this.succeeded.sum();
	}

	long errors(ErrorKind kind) {
		return this.errors.get(kind).sum();
	}

	long errors() {
		return this.errors.values().stream().mapToLong(LongAdder::sum).sum();
	}

	/** Everything recorded so far; meant to be called once, after the run. */
	Histogram latency() {
		return this.latency.getIntervalHistogram();
	}

	private boolean measured(long at) {
		return at - this.measureStart >= 0 && at - this.measureEnd < 0;
	}

}
