package io.kvserver.persistence;

/**
 * Where executed writes go in their effect form, as Redis's propagate() feeds the append-only
 * file: one command at a time, in the order they changed the data, each with the database it
 * changed. Called under the database lock.
 */
public interface CommandLog {

	/** Nowhere: no append-only file. */
	CommandLog NONE = new CommandLog() {

		@Override
		public boolean enabled() {
			return false;
		}

		@Override
		public void append(int db, byte[][] argv) {
		}

	};

	/** Whether commands are recorded now; asked before each command, so it must be cheap. */
	boolean enabled();

	void append(int db, byte[][] argv);

}
