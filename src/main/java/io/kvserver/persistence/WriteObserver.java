package io.kvserver.persistence;

/**
 * What the command dispatcher tells persistence about writes, and asks it before them. Commands
 * never touch files: the dispatcher calls these around each command, under the database lock.
 */
public interface WriteObserver {

	/** Nothing to tell: no snapshot runs. */
	WriteObserver NONE = new WriteObserver() {
	};

	/**
	 * Whether a point-in-time snapshot is being written, so that {@link #beforeKeyWrite} and
	 * {@link #beforeUnnamedWrites} matter; cheap, asked before every write command.
	 */
	default boolean snapshotting() {
		return false;
	}

	/** A write command is about to run that may change this key, in any database. */
	default void beforeKeyWrite(byte[] key) {
	}

	/** A write command is about to run that changes keys it does not name (FLUSHALL, SWAPDB). */
	default void beforeUnnamedWrites() {
	}

	/**
	 * Null if write commands may run, else the error they answer instead: Redis's MISCONF when the
	 * last background save failed and {@code stop-writes-on-bgsave-error} is on.
	 */
	default String writeRefusal() {
		return null;
	}

}
