package io.kvserver.command;

import io.kvserver.util.LongDouble;

/** The timeout argument of the blocking commands, read as Redis's getTimeoutFromObjectOrReply reads seconds. */
final class BlockingTimeout {

	private BlockingTimeout() {
	}

	/**
	 * Milliseconds, 0 for no timeout: the seconds as C's strtold reads them, times 1000, rounded
	 * up. "inf" and values too large for a long come out negative, as in Redis.
	 */
	static long millis(byte[] seconds) {
		LongDouble value = LongDouble.parse(seconds, seconds.length);
		if (value == null) {
			throw new CommandException("ERR timeout is not a float or out of range");
		}
		long millis = value.thousandfoldCeiling();
		if (millis < 0) {
			throw new CommandException("ERR timeout is negative");
		}
		return millis;
	}

}
