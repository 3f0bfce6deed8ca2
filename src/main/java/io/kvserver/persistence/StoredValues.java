package io.kvserver.persistence;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.kvserver.persistence.rdb.RdbValue;
import io.kvserver.persistence.rdb.RdbValue.ListData;
import io.kvserver.persistence.rdb.RdbValue.SortedSetData;
import io.kvserver.persistence.rdb.RdbValue.StringData;
import io.kvserver.store.ElementSink;
import io.kvserver.store.ListValue;
import io.kvserver.store.MutableString;
import io.kvserver.store.ZSetValue;

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

	/** list-max-listpack-size's default, for lists loaded from a file. */
	private static final int DEFAULT_LIST_FILL = -2;

	/** zset-max-listpack-entries and -value's defaults, for sorted sets loaded from a file. */
	private static final long DEFAULT_ZSET_MAX_LISTPACK_ENTRIES = 128;

	private static final long DEFAULT_ZSET_MAX_LISTPACK_VALUE = 64;

	private StoredValues() {
	}

	public static RdbValue toRdb(Object value) {
		if (value instanceof byte[] bytes) {
			return new StringData(bytes);
		}
		if (value instanceof MutableString string) {
			return new StringData(string.toByteArray());
		}
		if (value instanceof ListValue list) {
			return new ListData(elements(list));
		}
		if (value instanceof ZSetValue zset) {
			List<byte[]> members = new ArrayList<>((int) zset.size());
			double[] scores = new double[(int) zset.size()];
			int i = 0;
			for (ZSetValue.Cursor c = zset.all(false); c.valid(); c.advance()) {
				members.add(c.member().clone());
				scores[i++] = c.score();
			}
			return new SortedSetData(members, scores);
		}
		throw new IllegalStateException("no RDB mapping for stored values of " + value.getClass());
	}

	/** The value to store for a loaded one; a type the store does not have yet is refused. */
	public static Object fromRdb(RdbValue value) {
		if (value instanceof StringData string) {
			return string.value();
		}
		if (value instanceof ListData list) {
			ListValue stored = ListValue.create(DEFAULT_LIST_FILL, 0);
			for (byte[] element : list.elements()) {
				stored.push(element, false);
			}
			return stored;
		}
		if (value instanceof SortedSetData zset) {
			long longest = 0;
			for (byte[] member : zset.members()) {
				longest = Math.max(longest, member.length);
			}
			ZSetValue stored = ZSetValue.create(zset.members().size(), longest, DEFAULT_ZSET_MAX_LISTPACK_ENTRIES,
					DEFAULT_ZSET_MAX_LISTPACK_VALUE);
			for (int i = 0; i < zset.members().size(); i++) {
				stored.add(zset.scores()[i], zset.members().get(i), 0, DEFAULT_ZSET_MAX_LISTPACK_ENTRIES,
						DEFAULT_ZSET_MAX_LISTPACK_VALUE);
			}
			return stored;
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

	/** A copy of every element, head first (a listpack's integer entries as their decimal text). */
	private static List<byte[]> elements(ListValue list) {
		List<byte[]> elements = new ArrayList<>((int) list.size());
		if (!list.isEmpty()) {
			list.range(0, list.size(), false, new ElementSink() {

				@Override
				public void string(byte[] bytes, int offset, int length) {
					elements.add(Arrays.copyOfRange(bytes, offset, offset + length));
				}

				@Override
				public void integer(long value) {
					elements.add(Long.toString(value).getBytes(StandardCharsets.US_ASCII));
				}

			});
		}
		return elements;
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
