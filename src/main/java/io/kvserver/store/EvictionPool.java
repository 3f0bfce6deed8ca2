package io.kvserver.store;

import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * The best eviction candidates met so far, as Redis's evictionPoolPopulate keeps them: sixteen
 * entries in ascending order of score (a higher score is a better candidate), filled by sampling
 * every database ({@link Keyspace#sampleForEviction}) and emptied from the best end. Keeping the
 * pool between evictions is what makes Redis's approximated LRU and LFU close to the real thing
 * with only a few samples per round.
 */
public final class EvictionPool {

	/** How a sampled key is scored. */
	public enum Score {

		/** Milliseconds since the last access (the LRU policies). */
		IDLE,

		/** 255 minus the decayed access counter (the LFU policies). */
		FREQUENCY,

		/** The sooner the deadline the higher, compared unsigned (volatile-ttl). */
		TTL

	}

	static final int SIZE = 16;

	private final Score score;

	private final byte[][] keys = new byte[SIZE][];

	private final int[] dbs = new int[SIZE];

	/** Compared unsigned, as Redis's unsigned long long idle. */
	private final long[] scores = new long[SIZE];

	public EvictionPool(Score score) {
		this.score = score;
	}

	public Score score() {
		return this.score;
	}

	/** A candidate popped from the pool: a key of database {@code db} (which may be gone by now). */
	public record Candidate(byte[] key, int db) {
	}

	/**
	 * Offers one sampled key, which takes its place if it beats the worst of a full pool. A key the
	 * pool holds already is left where it is: sampling picks slots independently and may pick one
	 * twice, where Redis's dictGetSomeKeys returns distinct keys.
	 */
	void offer(byte[] key, int db, long score) {
		if (holds(key, db)) {
			return;
		}
		int k = 0;
		while (k < SIZE && this.keys[k] != null && Long.compareUnsigned(this.scores[k], score) < 0) {
			k++;
		}
		if (k == 0 && this.keys[SIZE - 1] != null) {
			return; // worse than everything in a full pool
		}
		if (k < SIZE && this.keys[k] == null) {
			// an empty place: nothing to move
		}
		else if (this.keys[SIZE - 1] == null) {
			shift(k, k + 1, SIZE - k - 1); // room on the right
		}
		else {
			k--; // full: drop the worst (leftmost), shifting the ones before k left
			shift(1, 0, k);
		}
		this.keys[k] = key;
		this.dbs[k] = db;
		this.scores[k] = score;
	}

	/** Removes and returns the best candidate, or null when the pool is empty. */
	public @Nullable Candidate popBest() {
		for (int k = SIZE - 1; k >= 0; k--) {
			byte[] key = this.keys[k];
			if (key != null) {
				this.keys[k] = null;
				this.scores[k] = 0;
				return new Candidate(key, this.dbs[k]);
			}
		}
		return null;
	}

	/** Forgets every candidate (after a flush, or when the policy changes). */
	public void clear() {
		for (int k = 0; k < SIZE; k++) {
			this.keys[k] = null;
			this.scores[k] = 0;
		}
	}

	private boolean holds(byte[] key, int db) {
		for (int k = 0; k < SIZE; k++) {
			byte[] held = this.keys[k];
			if (held == null) {
				return false; // the empty places are all on the right
			}
			if (this.dbs[k] == db && Arrays.equals(held, key)) {
				return true;
			}
		}
		return false;
	}

	private void shift(int from, int to, int count) {
		System.arraycopy(this.keys, from, this.keys, to, count);
		System.arraycopy(this.dbs, from, this.dbs, to, count);
		System.arraycopy(this.scores, from, this.scores, to, count);
	}

}
