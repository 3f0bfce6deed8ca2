package io.kvserver.persistence;

import io.kvserver.persistence.rdb.RdbValue;
import io.kvserver.persistence.rdb.RdbValue.StringData;
import io.kvserver.store.MutableString;

/**
 * The one place where the store's value types meet RDB's: a stored value becomes a neutral
 * {@link RdbValue} to be written, and a loaded one becomes a stored value. Each type the store
 * gains adds a case to both methods (see docs/persistence.md, "Adding a type"); the RDB encodings
 * themselves are already read and written in {@code persistence.rdb}.
 * <p>
 * {@link #toRdb} must return something later writes cannot change: a background save keeps it
 * while clients go on writing. Immutable strings are shared, anything mutable is copied.
 */
public final class StoredValues {

	private StoredValues() {
	}

	public static RdbValue toRdb(Object value) {
		if (value instanceof byte[] bytes) {
			return new StringData(bytes);
		}
		if (value instanceof MutableString string) {
			return new StringData(string.toByteArray());
		}
		throw new IllegalStateException("no RDB mapping for stored values of " + value.getClass());
	}

	/** The value to store for a loaded one; a type the store does not have yet is refused. */
	public static Object fromRdb(RdbValue value) {
		if (value instanceof StringData string) {
			return string.value();
		}
		throw new UnsupportedTypeException(switch (value) {
			case RdbValue.ListData l -> "list";
			case RdbValue.SetData s -> "set";
			case RdbValue.HashData h -> "hash";
			case RdbValue.SortedSetData z -> "zset";
			case RdbValue.StreamData s -> "stream";
			case StringData s -> "string";
		});
	}

	/** Whether a loaded value is an empty collection, which Redis skips on load. */
	public static boolean isEmpty(RdbValue value) {
		return switch (value) {
			case StringData s -> false;
			case RdbValue.ListData l -> l.elements().isEmpty();
			case RdbValue.SetData s -> s.members().isEmpty();
			case RdbValue.HashData h -> h.fields().isEmpty();
			case RdbValue.SortedSetData z -> z.members().isEmpty();
			case RdbValue.StreamData s -> false;
		};
	}

	/** A value of a type this build of kvserver cannot hold. */
	public static final class UnsupportedTypeException extends RuntimeException {

		public UnsupportedTypeException(String type) {
			super("kvserver cannot hold " + type + " values yet");
		}

	}

}
