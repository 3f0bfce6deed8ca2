package io.kvserver.store;

import java.util.Arrays;
import java.util.function.IntConsumer;
import java.util.random.RandomGenerator;

/**
 * A chained hash table of binary keys, laid out in parallel arrays instead of one node object per
 * entry: an entry is a slot index, its key, cached hash and chain link live at that index, and
 * subclasses keep their values in arrays of their own indexed the same way. A bucket holds the first
 * slot of its chain.
 * <p>
 * The number of buckets is a power of two and, as in Redis's dict.c, grows when the entries reach
 * it and shrinks when they fall below a tenth of it. That is what makes {@link #scan} work: its
 * cursor is a bucket index advanced on its reversed bits, so a table that doubles or halves between
 * two calls maps the buckets already visited onto buckets the cursor has passed, and an entry
 * present for the whole iteration is returned at least once. A resize happens at once, inside the
 * one call that triggers it, so no call ever sees two tables.
 * <p>
 * There are as many slots as buckets; freed slots are reused through a free list threaded through
 * the chain links, and a shrink compacts the live slots to the front.
 */
abstract class HashSlots {

	private static final int MIN_BUCKETS = 4;

	private static final byte[][] NO_KEYS = {};

	private static final int[] NO_INTS = {};

	byte[][] keys = NO_KEYS;

	int[] hashes = NO_INTS;

	/** Chain links: the next slot + 1 (0 ends the chain); for a free slot, the next free slot + 1. */
	private int[] next = NO_INTS;

	/** The first slot + 1 of each bucket's chain; 0 for an empty bucket. */
	private int[] buckets = NO_INTS;

	private int size;

	/** Slots below this index have been handed out at least once. */
	private int top;

	/** First free slot + 1, 0 if none. */
	private int free;

	/** Where this table's share of the memory estimate is added up. */
	MemoryTally tally = new MemoryTally();

	/** While set the table never shrinks, so a {@link #scan} in progress meets no bucket twice. */
	private boolean shrinkHeld;

	/** Resizes the subclass's per-slot arrays to the new slot capacity, keeping slots below it. */
	abstract void resizeSlots(int capacity);

	/** Moves a slot's values down to a lower, free slot while the table compacts. */
	abstract void moveSlot(int from, int to);

	/** Drops the references a freed slot holds. */
	abstract void clearSlot(int slot);

	final int size() {
		return this.size;
	}

	/** The slot holding the key, or -1. */
	final int find(byte[] key, int hash) {
		int[] b = this.buckets;
		if (b.length == 0) {
			return -1;
		}
		for (int s = b[hash & (b.length - 1)]; s != 0; s = this.next[s - 1]) {
			int slot = s - 1;
			if (this.hashes[slot] == hash && Arrays.equals(this.keys[slot], key)) {
				return slot;
			}
		}
		return -1;
	}

	/** Adds a key that is not in the table yet and returns its slot, whose values the caller sets. */
	final int add(byte[] key, int hash) {
		if (this.size >= this.buckets.length) {
			rebuild(Math.max(MIN_BUCKETS, Integer.highestOneBit(this.size) << 1));
		}
		int slot;
		if (this.free != 0) {
			slot = this.free - 1;
			this.free = this.next[slot];
		}
		else {
			slot = this.top++;
		}
		this.keys[slot] = key;
		this.hashes[slot] = hash;
		int bucket = hash & (this.buckets.length - 1);
		this.next[slot] = this.buckets[bucket];
		this.buckets[bucket] = slot + 1;
		this.size++;
		return slot;
	}

	/** Removes the entry in the slot (found with {@link #find}); the slot's values are cleared. */
	final void remove(int slot) {
		int bucket = this.hashes[slot] & (this.buckets.length - 1);
		int s = this.buckets[bucket];
		if (s == slot + 1) {
			this.buckets[bucket] = this.next[slot];
		}
		else {
			while (this.next[s - 1] != slot + 1) {
				s = this.next[s - 1];
			}
			this.next[s - 1] = this.next[slot];
		}
		removing(slot);
		this.keys[slot] = null;
		clearSlot(slot);
		this.next[slot] = this.free;
		this.free = slot + 1;
		this.size--;
		if (!this.shrinkHeld && this.buckets.length > MIN_BUCKETS && this.size * 10L < this.buckets.length) {
			rebuild(Math.max(MIN_BUCKETS, this.size == 0 ? 0 : Integer.highestOneBit(this.size - 1) << 1));
		}
	}

