package io.kvserver.command.zsets;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

import io.kvserver.command.CommandException;
import io.kvserver.store.ZSetValue;

/**
 * An input of ZUNION, ZINTER and ZDIFF (Redis's zsetopsrc): a sorted set, or nothing for a missing
 * key; any other type is WRONGTYPE. Each input has a weight (WEIGHTS, 1 by default).
 */
final class ScoredSource {

	/** The stored value, or null: inputs are compared by identity (the same key given twice). */
	final Object value;

	double weight = 1;

	private ScoredSource(Object value) {
		this.value = value;
	}

	static ScoredSource of(Object stored) {
		if (stored != null && !(stored instanceof ZSetValue)) {
			throw CommandException.wrongType();
		}
		return new ScoredSource(stored);
	}

	/** A member and its score, as the input holds it (before the weight). */
	record Element(byte[] member, double score) {
	}

	long size() {
		return this.value instanceof ZSetValue zset ? zset.size() : 0;
	}

	/** The member's score, NaN if the input does not hold it. */
	double score(byte[] member) {
		return this.value instanceof ZSetValue zset ? zset.score(member) : Double.NaN;
	}

	Iterable<Element> elements() {
		if (!(this.value instanceof ZSetValue zset)) {
			return List.of();
		}
		return () -> new Iterator<>() {

			private final ZSetValue.Cursor cursor = zset.all(true); // from the top down, as Redis's zuiNext

			@Override
			public boolean hasNext() {
				return this.cursor.valid();
			}

			@Override
			public Element next() {
				if (!this.cursor.valid()) {
					throw new NoSuchElementException();
				}
				Element e = new Element(this.cursor.member(), this.cursor.score());
				this.cursor.advance();
				return e;
			}

		};
	}

}
