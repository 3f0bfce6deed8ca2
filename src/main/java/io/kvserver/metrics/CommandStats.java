package io.kvserver.metrics;

import java.util.concurrent.atomic.AtomicLong;

import org.HdrHistogram.Histogram;

/**
 * One command's counters, as Redis keeps them per command table entry (INFO commandstats): calls,
 * time spent, calls rejected before running (wrong arity) and calls that answered an error. Each
 * command owns one, so the dispatcher updates it without any lookup; INFO and the Micrometer meters
 * read the same counters. Every update happens under the database lock (the dispatcher's), so the
 * counters take one writer at a time: plain arithmetic published by a release write, where an
 * adder's compare-and-swap per call showed once the rest of the unpipelined path got cheap.
 */
public final class CommandStats {

	private final String name;

	private final AtomicLong calls = new AtomicLong();

	private final AtomicLong failedCalls = new AtomicLong();

	private final AtomicLong rejectedCalls = new AtomicLong();

	private final AtomicLong nanos = new AtomicLong();

	private Family family = Family.NONE;

	private LatencyTracking tracking;

	/** This command's latency histogram (INFO latencystats, LATENCY HISTOGRAM); null until its first timed call. */
	private Histogram latencyHistogram;

	/** @param name the command's name as INFO shows it: "get", or "config|get" for a subcommand */
	public CommandStats(String name) {
		this.name = name;
	}

	/** Called once, when the command table is built: latency is recorded per family. */
	public void assignFamily(Family family) {
		this.family = family;
	}

	/** Called once, when the command table is built: the table's latency-tracking settings. */
	public void track(LatencyTracking tracking) {
		this.tracking = tracking;
	}

	/**
	 * A call that ran. Called with the database lock held.
	 * @param failed whether it answered an error
	 */
	public void called(boolean failed) {
		add(this.calls, 1);
		if (failed) {
			add(this.failedCalls, 1);
		}
	}

	/**
	 * How long calls took, when latency is measured: {@code calls} consecutive calls of this command
	 * that shared {@code elapsedNanos} (one clock read for a pipelined run), each recorded at the
	 * mean. Called with the database lock held, which the latency histogram relies on.
	 */
	public void ran(long elapsedNanos, int calls) {
		add(this.nanos, elapsedNanos);
		this.family.latency.recordRun(elapsedNanos, calls);
		LatencyTracking tracking = this.tracking;
		if (tracking != null && tracking.enabled()) {
			Histogram histogram = this.latencyHistogram;
			if (histogram == null) {
				histogram = LatencyTracking.newHistogram();
				this.latencyHistogram = histogram;
			}
			LatencyTracking.record(histogram, elapsedNanos / calls, calls);
		}
	}

	/** The latency histogram, or null if the command was not timed since the last reset. Read under the database lock. */
	public Histogram latencyHistogram() {
		return this.latencyHistogram;
	}

	/** A call refused before it ran, as Redis's rejected_calls (wrong number of arguments). */
	public void rejected() {
		add(this.rejectedCalls, 1);
	}

	private static void add(AtomicLong counter, long amount) {
		counter.setRelease(counter.getPlain() + amount);
	}

	/**
	 * CONFIG RESETSTAT, as Redis's resetCommandTableStats: calls, time, rejected and failed calls
	 * start from zero, and the latency histogram (latencystats) is dropped. The family's latency histogram is left alone: it is a Prometheus histogram,
	 * not part of INFO. Called with the database lock held, so no call is counted meanwhile.
	 */
	public void reset() {
		this.calls.set(0);
		this.failedCalls.set(0);
		this.rejectedCalls.set(0);
		this.nanos.set(0);
		this.latencyHistogram = null;
	}

	public String name() {
		return this.name;
	}

	public Family family() {
		return this.family;
	}

	public long calls() {
		return this.calls.get();
	}

	public long failedCalls() {
		return this.failedCalls.get();
	}

	public long rejectedCalls() {
		return this.rejectedCalls.get();
	}

	/** Calls that ran and did not answer an error. */
	public long succeededCalls() {
		return Math.max(0, this.calls.get() - this.failedCalls.get());
	}

	/** Calls that answered an error or were rejected before running. */
	public long erroredCalls() {
		return this.failedCalls.get() + this.rejectedCalls.get();
	}

	public long micros() {
		return this.nanos.get() / 1000;
	}

	/**
	 * A command family (string, key, connection, server, ...): the unit latency is published by, in
	 * a histogram of its own.
	 */
	public static final class Family {

		static final Family NONE = new Family("none");

		private final String name;

		private final LatencyHistogram latency = new LatencyHistogram();

		public Family(String name) {
			this.name = name;
		}

		public String name() {
			return this.name;
		}

		LatencyHistogram latency() {
			return this.latency;
		}

	}

}
