package io.kvserver.loadtest;

import java.util.Locale;

/** What each connection does between its operations. */
enum Scenario {

	/** The original test: one operation, then a random think time (0-100 ms by default), repeated. */
	SUSTAINED,

	/** Closed loop without think time: the next operation leaves as soon as the reply is in. */
	THROUGHPUT,

	/** Closed loop of pipelined batches: depth operations written at once, then their replies read. */
	PIPELINED,

	/**
	 * A job queue: every connection a consumer in {@code BRPOP}, besides them producers pushing jobs
	 * with {@code LPUSH}; an operation is a job popped, its latency the time from push to pop.
	 */
	QUEUE;

	boolean thinks() {
		return this == SUSTAINED;
	}

	int depth(int pipeline) {
		return (this == PIPELINED) ? pipeline : 1;
	}

	String label() {
		return name().toLowerCase(Locale.ROOT);
	}

}
