package io.kvserver.store;

import java.util.Arrays;

/** The main table of a database: key to value, plus a metadata word per entry (see {@link Keyspace}). */
final class ValueTable extends HashSlots {

	Object[] values = {};

	int[] meta = {};

	@Override
	void resizeSlots(int capacity) {
		this.values = Arrays.copyOf(this.values, capacity);
		this.meta = Arrays.copyOf(this.meta, capacity);
	}

	@Override
	void moveSlot(int from, int to) {
		this.values[to] = this.values[from];
		this.meta[to] = this.meta[from];
	}

	@Override
	void clearSlot(int slot) {
		this.values[slot] = null;
	}

}
