package io.kvserver.persistence.rdb;

import java.util.List;

/**
 * A value as an RDB file holds it, in neutral form: whatever encoding the file used (listpack,
 * ziplist, intset, quicklist, plain), a list is its elements, a hash its fields and values, and so
 * on. The store's value types are built from these on load and turned into these on save (see
 * {@code io.kvserver.persistence.StoredValues}); integers are their decimal text, as Redis
 * replies with them.
 */
public sealed interface RdbValue {

	record StringData(byte[] value) implements RdbValue {
	}

	record ListData(List<byte[]> elements) implements RdbValue {
	}

	record SetData(List<byte[]> members) implements RdbValue {
	}

	/** Fields and values side by side: {@code fields.get(i)} holds {@code values.get(i)}. */
	record HashData(List<byte[]> fields, List<byte[]> values) implements RdbValue {
	}

	/** Members and their scores side by side, in no particular order. */
	record SortedSetData(List<byte[]> members, double[] scores) implements RdbValue {
	}

	/**
	 * A stream: its live entries in ID order and its metadata, as XINFO STREAM FULL shows them.
	 * @param length entries in the stream (XLEN)
	 */
	record StreamData(List<StreamEntry> entries, long length, StreamId lastId, StreamId firstId,
			StreamId maxDeletedId, long entriesAdded, List<ConsumerGroup> groups) implements RdbValue {
	}

	record StreamId(long ms, long seq) {

		public static final StreamId ZERO = new StreamId(0, 0);

	}

	/** One entry: its ID and its fields and values alternating. */
	record StreamEntry(StreamId id, List<byte[]> fieldsAndValues) {
	}

	record ConsumerGroup(byte[] name, StreamId lastId, long entriesRead, List<PendingEntry> pending,
			List<Consumer> consumers) {
	}

	/** An entry delivered and not yet acknowledged: who has it is in {@link Consumer#pending}. */
	record PendingEntry(StreamId id, long deliveryTimeMillis, long deliveryCount) {
	}

	record Consumer(byte[] name, long seenTimeMillis, List<StreamId> pending) {
	}

}
