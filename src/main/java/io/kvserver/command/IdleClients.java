package io.kvserver.command;

import java.util.function.LongSupplier;

/**
 * Redis's {@code timeout}: a client that sent nothing for more than that many seconds is closed
 * (clientsCronHandleTimeout), checked once a second as Redis's client cron gets round to every
 * client within a second. 0 turns it off, as by default. Blocked clients are not idle.
 */
public final class IdleClients {

	private final SessionRegistry sessions;

	private final LongSupplier clock;

	private final LongSupplier timeoutSeconds;

	/**
	 * @param clock wall-clock milliseconds, the clock sessions record their last command with
	 * @param timeoutSeconds the {@code timeout} directive, read at each check so CONFIG SET changes it
	 */
	public IdleClients(SessionRegistry sessions, LongSupplier clock, LongSupplier timeoutSeconds) {
		this.sessions = sessions;
		this.clock = clock;
		this.timeoutSeconds = timeoutSeconds;
	}

	/** Closes every client idle for longer than the timeout; answers how many. */
	public int closeIdle() {
		long timeout = this.timeoutSeconds.getAsLong();
		if (timeout <= 0) {
			return 0;
		}
		long now = this.clock.getAsLong();
		int closed = 0;
		for (Session session : this.sessions.all()) {
			// Redis compares whole seconds of its cached unixtime: idle "more than" the timeout. A
			// client blocked in BLPOP and the like waits for its own timeout instead, as in Redis.
			if (!session.isClosed() && !session.isBlocked()
					&& (now - session.lastCommandAtMillis()) / 1000 > timeout) {
				session.kill();
				closed++;
			}
		}
		return closed;
	}

}
