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

/**
 * Reads one value of a given RDB type (rdb.c's rdbLoadObject) in every encoding a Redis 7.0 file
 * may hold, the ziplist- and zipmap-era ones included, into neutral {@link RdbValue}s.
 */
public final class RdbValueReader {

	private static final int STREAM_FLAG_DELETED = 1;

	private static final int STREAM_FLAG_SAMEFIELDS = 2;

	private RdbValueReader() {
	}

	public static RdbValue read(int type, RdbInput in) throws IOException {
		return switch (type) {
			case Rdb.TYPE_STRING -> new StringData(in.readString());
			case Rdb.TYPE_LIST -> new ListData(strings(in, in.readCount()));
			case Rdb.TYPE_SET -> new SetData(strings(in, in.readCount()));
			case Rdb.TYPE_ZSET, Rdb.TYPE_ZSET_2 -> plainSortedSet(in, type == Rdb.TYPE_ZSET_2);
			case Rdb.TYPE_HASH -> plainHash(in);
			case Rdb.TYPE_HASH_ZIPMAP -> hash(Zipmap.read(in.readString()));
			case Rdb.TYPE_LIST_ZIPLIST -> new ListData(Ziplist.read(in.readString()));
			case Rdb.TYPE_SET_INTSET -> new SetData(Intset.read(in.readString()));
			case Rdb.TYPE_ZSET_ZIPLIST -> sortedSet(Ziplist.read(in.readString()));
			case Rdb.TYPE_HASH_ZIPLIST -> hash(Ziplist.read(in.readString()));
			case Rdb.TYPE_LIST_QUICKLIST -> quicklist(in, false);
			case Rdb.TYPE_LIST_QUICKLIST_2 -> quicklist(in, true);
			case Rdb.TYPE_HASH_LISTPACK -> hash(Listpack.read(in.readString()));
			case Rdb.TYPE_ZSET_LISTPACK -> sortedSet(Listpack.read(in.readString()));
			case Rdb.TYPE_STREAM_LISTPACKS, Rdb.TYPE_STREAM_LISTPACKS_2 ->
				stream(in, type == Rdb.TYPE_STREAM_LISTPACKS_2);
			case Rdb.TYPE_MODULE, Rdb.TYPE_MODULE_2 ->
				throw new RdbFormatException("The RDB file contains module data, which kvserver cannot load.");
			default -> throw new RdbFormatException("Unknown RDB encoding type " + type);
		};
	}

	private static List<byte[]> strings(RdbInput in, int count) throws IOException {
		List<byte[]> strings = new ArrayList<>(initialCapacity(count, in));
		for (int i = 0; i < count; i++) {
			strings.add(in.readString());
		}
		return strings;
	}

	/** A declared count is a hint, not a promise: the list grows as elements actually arrive. */
	private static int initialCapacity(long count, RdbInput in) {
		return (int) Math.min(count, Math.min(in.remaining(), 1024));
	}

	private static RdbValue plainHash(RdbInput in) throws IOException {
		int count = in.readCount();
		List<byte[]> fields = new ArrayList<>(initialCapacity(count, in));
		List<byte[]> values = new ArrayList<>(initialCapacity(count, in));
		for (int i = 0; i < count; i++) {
			fields.add(in.readString());
			values.add(in.readString());
		}
		return new HashData(fields, values);
	}

	private static RdbValue plainSortedSet(RdbInput in, boolean binaryScores) throws IOException {
		int count = in.readCount();
		List<byte[]> members = new ArrayList<>(initialCapacity(count, in));
		double[] scores = new double[initialCapacity(count, in)];
		for (int i = 0; i < count; i++) {
			members.add(in.readString());
			double score = binaryScores ? in.readBinaryDouble() : in.readTextDouble();
			if (Double.isNaN(score)) {
				throw new RdbFormatException("Zset with NAN score detected");
			}
			if (i == scores.length) {
				scores = java.util.Arrays.copyOf(scores, Math.max(16, scores.length * 2));
			}
			scores[i] = score;
		}
		return new SortedSetData(members, java.util.Arrays.copyOf(scores, count));
	}

