package io.kvserver.store;

import java.util.Arrays;

/**
 * A range of a sorted set's members, by score (ZRANGEBYSCORE's {@code (1 5}) or by member bytes
 * (ZRANGEBYLEX's {@code [a (c}), with Redis's tests for its two ends (zslValueGteMin /
 * zslValueLteMax, zslLexValueGteMin / zslLexValueLteMax).
 */
public sealed interface ZRange {

	/** Whether a member with this score is at or above the range's lower end. */
	boolean aboveMin(double score, byte[] member);

	/** Whether a member with this score is at or below the range's upper end. */
	boolean belowMax(double score, byte[] member);

	/** Whether the range is empty whatever the set (min above max, or equal and an end open). */
	boolean isEmpty();

	/** Whether comparisons need the member (lexicographic ranges) rather than only the score. */
	boolean byMember();

	/** Scores from min to max, each end included or not. */
	record ByScore(double min, boolean minExclusive, double max, boolean maxExclusive) implements ZRange {

		@Override
		public boolean aboveMin(double score, byte[] member) {
			return this.minExclusive ? score > this.min : score >= this.min;
		}

		@Override
		public boolean belowMax(double score, byte[] member) {
			return this.maxExclusive ? score < this.max : score <= this.max;
		}

		@Override
		public boolean isEmpty() {
			return this.min > this.max || (this.min == this.max && (this.minExclusive || this.maxExclusive));
		}

		@Override
		public boolean byMember() {
			return false;
		}

	}

	/**
	 * Members from min to max in byte order; a null bound with {@code minusInfinity}/{@code
	 * plusInfinity} stands for Redis's "-" and "+", below and above every string.
	 */
	record ByLex(Bound min, Bound max) implements ZRange {

		/** One end: "-", "+", or a string, exclusive ("(a") or not ("[a"). */
		public record Bound(byte[] value, boolean exclusive, int infinity) {

			public static final Bound MINUS = new Bound(null, true, -1);

			public static final Bound PLUS = new Bound(null, true, 1);

			public static Bound of(byte[] value, boolean exclusive) {
				return new Bound(value, exclusive, 0);
			}

		}

		/** Redis's sdscmplex: "-" below everything, "+" above, equal sentinels equal. */
		static int compare(byte[] value, Bound bound) {
			if (bound.infinity != 0) {
				return -bound.infinity;
			}
			return Arrays.compareUnsigned(value, bound.value);
		}

		@Override
		public boolean aboveMin(double score, byte[] member) {
			int cmp = compare(member, this.min);
			return this.min.exclusive ? cmp > 0 : cmp >= 0;
		}

		@Override
		public boolean belowMax(double score, byte[] member) {
			int cmp = compare(member, this.max);
			return this.max.exclusive ? cmp < 0 : cmp <= 0;
		}

		@Override
		public boolean isEmpty() {
			int cmp;
			if (this.min.infinity != 0 || this.max.infinity != 0) {
				cmp = Integer.compare(this.min.infinity, this.max.infinity);
				if (this.min.infinity == 0) {
					cmp = -this.max.infinity;
				}
				else if (this.max.infinity == 0) {
					cmp = this.min.infinity;
				}
			}
			else {
				cmp = Arrays.compareUnsigned(this.min.value, this.max.value);
			}
			return cmp > 0 || (cmp == 0 && (this.min.exclusive || this.max.exclusive));
		}

		@Override
		public boolean byMember() {
			return true;
		}

	}

}