	/** Empties the table and gives its memory back. */
	final void clear() {
		this.tally.bytes -= structureBytes();
		this.keys = NO_KEYS;
		this.hashes = NO_INTS;
		this.next = NO_INTS;
		this.buckets = NO_INTS;
		this.size = 0;
		this.top = 0;
		this.free = 0;
		resizeSlots(0);
		resetData();
	}

	/** Heap held by the table's own arrays at their current capacity (array headers included). */
	final long structureBytes() {
		if (this.keys.length == 0) {
			return 0; // an empty table shares constant empty arrays
		}
		return 4L * (this.keys.length + this.hashes.length + this.next.length + this.buckets.length) + 64 + slotBytes();
	}

	/** Heap held by a subclass's per-slot arrays. */
	abstract long slotBytes();

	/** Called when an entry is removed for good (not when compaction moves it), while its key is still there. */
	void removing(int slot) {
	}

	/** Forgets whatever a subclass counts about its entries, when the table is emptied. */
	void resetData() {
	}

	/**
	 * Visits the entries of the bucket the cursor names and returns the next cursor, 0 once every
	 * bucket has been visited. This is Redis's {@code dictScan} on a table that is never mid-rehash:
	 * the cursor's bits are incremented from the top, so growth and shrinking between calls neither
	 * skip buckets nor (except for buckets split by growth) repeat them.
	 */
	final long scan(long cursor, IntConsumer visitor) {
		if (this.size == 0) {
			return 0;
		}
		long mask = this.buckets.length - 1;
		for (int s = this.buckets[(int) (cursor & mask)]; s != 0; s = this.next[s - 1]) {
			visitor.accept(s - 1);
		}
		long v = cursor | ~mask;
		return Long.reverse(Long.reverse(v) + 1);
	}

	/**
	 * Keeps the table from shrinking (it may still grow) while a long scan runs: a growing table
	 * splits buckets the cursor has passed into buckets it has passed, but a shrinking one merges
	 * visited buckets with unvisited ones, and the scan would return their entries twice.
	 */
	final void holdShrinking(boolean hold) {
		this.shrinkHeld = hold;
	}

	/**
	 * Whether a scan whose next cursor is {@code cursor} has already visited the bucket the hash
	 * falls in: cursors advance on reversed bits, so that order decides, and it survives growth.
	 */
	final boolean scannedBefore(long cursor, int hash) {
		if (this.buckets.length == 0) {
			return false;
		}
		long bucket = hash & (this.buckets.length - 1);
		return Long.compareUnsigned(Long.reverse(bucket), Long.reverse(cursor)) < 0;
	}

	/** A slot chosen uniformly among the entries, or -1 when the table is empty. */
	final int randomSlot(RandomGenerator random) {
		if (this.size == 0) {
			return -1;
		}
		// At least a tenth of the slots handed out are live (a sparser table shrinks), so this ends quickly.
		while (true) {
			int slot = random.nextInt(this.top);
			if (this.keys[slot] != null) {
				return slot;
			}
		}
	}

	final void forEachSlot(IntConsumer visitor) {
		for (int slot = 0; slot < this.top; slot++) {
			if (this.keys[slot] != null) {
				visitor.accept(slot);
			}
		}
	}

	/** Buckets in the table; tests use it to watch resizes. */
	final int bucketCount() {
		return this.buckets.length;
	}

	private void rebuild(int capacity) {
		long before = structureBytes();
		if (this.size < this.top) {
			// Compact the live slots to the front; the free list goes with the holes.
			int to = 0;
			for (int from = 0; from < this.top; from++) {
				if (this.keys[from] != null) {
					if (from != to) {
						this.keys[to] = this.keys[from];
						this.hashes[to] = this.hashes[from];
						moveSlot(from, to);
						this.keys[from] = null;
						clearSlot(from);
					}
					to++;
				}
			}
			this.top = to;
		}
		this.free = 0;
		this.keys = Arrays.copyOf(this.keys, capacity);
		this.hashes = Arrays.copyOf(this.hashes, capacity);
		this.next = new int[capacity];
		resizeSlots(capacity);
		int[] b = new int[capacity];
		int mask = capacity - 1;
		for (int slot = 0; slot < this.top; slot++) {
			int bucket = this.hashes[slot] & mask;
			this.next[slot] = b[bucket];
			b[bucket] = slot + 1;
		}
		this.buckets = b;
		this.tally.bytes += structureBytes() - before;
	}

}