	private static RdbValue hash(List<byte[]> alternating) {
		if (alternating.size() % 2 != 0) {
			throw new RdbFormatException("Hash with an odd number of fields and values");
		}
		List<byte[]> fields = new ArrayList<>(alternating.size() / 2);
		List<byte[]> values = new ArrayList<>(alternating.size() / 2);
		for (int i = 0; i < alternating.size(); i += 2) {
			fields.add(alternating.get(i));
			values.add(alternating.get(i + 1));
		}
		return new HashData(fields, values);
	}

	private static RdbValue sortedSet(List<byte[]> alternating) {
		if (alternating.size() % 2 != 0) {
			throw new RdbFormatException("Sorted set with an odd number of members and scores");
		}
		List<byte[]> members = new ArrayList<>(alternating.size() / 2);
		double[] scores = new double[alternating.size() / 2];
		for (int i = 0; i < alternating.size(); i += 2) {
			members.add(alternating.get(i));
			scores[i / 2] = parseScore(alternating.get(i + 1));
		}
		return new SortedSetData(members, scores);
	}

	/** A score as zzlStrtod reads it: what d2string wrote, "inf" and "-inf" included. */
	static double parseScore(byte[] text) {
		String s = new String(text, StandardCharsets.US_ASCII);
		switch (s) {
			case "inf", "+inf" -> {
				return Double.POSITIVE_INFINITY;
			}
			case "-inf" -> {
				return Double.NEGATIVE_INFINITY;
			}
			default -> {
				try {
					double score = Double.parseDouble(s);
					if (!Double.isNaN(score) && !s.isEmpty() && Character.isDigit(s.charAt(s.length() - 1))) {
						return score;
					}
				}
				catch (NumberFormatException ex) {
					// fall through
				}
				throw new RdbFormatException("Invalid sorted set score " + s);
			}
		}
	}

	private static RdbValue quicklist(RdbInput in, boolean version2) throws IOException {
		int nodes = in.readCount();
		List<byte[]> elements = new ArrayList<>();
		for (int i = 0; i < nodes; i++) {
			int container = version2 ? in.readCount() : Rdb.QUICKLIST_NODE_PACKED;
			byte[] blob = in.readString();
			if (container == Rdb.QUICKLIST_NODE_PLAIN) {
				elements.add(blob);
			}
			else if (container == Rdb.QUICKLIST_NODE_PACKED) {
				List<byte[]> node = version2 ? Listpack.read(blob) : Ziplist.read(blob);
				if (node.isEmpty()) {
					continue; // Redis skips empty nodes too
				}
				elements.addAll(node);
			}
			else {
				throw new RdbFormatException("Quicklist integrity check failed.");
			}
		}
		return new ListData(elements);
	}

