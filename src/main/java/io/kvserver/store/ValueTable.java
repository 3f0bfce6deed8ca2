package io.kvserver.store;

import java.util.Arrays;

/** The main table of a database: key to value, plus a metadata word per entry (see {@link Keyspace}). */
final class ValueTable extends HashSlots {

	Object[] values = {};

	/** Bytes of the key and value objects stored, see {@link #sizeOf(Object)}. */
	private long dataBytes;

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

	@Override
	void removing(int slot) {
		long bytes = sizeOf(this.keys[slot]) + sizeOf(this.values[slot]);
		this.dataBytes -= bytes;
		this.tally.bytes -= bytes;
	}

	/** Stores a value in a slot, counting the key too when the slot is new. */
	void setValue(int slot, Object value) {
		Object old = this.values[slot];
		long delta = sizeOf(value) - (old == null ? -sizeOf(this.keys[slot]) : sizeOf(old));
		this.dataBytes += delta;
		this.tally.bytes += delta;
		this.values[slot] = value;
	}

	/** A stored value grew or shrank in place by this many bytes. */
	void resized(long bytesDelta) {
		this.dataBytes += bytesDelta;
		this.tally.bytes += bytesDelta;
	}

	long dataBytes() {
		return this.dataBytes;
	}

	@Override
	long slotBytes() {
		return 4L * this.values.length + 4L * this.meta.length + 32;
	}

	@Override
	void resetData() {
		this.tally.bytes -= this.dataBytes;
		this.dataBytes = 0;
	}

	/** Heap size of a stored key or value: a byte array's, or what the {@link Value} reports. */
	static long sizeOf(Object value) {
		if (value instanceof byte[] bytes) {
			return HeapSizes.bytes(bytes.length);
		}
		return value == null ? 0 : ((Value) value).memoryBytes();
	}


}
