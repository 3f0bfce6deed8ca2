package io.kvserver.transport;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Rations Spring Integration's sweep for closed connections. The stock server factories sweep
 * every open connection on each accept (net) or selector wake-up (nio), which is quadratic in the
 * number of clients: with thousands connected it took most of the server's CPU and clients timed
 * out (docs/performance.md). Closed connections are already closed; leaving them in the factory's map for up to
 * a period costs only their entry.
 */
final class HarvestThrottle {

	private static final long PERIOD_NANOS = 1_000_000_000L;

	private final AtomicLong lastSweep = new AtomicLong(System.nanoTime());

	/** True at most once per period, for the caller that should sweep now. */
	boolean due() {
		long now = System.nanoTime();
		long last = this.lastSweep.get();
		return now - last >= PERIOD_NANOS && this.lastSweep.compareAndSet(last, now);
	}

}
