package io.kvserver.store;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Wall-clock milliseconds as the running command sees them: read once when the command starts and
 * kept until the next one, as Redis 7.0's call() caches server.mstime for a command's expiry checks
 * and access times. Unpipelined, each request used to read the clock five times (the command's
 * start, the key's access time, the ops/s window and the two ends of its run time), and
 * clock_gettime showed in profiles. Between batches it reads the source itself.
 * <p>
 * {@link #hold} and {@link #release} are called by whoever holds the database lock; any thread may
 * read, and during a batch gets the time its current command started.
 */
public final class CachedClock implements LongSupplier {

	private static final long NONE = Long.MIN_VALUE;

	private final LongSupplier source;

	private final AtomicLong held = new AtomicLong(NONE);

	public CachedClock(LongSupplier source) {
		this.source = source;
	}

	/** A command starts: reads the source and keeps the time until the next hold or the release. */
	public long hold() {
		long now = this.source.getAsLong();
		this.held.setRelease(now);
		return now;
	}

	/** The batch is over: reads go to the source again. */
	public void release() {
		this.held.setRelease(NONE);
	}

	@Override
	public long getAsLong() {
		long now = this.held.getAcquire();
		return now != NONE ? now : this.source.getAsLong();
	}

}
