package io.kvserver.persistence.rdb;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.kvserver.persistence.rdb.RdbValue.ConsumerGroup;
import io.kvserver.persistence.rdb.RdbValue.HashData;
import io.kvserver.persistence.rdb.RdbValue.ListData;
import io.kvserver.persistence.rdb.RdbValue.PendingEntry;
import io.kvserver.persistence.rdb.RdbValue.SetData;
import io.kvserver.persistence.rdb.RdbValue.SortedSetData;
import io.kvserver.persistence.rdb.RdbValue.StreamData;
import io.kvserver.persistence.rdb.RdbValue.StreamEntry;
import io.kvserver.persistence.rdb.RdbValue.StreamId;
import io.kvserver.persistence.rdb.RdbValue.StringData;
import io.kvserver.protocol.Doubles;
import io.kvserver.util.Numbers;

/**
 * Writes a value in the RDB type and encoding Redis 7.0 would use for the same data built by
 * commands under its default thresholds: small hashes and sorted sets as listpacks, sets of
 * integers as intsets, lists as quicklist 2 of listpack nodes of about 8 KB, streams as listpack
 * nodes of up to 100 entries (rdb.c's rdbSaveObjectType and rdbSaveObject).
 */
public final class RdbValueWriter {

	/** Redis 7.0's defaults for the compact encodings. */
	private static final int HASH_MAX_LISTPACK_ENTRIES = 512;

	private static final int HASH_MAX_LISTPACK_VALUE = 64;

	private static final int SET_MAX_INTSET_ENTRIES = 512;

	private static final int ZSET_MAX_LISTPACK_ENTRIES = 128;

	private static final int ZSET_MAX_LISTPACK_VALUE = 64;

	/** list-max-listpack-size -2: nodes of at most 8 KB. */
	private static final int LIST_NODE_BYTES = 8192;

	private static final int STREAM_NODE_MAX_BYTES = 4096;

	private static final int STREAM_NODE_MAX_ENTRIES = 100;

	private RdbValueWriter() {
	}

	/** The RDB type byte this value is written with. */
	public static int type(RdbValue value) {
		return switch (value) {
			case StringData s -> Rdb.TYPE_STRING;
			case ListData l -> Rdb.TYPE_LIST_QUICKLIST_2;
			case SetData s -> integers(s.members()) != null ? Rdb.TYPE_SET_INTSET : Rdb.TYPE_SET;
			case HashData h -> compact(h.fields(), h.values(), HASH_MAX_LISTPACK_ENTRIES, HASH_MAX_LISTPACK_VALUE)
					? Rdb.TYPE_HASH_LISTPACK : Rdb.TYPE_HASH;
			case SortedSetData z -> compact(z.members(), List.of(), ZSET_MAX_LISTPACK_ENTRIES, ZSET_MAX_LISTPACK_VALUE)
					? Rdb.TYPE_ZSET_LISTPACK : Rdb.TYPE_ZSET_2;
			case StreamData s -> Rdb.TYPE_STREAM_LISTPACKS_2;
		};
	}

	/** The value's body in the encoding {@link #type} names (the type byte and the key are the caller's). */
	public static void write(RdbValue value, RdbOutput out) throws IOException {
		switch (value) {
			case StringData s -> out.writeString(s.value());
			case ListData l -> writeList(l.elements(), out);
			case SetData s -> writeSet(s.members(), out);
			case HashData h -> writeHash(h, out);
			case SortedSetData z -> writeSortedSet(z, out);
			case StreamData s -> writeStream(s, out);
		}
	}

	private static boolean compact(List<byte[]> keys, List<byte[]> values, int maxEntries, int maxValue) {
		if (keys.size() > maxEntries) {
			return false;
		}
		for (byte[] k : keys) {
			if (k.length > maxValue) {
				return false;
			}
		}
		for (byte[] v : values) {
			if (v.length > maxValue) {
				return false;
			}
		}
		return true;
	}

