package io.kvserver.store;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.context.SmartLifecycle;

import io.kvserver.metrics.LatencyMonitor;

/**
 * Reclaims expired keys that no client touches, ten times a second like Redis's default {@code hz}.
 * Work is done in small slices so the lock is never held long enough to stall clients.
 */
public final class ActiveExpiryCycle implements SmartLifecycle {

	private static final Log LOGGER = LogFactory.getLog(ActiveExpiryCycle.class);

	private static final int KEYS_PER_SLICE = 500;

	private static final int SLICES_PER_TICK = 200;

	private final Databases databases;

	private final long periodMillis;

	private ScheduledExecutorService scheduler;

	private final LatencyMonitor latency;

	public ActiveExpiryCycle(Databases databases, long periodMillis) {
		this(databases, periodMillis, null);
	}

	/** @param latency told of each pass that took at least latency-monitor-threshold ("expire-cycle"), or null */
	public ActiveExpiryCycle(Databases databases, long periodMillis, LatencyMonitor latency) {
		this.databases = databases;
		this.periodMillis = periodMillis;
		this.latency = latency;
	}

	/** One pass over every database; returns the number of keys reclaimed. */
	public int runOnce() {
		if (!this.databases.activeExpiry()) {
			return 0;
		}
		long busyNanos = 0; // time spent reclaiming, without the waits for the lock
		int total = 0;
		for (int db = 0; db < this.databases.count(); db++) {
			for (int slice = 0; slice < SLICES_PER_TICK; slice++) {
				int removed;
				this.databases.lock().lock();
				long sliceStart = System.nanoTime();
				try {
					if (this.databases.backgroundWorkHeld()) {
						return total;
					}
					removed = this.databases.db(db).expireDue(KEYS_PER_SLICE);
				}
				finally {
					busyNanos += System.nanoTime() - sliceStart;
					this.databases.lock().unlock();
				}
				total += removed;
				if (removed < KEYS_PER_SLICE) {
					break;
				}
			}
		}
		if (this.latency != null) {
			this.latency.sampleIfNeeded("expire-cycle", busyNanos / 1_000_000);
		}
		return total;
	}

	@Override
	public synchronized void start() {
		if (this.scheduler != null) {
			return;
		}
		this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
			Thread t = new Thread(r, "kvserver-expiry");
			t.setDaemon(true);
			return t;
		});
		this.scheduler.scheduleWithFixedDelay(this::runSafely, this.periodMillis, this.periodMillis, TimeUnit.MILLISECONDS);
	}

	/** A scheduled task that throws is never run again; one bad pass must not end expiry for good. */
	private void runSafely() {
		try {
			runOnce();
		}
		catch (RuntimeException e) {
			LOGGER.error("active expiry cycle failed; retrying next period", e);
		}
	}

	@Override
	public synchronized void stop() {
		if (this.scheduler != null) {
			this.scheduler.shutdownNow();
			this.scheduler = null;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.scheduler != null;
	}

}
