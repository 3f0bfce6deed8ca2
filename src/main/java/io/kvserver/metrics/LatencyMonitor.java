package io.kvserver.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Redis's latency monitor (latency.c): with {@code latency-monitor-threshold} milliseconds set
 * (0, the default, turns it off), every event that took at least that long ("command",
 * "fast-command", "expire-cycle", ...) is kept in a time series of the last 160 seconds that had
 * one, one sample per second (the worst), with the all-time maximum. Thread-safe: events come from
 * the event loops and the expiry thread.
 */
public final class LatencyMonitor {

	/** Redis's LATENCY_TS_LEN. */
	static final int SAMPLES = 160;

	/** One second's worst latency of an event. */
	public record Sample(long unixSeconds, long millis) {
	}

	/** An event's samples, oldest first, and its all-time maximum. */
	public record Series(String event, List<Sample> samples, long max) {

		public Sample latest() {
			return this.samples.get(this.samples.size() - 1);
		}

	}

	private static final class TimeSeries {

		final long[] times = new long[SAMPLES];

		final long[] latencies = new long[SAMPLES];

		int next;

		long max;

	}

	private final Map<String, TimeSeries> events = new LinkedHashMap<>();

	private final LongSupplier clock;

	private volatile long thresholdMillis;

	/** @param clock Unix milliseconds */
	public LatencyMonitor(LongSupplier clock) {
		this.clock = clock;
	}

	public long thresholdMillis() {
		return this.thresholdMillis;
	}

	public void setThresholdMillis(long thresholdMillis) {
		this.thresholdMillis = thresholdMillis;
	}

	/** Records the event if the monitor is on and it took at least the threshold (latencyAddSampleIfNeeded). */
	public void sampleIfNeeded(String event, long millis) {
		long threshold = this.thresholdMillis;
		if (threshold > 0 && millis >= threshold) {
			add(event, millis);
		}
	}

	private synchronized void add(String event, long millis) {
		TimeSeries ts = this.events.computeIfAbsent(event, e -> new TimeSeries());
		long now = this.clock.getAsLong() / 1000;
		ts.max = Math.max(ts.max, millis);
		int previous = (ts.next + SAMPLES - 1) % SAMPLES;
		if (ts.times[previous] == now) {
			ts.latencies[previous] = Math.max(ts.latencies[previous], millis);
			return;
		}
		ts.times[ts.next] = now;
		ts.latencies[ts.next] = millis;
		ts.next = (ts.next + 1) % SAMPLES;
	}

	/** Every event with samples, in the order they first happened. */
	public synchronized List<Series> all() {
		List<Series> all = new ArrayList<>();
		this.events.forEach((event, ts) -> all.add(series(event, ts)));
		return all;
	}

	/** One event's series (names compare exactly, as Redis's dictFetchValue), or null. */
	public synchronized Series get(String event) {
		TimeSeries ts = this.events.get(event);
		return ts == null ? null : series(event, ts);
	}

	/** Forgets one event (names compare ignoring case, as latencyResetEvent), or every event with null; how many. */
	public synchronized int reset(String event) {
		int before = this.events.size();
		this.events.keySet().removeIf(name -> event == null || name.equalsIgnoreCase(event));
		return before - this.events.size();
	}

	private static Series series(String event, TimeSeries ts) {
		List<Sample> samples = new ArrayList<>();
		for (int j = 0; j < SAMPLES; j++) {
			int i = (ts.next + j) % SAMPLES;
			if (ts.times[i] != 0) {
				samples.add(new Sample(ts.times[i], ts.latencies[i]));
			}
		}
		return new Series(event, List.copyOf(samples), ts.max);
	}

}
