package io.kvserver.loadtest;

import java.time.Duration;

/**
 * Everything one run needs besides its number of connections; a sweep runs the same settings at
 * each connection count.
 *
 * @param keyCount 1 means the single key {@code count}, as in the original test; more means keys
 * {@code count:0 .. count:<n-1>} picked uniformly
 * @param valueSize 0 means SET writes a random decimal number, as the original did; more means a
 * value of that many bytes
 * @param producers connections pushing jobs in the queue scenario, besides the consuming ones
 */
record LoadSettings(String host, int port, Scenario scenario, Duration duration, Duration warmUp, Duration rampUp,
		double getRatio, int keyCount, int valueSize, Duration thinkMin, Duration thinkMax, int pipeline,
		int producers, Duration connectTimeout, Duration readTimeout, Duration reconnectDelay, Duration progressInterval) {

	LoadSettings {
		requirePositive("duration", duration);
		requireNotNegative("warm-up", warmUp);
		requireNotNegative("ramp-up", rampUp);
		requireNotNegative("think time", thinkMin);
		requirePositive("connect timeout", connectTimeout);
		requirePositive("read timeout", readTimeout);
		requireNotNegative("reconnect delay", reconnectDelay);
		requirePositive("progress interval", progressInterval);
		if (thinkMax.compareTo(thinkMin) < 0) {
			throw new IllegalArgumentException("think time range " + thinkMin.toMillis() + "-" + thinkMax.toMillis()
					+ " ms: the maximum is below the minimum");
		}
		if (!(getRatio >= 0 && getRatio <= 1)) {
			throw new IllegalArgumentException("GET ratio must be between 0 and 1, was " + getRatio);
		}
		if (keyCount < 1 || valueSize < 0 || pipeline < 1 || producers < 1) {
			throw new IllegalArgumentException(
					"key count, pipeline depth and producers must be at least 1, value size at least 0");
		}
		if (port < 1 || port > 65535) {
			throw new IllegalArgumentException("port must be between 1 and 65535, was " + port);
		}
	}

	/** Operations per write: the pipeline depth in the pipelined scenario, 1 otherwise. */
	int depth() {
		return this.scenario.depth(this.pipeline);
	}

	private static void requirePositive(String what, Duration value) {
		if (value.isNegative() || value.isZero()) {
			throw new IllegalArgumentException(what + " must be positive, was " + value);
		}
	}

	private static void requireNotNegative(String what, Duration value) {
		if (value.isNegative()) {
			throw new IllegalArgumentException(what + " must not be negative, was " + value);
		}
	}

}
