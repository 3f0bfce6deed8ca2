package io.kvserver.command.sort;

import java.util.function.Consumer;

import io.kvserver.store.ListValue;
import io.kvserver.store.ZSetValue;

/** The elements SORT reads from a list or a sorted set (nothing for a missing key). */
final class SortSource {

	private SortSource() {
	}

	static boolean isSet(Object value) {
		return false;
	}

	static long size(Object value) {
		if (value instanceof ListValue list) {
			return list.size();
		}
		if (value instanceof ZSetValue zset) {
			return zset.size();
		}
		return 0;
	}

	/** Every element, in the order Redis loads them: a list from its head, a sorted set's members in its table's order. */
	static void all(Object value, Consumer<byte[]> into) {
		if (value instanceof ListValue list && !list.isEmpty()) {
			list.range(0, list.size(), false, SortCommands.copying(into));
		}
		else if (value instanceof ZSetValue zset) {
			zset.forEachInTableOrder(into);
		}
	}

	/** {@code count} elements from position {@code start} in the native order, or from the end with {@code desc}. */
	static void range(Object value, long start, long count, boolean desc, Consumer<byte[]> into) {
		if (value instanceof ListValue list) {
			list.range(desc ? list.size() - start - 1 : start, count, desc, SortCommands.copying(into));
		}
		else if (value instanceof ZSetValue zset) {
			ZSetValue.Cursor cursor = zset.atRank(start, desc);
			for (long i = 0; i < count && cursor.valid(); i++) {
				into.accept(cursor.member());
				cursor.advance();
			}
		}
	}

}
