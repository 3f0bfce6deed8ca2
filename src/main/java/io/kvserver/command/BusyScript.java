package io.kvserver.command;

import java.util.concurrent.locks.ReentrantLock;

import io.kvserver.store.Databases;

/**
 * A script that has run past busy-reply-threshold, as the rest of the server sees it (Redis's
 * scriptIsTimedout and processEventsWhileBlocked). The script holds the database lock for its
 * whole run, as any command does; once it is busy it lets go of the lock for a moment every few
 * thousand Lua instructions ({@link #yieldToOthers}), so that other clients' batches can run: the
 * dispatcher then answers them -BUSY, except for the commands flagged {@code allow_busy} (SCRIPT
 * KILL, FUNCTION KILL, MULTI, ...), so nothing else touches the data while the script is on it.
 * Clients served by the script's own event-loop thread are served from inside the script through
 * the pump that thread registered ({@link #pumpOnThisThread}).
 */
public final class BusyScript {

	static final String BUSY_EVAL = "BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.";

	static final String BUSY_FUNCTION = "BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE.";

	/** How long one yield waits at most for the threads queued on the lock to have their turn. */
	private static final long YIELD_NANOS = 1_000_000;

	private final ReentrantLock lock;

	private final Databases databases;

	/** For a dispatcher without scripts (tests, benchmarks): never busy. */
	static final BusyScript NONE = new BusyScript(null, null);

	private final ThreadLocal<Runnable> pumps = new ThreadLocal<>();

	private volatile boolean busy;

	private volatile boolean eval;

	public BusyScript(Databases databases) {
		this(databases, databases.lock());
	}

	private BusyScript(Databases databases, ReentrantLock lock) {
		this.databases = databases;
		this.lock = lock;
	}

	/**
	 * Called once by a thread that serves many connections (an event loop): while a script running
	 * on this thread is busy, {@code pump} serves this thread's other connections.
	 */
	public void pumpOnThisThread(Runnable pump) {
		this.pumps.set(pump);
	}

	/** The running script has passed the threshold: from now on others get -BUSY. */
	public void becameBusy(boolean eval) {
		this.eval = eval;
		this.busy = true;
		this.databases.holdBackgroundWork(true);
	}

	/** The script ended. */
	public void ended() {
		if (this.busy) {
			this.busy = false;
			this.databases.holdBackgroundWork(false);
		}
	}

	/** Whether a busy script is running (read by the dispatcher for every request of another client). */
	public boolean isBusy() {
		return this.busy;
	}

	/** The -BUSY error for the kind of script running. */
	String busyError() {
		return this.eval ? BUSY_EVAL : BUSY_FUNCTION;
	}

	/**
	 * From the busy script's thread, which holds the lock: lets the other clients' batches run
	 * (they get -BUSY or run an allowed command) and takes the lock back.
	 */
	public void yieldToOthers() {
		int holds = this.lock.getHoldCount();
		for (int i = 0; i < holds; i++) {
			this.lock.unlock();
		}
		try {
			Runnable pump = this.pumps.get();
			if (pump != null) {
				pump.run();
			}
			long deadline = System.nanoTime() + YIELD_NANOS;
			while (this.lock.hasQueuedThreads() && System.nanoTime() < deadline) {
				Thread.yield();
			}
		}
		finally {
			for (int i = 0; i < holds; i++) {
				this.lock.lock();
			}
		}
	}

}