	/** The members as longs if every one is an integer and there are few enough for an intset; else null. */
	private static long[] integers(List<byte[]> members) {
		if (members.size() > SET_MAX_INTSET_ENTRIES || members.isEmpty()) {
			return null;
		}
		long[] values = new long[members.size()];
		long[] parsed = new long[1];
		for (int i = 0; i < values.length; i++) {
			byte[] m = members.get(i);
			if (m.length > 20 || !Numbers.parseLong(m, parsed)) {
				return null;
			}
			values[i] = parsed[0];
		}
		return values;
	}

	private static void writeList(List<byte[]> elements, RdbOutput out) throws IOException {
		List<byte[]> nodes = new ArrayList<>();
		Listpack.Builder node = new Listpack.Builder();
		for (byte[] element : elements) {
			if (node.count() > 0 && node.size() + element.length + 11 > LIST_NODE_BYTES) {
				nodes.add(node.build());
				node = new Listpack.Builder();
			}
			node.add(element);
		}
		if (node.count() > 0) {
			nodes.add(node.build());
		}
		out.writeLength(nodes.size());
		for (byte[] lp : nodes) {
			out.writeLength(Rdb.QUICKLIST_NODE_PACKED);
			out.writeString(lp);
		}
	}

	private static void writeSet(List<byte[]> members, RdbOutput out) throws IOException {
		long[] integers = integers(members);
		if (integers != null) {
			out.writeString(Intset.write(integers));
			return;
		}
		out.writeLength(members.size());
		for (byte[] member : members) {
			out.writeString(member);
		}
	}

	private static void writeHash(HashData hash, RdbOutput out) throws IOException {
		if (type(hash) == Rdb.TYPE_HASH_LISTPACK) {
			Listpack.Builder lp = new Listpack.Builder();
			for (int i = 0; i < hash.fields().size(); i++) {
				lp.add(hash.fields().get(i)).add(hash.values().get(i));
			}
			out.writeString(lp.build());
			return;
		}
		out.writeLength(hash.fields().size());
		for (int i = 0; i < hash.fields().size(); i++) {
			out.writeString(hash.fields().get(i));
			out.writeString(hash.values().get(i));
		}
	}

	/** Sorted by score then member, as Redis keeps them; the plain form from the greatest down, as Redis saves it. */
	private static void writeSortedSet(SortedSetData zset, RdbOutput out) throws IOException {
		Integer[] order = new Integer[zset.members().size()];
		for (int i = 0; i < order.length; i++) {
			order[i] = i;
		}
		java.util.Arrays.sort(order, (a, b) -> {
			int byScore = Double.compare(zset.scores()[a], zset.scores()[b]);
			return byScore != 0 ? byScore : java.util.Arrays.compareUnsigned(zset.members().get(a), zset.members().get(b));
		});
		if (type(zset) == Rdb.TYPE_ZSET_LISTPACK) {
			Listpack.Builder lp = new Listpack.Builder();
			for (int i : order) {
				lp.add(zset.members().get(i)).add(Doubles.format17g(zset.scores()[i]).getBytes(StandardCharsets.US_ASCII));
			}
			out.writeString(lp.build());
			return;
		}
		out.writeLength(order.length);
		for (int i = order.length - 1; i >= 0; i--) {
			out.writeString(zset.members().get(order[i]));
			out.writeBinaryDouble(zset.scores()[order[i]]);
		}
	}