	private static RdbValue stream(RdbInput in, boolean version2) throws IOException {
		int nodes = in.readCount();
		List<StreamEntry> entries = new ArrayList<>();
		for (int i = 0; i < nodes; i++) {
			byte[] nodeKey = in.readString();
			if (nodeKey.length != 16) {
				throw new RdbFormatException("Stream node key entry is not the size of a stream ID");
			}
			StreamId master = new StreamId(bigEndian(nodeKey, 0), bigEndian(nodeKey, 8));
			List<byte[]> lp = Listpack.read(in.readString());
			if (lp.isEmpty()) {
				throw new RdbFormatException("Empty listpack inside stream");
			}
			streamNode(master, lp, entries);
		}
		long length = in.readLength();
		StreamId lastId = new StreamId(in.readLength(), in.readLength());
		StreamId firstId;
		StreamId maxDeleted;
		long entriesAdded;
		if (version2) {
			firstId = new StreamId(in.readLength(), in.readLength());
			maxDeleted = new StreamId(in.readLength(), in.readLength());
			entriesAdded = in.readLength();
		}
		else {
			firstId = entries.isEmpty() ? StreamId.ZERO : entries.get(0).id();
			maxDeleted = StreamId.ZERO;
			entriesAdded = length;
		}
		int groupCount = in.readCount();
		List<ConsumerGroup> groups = new ArrayList<>();
		for (int g = 0; g < groupCount; g++) {
			byte[] name = in.readString();
			StreamId groupLast = new StreamId(in.readLength(), in.readLength());
			long entriesRead = version2 ? in.readLength() : -1;
			int pelSize = in.readCount();
			List<PendingEntry> pending = new ArrayList<>(initialCapacity(pelSize, in));
			for (int p = 0; p < pelSize; p++) {
				StreamId id = rawId(in);
				pending.add(new PendingEntry(id, in.readMillis(), in.readLength()));
			}
			int consumerCount = in.readCount();
			List<RdbValue.Consumer> consumers = new ArrayList<>(initialCapacity(consumerCount, in));
			for (int c = 0; c < consumerCount; c++) {
				byte[] consumerName = in.readString();
				long seen = in.readMillis();
				int owned = in.readCount();
				List<StreamId> ids = new ArrayList<>(initialCapacity(owned, in));
				for (int p = 0; p < owned; p++) {
					ids.add(rawId(in));
				}
				consumers.add(new RdbValue.Consumer(consumerName, seen, ids));
			}
			groups.add(new ConsumerGroup(name, groupLast, entriesRead, pending, consumers));
		}
		return new StreamData(entries, length, lastId, firstId, maxDeleted, entriesAdded, groups);
	}

	/**
	 * One listpack node of a stream (t_stream.c's layout): the master entry (count, deleted,
	 * master fields, 0), then per entry its flags, ID deltas from the node's key, its fields and
	 * values (only values when it has the master's fields) and a trailing element count.
	 */
	private static void streamNode(StreamId master, List<byte[]> lp, List<StreamEntry> into) {
		try {
			int p = 0;
			long count = number(lp.get(p++));
			long deleted = number(lp.get(p++));
			int masterFieldCount = (int) number(lp.get(p++));
			List<byte[]> masterFields = lp.subList(p, p + masterFieldCount);
			p += masterFieldCount;
			p++; // the master entry's terminating 0
			for (long e = 0; e < count + deleted; e++) {
				int flags = (int) number(lp.get(p++));
				StreamId id = new StreamId(master.ms() + number(lp.get(p++)), master.seq() + number(lp.get(p++)));
				List<byte[]> fieldsAndValues = new ArrayList<>();
				if ((flags & STREAM_FLAG_SAMEFIELDS) != 0) {
					for (byte[] field : masterFields) {
						fieldsAndValues.add(field);
						fieldsAndValues.add(lp.get(p++));
					}
				}
				else {
					int fields = (int) number(lp.get(p++));
					for (int f = 0; f < fields * 2; f++) {
						fieldsAndValues.add(lp.get(p++));
					}
				}
				p++; // lp-count
				if ((flags & STREAM_FLAG_DELETED) == 0) {
					into.add(new StreamEntry(id, fieldsAndValues));
				}
			}
			if (p != lp.size()) {
				throw new RdbFormatException("Stream listpack integrity check failed.");
			}
		}
		catch (IndexOutOfBoundsException ex) {
			throw new RdbFormatException("Stream listpack integrity check failed.");
		}
	}

	private static long number(byte[] text) {
		long[] parsed = new long[1];
		if (!io.kvserver.util.Numbers.parseLong(text, parsed)) {
			throw new RdbFormatException("Stream listpack integrity check failed.");
		}
		return parsed[0];
	}

	private static StreamId rawId(RdbInput in) throws IOException {
		byte[] raw = in.readBytes(16);
		return new StreamId(bigEndian(raw, 0), bigEndian(raw, 8));
	}

	static long bigEndian(byte[] bytes, int offset) {
		long value = 0;
		for (int i = 0; i < 8; i++) {
			value = (value << 8) | (bytes[offset + i] & 0xFF);
		}
		return value;
	}

}
