package io.kvserver.loadtest;

import java.util.Locale;

import org.HdrHistogram.Histogram;

/**
 * What one run measured. {@code totalOperations} is every operation that ended in the measured
 * window, answered or failed, plus every failed connect; the error rate is errors over that total,
 * and ops/s counts successful operations only.
 */
record RunResult(String scenario, int connections, int openAtEnd, double seconds, long succeeded, long connectErrors,
		long timeoutErrors, long ioErrors, long replyErrors, long p50Micros, long p90Micros, long p99Micros,
		long p999Micros, long maxMicros) {

	static RunResult of(Scenario scenario, int connections, int openAtEnd, double seconds, RunStats stats) {
		Histogram latency = stats.latency();
		boolean empty = latency.getTotalCount() == 0;
		return new RunResult(scenario.label(), connections, openAtEnd, seconds, stats.succeeded(),
				stats.errors(ErrorKind.CONNECT), stats.errors(ErrorKind.TIMEOUT), stats.errors(ErrorKind.IO),
				stats.errors(ErrorKind.REPLY), empty ? 0 : latency.getValueAtPercentile(50),
				empty ? 0 : latency.getValueAtPercentile(90), empty ? 0 : latency.getValueAtPercentile(99),
				empty ? 0 : latency.getValueAtPercentile(99.9), empty ? 0 : latency.getMaxValue());
	}

	long errors() {
		return this.connectErrors + this.timeoutErrors + this.ioErrors + this.replyErrors;
	}

	long totalOperations() {
		return this.succeeded + errors();
	}

	/** Percent of all operations that failed. */
	double errorRate() {
		long total = totalOperations();
		return (total == 0) ? 0 : 100.0 * errors() / total;
	}

	double opsPerSecond() {
		return this.succeeded / this.seconds;
	}

	/** The original test's result block, then the latency percentiles. */
	String block() {
		return String.format(Locale.ROOT, """
				--- %s, %d connections, %.0f s measured ---
				Total operations: %d
				Connections: %d (%d open at the end)
				Errors: %d (connect %d, timeout %d, i/o %d, error replies %d)
				Error rate: %.2f%%
				Ops/sec: %.2f
				Latency ms: p50 %s  p90 %s  p99 %s  p99.9 %s  max %s
				""", this.scenario, this.connections, this.seconds, totalOperations(), this.connections,
				this.openAtEnd, errors(), this.connectErrors, this.timeoutErrors, this.ioErrors, this.replyErrors,
				errorRate(), opsPerSecond(), millis(this.p50Micros), millis(this.p90Micros), millis(this.p99Micros),
				millis(this.p999Micros), millis(this.maxMicros));
	}

	static String millis(long micros) {
		return String.format(Locale.ROOT, "%.3f", micros / 1000.0);
	}

}