	private static void writeStream(StreamData stream, RdbOutput out) throws IOException {
		List<byte[][]> nodes = streamNodes(stream.entries());
		out.writeLength(nodes.size());
		for (byte[][] node : nodes) {
			out.writeString(node[0]);
			out.writeString(node[1]);
		}
		out.writeLength(stream.length());
		writeId(stream.lastId(), out);
		writeId(stream.firstId(), out);
		writeId(stream.maxDeletedId(), out);
		out.writeLength(stream.entriesAdded());
		out.writeLength(stream.groups().size());
		for (ConsumerGroup group : stream.groups()) {
			out.writeString(group.name());
			writeId(group.lastId(), out);
			out.writeLength(group.entriesRead());
			out.writeLength(group.pending().size());
			for (PendingEntry entry : group.pending()) {
				writeRawId(entry.id(), out);
				out.writeMillis(entry.deliveryTimeMillis());
				out.writeLength(entry.deliveryCount());
			}
			out.writeLength(group.consumers().size());
			for (RdbValue.Consumer consumer : group.consumers()) {
				out.writeString(consumer.name());
				out.writeMillis(consumer.seenTimeMillis());
				out.writeLength(consumer.pending().size());
				for (StreamId id : consumer.pending()) {
					writeRawId(id, out);
				}
			}
		}
	}

	/**
	 * The stream's listpack nodes as t_stream.c's streamAppendItem builds them: each node keyed by
	 * its first entry's ID, whose fields become the master fields that later entries with the same
	 * fields omit.
	 */
	private static List<byte[][]> streamNodes(List<StreamEntry> entries) {
		List<byte[][]> nodes = new ArrayList<>();
		int i = 0;
		while (i < entries.size()) {
			StreamEntry first = entries.get(i);
			List<byte[]> masterFields = new ArrayList<>();
			for (int f = 0; f < first.fieldsAndValues().size(); f += 2) {
				masterFields.add(first.fieldsAndValues().get(f));
			}
			List<byte[]> body = new ArrayList<>();
			int count = 0;
			int bytes = 0;
			while (i < entries.size() && count < STREAM_NODE_MAX_ENTRIES && (count == 0 || bytes < STREAM_NODE_MAX_BYTES)) {
				StreamEntry entry = entries.get(i);
				int fields = entry.fieldsAndValues().size() / 2;
				boolean same = sameFields(entry, masterFields);
				body.add(Numbers.toBytes(same ? 2 : 0));
				body.add(Numbers.toBytes(entry.id().ms() - first.id().ms()));
				body.add(Numbers.toBytes(entry.id().seq() - first.id().seq()));
				if (!same) {
					body.add(Numbers.toBytes(fields));
				}
				for (int f = 0; f < entry.fieldsAndValues().size(); f++) {
					if (!same || f % 2 == 1) {
						body.add(entry.fieldsAndValues().get(f));
						bytes += entry.fieldsAndValues().get(f).length + 2;
					}
				}
				body.add(Numbers.toBytes(fields + 3 + (same ? 0 : fields + 1)));
				bytes += 8;
				count++;
				i++;
			}
			Listpack.Builder lp = new Listpack.Builder().add(count).add(0).add(masterFields.size());
			masterFields.forEach(lp::add);
			lp.add(0);
			body.forEach(lp::add);
			byte[] key = new byte[16];
			putBigEndian(key, 0, first.id().ms());
			putBigEndian(key, 8, first.id().seq());
			nodes.add(new byte[][] { key, lp.build() });
		}
		return nodes;
	}

	private static boolean sameFields(StreamEntry entry, List<byte[]> masterFields) {
		if (entry.fieldsAndValues().size() != masterFields.size() * 2) {
			return false;
		}
		for (int f = 0; f < masterFields.size(); f++) {
			if (!java.util.Arrays.equals(entry.fieldsAndValues().get(2 * f), masterFields.get(f))) {
				return false;
			}
		}
		return true;
	}

	private static void writeId(StreamId id, RdbOutput out) throws IOException {
		out.writeLength(id.ms());
		out.writeLength(id.seq());
	}

	private static void writeRawId(StreamId id, RdbOutput out) throws IOException {
		byte[] raw = new byte[16];
		putBigEndian(raw, 0, id.ms());
		putBigEndian(raw, 8, id.seq());
		out.write(raw);
	}

	private static void putBigEndian(byte[] bytes, int offset, long value) {
		for (int i = 0; i < 8; i++) {
			bytes[offset + i] = (byte) (value >>> (56 - 8 * i));
		}
	}

}
