package io.kvserver.store;

import java.util.Arrays;

/**
 * A min-heap of (deadline, key) pairs in two parallel arrays, so an entry costs no object of its
 * own. Entries go stale when a key's deadline changes or the key goes; the reader checks each
 * entry it pops against the expiry table.
 */
final class DeadlineHeap {

	private long[] deadlines = new long[16];

	private byte[][] keys = new byte[16][];

	private int size;

	int size() {
		return this.size;
	}

	long peekDeadline() {
		return this.deadlines[0];
	}

	byte[] peekKey() {
		return this.keys[0];
	}

	void push(long deadline, byte[] key) {
		if (this.size == this.deadlines.length) {
			this.deadlines = Arrays.copyOf(this.deadlines, this.size * 2);
			this.keys = Arrays.copyOf(this.keys, this.size * 2);
		}
		int i = this.size++;
		while (i > 0) {
			int parent = (i - 1) >>> 1;
			if (this.deadlines[parent] <= deadline) {
				break;
			}
			this.deadlines[i] = this.deadlines[parent];
			this.keys[i] = this.keys[parent];
			i = parent;
		}
		this.deadlines[i] = deadline;
		this.keys[i] = key;
	}

	void pop() {
		int last = --this.size;
		long deadline = this.deadlines[last];
		byte[] key = this.keys[last];
		this.keys[last] = null;
		if (last == 0) {
			return;
		}
		int i = 0;
		while (true) {
			int child = 2 * i + 1;
			if (child >= last) {
				break;
			}
			if (child + 1 < last && this.deadlines[child + 1] < this.deadlines[child]) {
				child++;
			}
			if (deadline <= this.deadlines[child]) {
				break;
			}
			this.deadlines[i] = this.deadlines[child];
			this.keys[i] = this.keys[child];
			i = child;
		}
		this.deadlines[i] = deadline;
		this.keys[i] = key;
	}

	void clear() {
		this.deadlines = new long[16];
		this.keys = new byte[16][];
		this.size = 0;
	}

}
