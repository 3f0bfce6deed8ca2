package io.kvserver.metrics;

import java.math.BigDecimal;
import java.util.Locale;

import org.HdrHistogram.Histogram;

/**
 * Redis 7.0's per-command latency tracking ({@code latency-tracking}, {@code
 * latency-tracking-info-percentiles}): each command keeps an HdrHistogram of its run times in
 * nanoseconds, created on its first call, from 1 ns to 1 s at two significant digits as Redis's
 * hdr_histogram, for INFO latencystats and LATENCY HISTOGRAM. Recorded and read under the database
 * lock.
 */
public final class LatencyTracking {

	static final long LOWEST = 1;

	static final long HIGHEST = 1_000_000_000L;

	static final int SIGNIFICANT_DIGITS = 2;

	private volatile boolean enabled = true;

	private volatile double[] percentiles = { 50, 99, 99.9 };

	public boolean enabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public double[] percentiles() {
		return this.percentiles.clone();
	}

	public void setPercentiles(double[] percentiles) {
		this.percentiles = percentiles.clone();
	}

	static Histogram newHistogram() {
		return new Histogram(LOWEST, HIGHEST, SIGNIFICANT_DIGITS);
	}

	/** Records {@code count} calls that took {@code nanos} each, clamped into the histogram's range. */
	static void record(Histogram histogram, long nanos, int count) {
		histogram.recordValueWithCount(Math.max(LOWEST, Math.min(HIGHEST, nanos)), count);
	}

	/**
	 * INFO latencystats' value for a command, "p50=1.003,p99=2.007,p99.9=3.007" in microseconds, or
	 * null if the command has no histogram.
	 */
	public String percentiles(CommandStats command) {
		Histogram histogram = command.latencyHistogram();
		if (histogram == null) {
			return null;
		}
		StringBuilder text = new StringBuilder();
		for (double p : this.percentiles) {
			if (!text.isEmpty()) {
				text.append(',');
			}
			text.append('p').append(trimmed(p)).append('=')
				.append(String.format(Locale.ROOT, "%.3f", histogram.getValueAtPercentile(p) / 1000.0));
		}
		return text.toString();
	}

	/** A percentile as Redis prints it: "%f" without trailing zeros ("50", "99.9"). */
	public static String trimmed(double value) {
		String text = new BigDecimal(String.format(Locale.ROOT, "%f", value)).stripTrailingZeros().toPlainString();
		return text;
	}

}
