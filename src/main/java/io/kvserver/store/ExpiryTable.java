package io.kvserver.store;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * Deadlines (Unix milliseconds) of the keys that have one, like Redis's {@code expires} dict; it
 * shares the key arrays of the main table. It also keeps the exact sum of all deadlines, in 128
 * bits so it cannot overflow, which gives INFO keyspace its average TTL without a scan.
 */
final class ExpiryTable extends HashSlots {

	long[] deadlines = {};

	@Override
	long slotBytes() {
		return 8L * this.deadlines.length + 16;
	}

	private long sumHigh;

	private long sumLow;

	@Override
	void resizeSlots(int capacity) {
		this.deadlines = Arrays.copyOf(this.deadlines, capacity);
	}

	@Override
	void moveSlot(int from, int to) {
		this.deadlines[to] = this.deadlines[from];
	}

	@Override
	void clearSlot(int slot) {
	}

	/** The key's deadline, or -1 if it has none. */
	long get(byte[] key, int hash) {
		if (size() == 0) {
			return -1;
		}
		int slot = find(key, hash);
		return slot < 0 ? -1 : this.deadlines[slot];
	}

	void put(byte[] key, int hash, long deadline) {
		int slot = find(key, hash);
		if (slot < 0) {
			slot = add(key, hash);
		}
		else {
			addToSum(-this.deadlines[slot]);
		}
		this.deadlines[slot] = deadline;
		addToSum(deadline);
	}

	/** Removes the key's deadline; false if it had none. */
	boolean delete(byte[] key, int hash) {
		if (size() == 0) {
			return false;
		}
		int slot = find(key, hash);
		if (slot < 0) {
			return false;
		}
		addToSum(-this.deadlines[slot]);
		remove(slot);
		return true;
	}

	void reset() {
		clear();
		this.sumHigh = 0;
		this.sumLow = 0;
	}

	/** The mean deadline, rounded towards zero; 0 when there are none. */
	long meanDeadline() {
		int count = size();
		if (count == 0) {
			return 0;
		}
		if (this.sumHigh == (this.sumLow >> 63)) {
			return this.sumLow / count;
		}
		BigInteger sum = BigInteger.valueOf(this.sumHigh).shiftLeft(64)
			.add(new BigInteger(Long.toUnsignedString(this.sumLow)));
		return sum.divide(BigInteger.valueOf(count)).longValue();
	}

	private void addToSum(long value) {
		long low = this.sumLow + value;
		long carry = Long.compareUnsigned(low, this.sumLow) < 0 ? 1 : 0;
		this.sumHigh += carry + (value >> 63);
		this.sumLow = low;
	}

}
