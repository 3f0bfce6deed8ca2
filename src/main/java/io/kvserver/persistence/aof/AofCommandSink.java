package io.kvserver.persistence.aof;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.kvserver.persistence.RdbSnapshot;
import io.kvserver.persistence.rdb.RdbValue;
import io.kvserver.persistence.rdb.RdbValue.HashData;
import io.kvserver.persistence.rdb.RdbValue.ListData;
import io.kvserver.persistence.rdb.RdbValue.SetData;
import io.kvserver.persistence.rdb.RdbValue.SortedSetData;
import io.kvserver.persistence.rdb.RdbValue.StreamData;
import io.kvserver.persistence.rdb.RdbValue.StreamEntry;
import io.kvserver.persistence.rdb.RdbValue.StreamId;
import io.kvserver.persistence.rdb.RdbValue.StringData;
import io.kvserver.protocol.Doubles;

/**
 * An AOF base file in commands ({@code aof-use-rdb-preamble no}), as rewriteAppendOnlyFileRio
 * writes one: {@code SELECT} per database, {@code SET}, {@code RPUSH}, {@code SADD}, {@code ZADD},
 * {@code HMSET} with at most 64 items per command, a stream's {@code XADD}s, {@code XSETID}, groups and
 * pending entries, then {@code PEXPIREAT} for a key with a deadline.
 */
final class AofCommandSink implements RdbSnapshot.Sink {

	/** AOF_REWRITE_ITEMS_PER_CMD. */
	private static final int ITEMS_PER_COMMAND = 64;

	private final OutputStream out;

	private final AofBuffer buffer = new AofBuffer();

	AofCommandSink(OutputStream out) {
		this.out = out;
	}

	/** Writes what is still buffered; call once after the walk. */
	void finish() throws IOException {
		this.out.write(this.buffer.array(), 0, this.buffer.length());
		this.buffer.clear();
	}

	/** Before the databases, as rewriteFunctions does: FUNCTION LOAD of each library's code. */
	void functionLibraries(List<byte[]> codes) throws IOException {
		for (byte[] code : codes) {
			command(ascii("FUNCTION"), ascii("LOAD"), code);
		}
	}

	@Override
	public void selectDb(int index, long size, long expires) throws IOException {
		command(ascii("SELECT"), ascii(Integer.toString(index)));
	}

	@Override
	public void entry(byte[] key, RdbValue value, long expireAt) throws IOException {
		switch (value) {
			case StringData s -> command(ascii("SET"), key, s.value());
			case ListData l -> batches("RPUSH", key, l.elements());
			case SetData s -> batches("SADD", key, s.members());
			case HashData h -> {
				List<byte[]> items = new ArrayList<>();
				for (int i = 0; i < h.fields().size(); i++) {
					items.add(h.fields().get(i));
					items.add(h.values().get(i));
				}
				pairs("HMSET", key, items);
			}
			case SortedSetData z -> {
				List<byte[]> items = new ArrayList<>();
				for (int i = 0; i < z.members().size(); i++) {
					items.add(ascii(Doubles.format17g(z.scores()[i]))); // rioWriteBulkDouble
					items.add(z.members().get(i));
				}
				pairs("ZADD", key, items);
			}
			case StreamData s -> stream(key, s);
		}
		if (expireAt != -1) {
			command(ascii("PEXPIREAT"), key, ascii(Long.toString(expireAt)));
		}
	}

	/**
	 * rewriteStreamObject: an XADD per entry (or the XADD MAXLEN 0 trick for an empty stream), XSETID
	 * with the last ID, entries added and the largest deleted ID; per group XGROUP CREATE with its
	 * last ID and entries read, then per consumer an XCLAIM ... FORCE per pending entry (delivery
	 * time and count kept) or XGROUP CREATECONSUMER for one with none.
	 */
	private void stream(byte[] key, StreamData stream) throws IOException {
		if (stream.entries().isEmpty()) {
			command(ascii("XADD"), key, ascii("MAXLEN"), ascii("0"), id(new StreamId(0, 1)), ascii("x"), ascii("y"));
		}
		for (StreamEntry entry : stream.entries()) {
			byte[][] argv = new byte[3 + entry.fieldsAndValues().size()][];
			argv[0] = ascii("XADD");
			argv[1] = key;
			argv[2] = id(entry.id());
			for (int i = 0; i < entry.fieldsAndValues().size(); i++) {
				argv[3 + i] = entry.fieldsAndValues().get(i);
			}
			command(argv);
		}
		command(ascii("XSETID"), key, id(stream.lastId()), ascii("ENTRIESADDED"),
				ascii(Long.toString(stream.entriesAdded())), ascii("MAXDELETEDID"), id(stream.maxDeletedId()));
		for (RdbValue.ConsumerGroup group : stream.groups()) {
			command(ascii("XGROUP"), ascii("CREATE"), key, group.name(), id(group.lastId()), ascii("ENTRIESREAD"),
					ascii(Long.toString(group.entriesRead())));
			Map<StreamId, RdbValue.PendingEntry> pending = new HashMap<>();
			for (RdbValue.PendingEntry entry : group.pending()) {
				pending.put(entry.id(), entry);
			}
			for (RdbValue.Consumer consumer : group.consumers()) {
				if (consumer.pending().isEmpty()) {
					command(ascii("XGROUP"), ascii("CREATECONSUMER"), key, group.name(), consumer.name());
					continue;
				}
				for (StreamId id : consumer.pending()) {
					RdbValue.PendingEntry entry = pending.get(id);
					command(ascii("XCLAIM"), key, group.name(), consumer.name(), ascii("0"), id(id), ascii("TIME"),
							ascii(Long.toString(entry.deliveryTimeMillis())), ascii("RETRYCOUNT"),
							ascii(Long.toString(entry.deliveryCount())), ascii("JUSTID"), ascii("FORCE"));
				}
			}
		}
	}

	/** rioWriteBulkStreamID: ms-seq, both unsigned. */
	private static byte[] id(StreamId id) {
		return ascii(Long.toUnsignedString(id.ms()) + "-" + Long.toUnsignedString(id.seq()));
	}

	private void batches(String name, byte[] key, List<byte[]> items) throws IOException {
		for (int from = 0; from < items.size(); from += ITEMS_PER_COMMAND) {
			List<byte[]> batch = items.subList(from, Math.min(items.size(), from + ITEMS_PER_COMMAND));
			byte[][] argv = new byte[batch.size() + 2][];
			argv[0] = ascii(name);
			argv[1] = key;
			for (int i = 0; i < batch.size(); i++) {
				argv[i + 2] = batch.get(i);
			}
			command(argv);
		}
	}

	/** Field-value (or score-member) pairs, 64 pairs per command. */
	private void pairs(String name, byte[] key, List<byte[]> items) throws IOException {
		int perCommand = 2 * ITEMS_PER_COMMAND;
		for (int from = 0; from < items.size(); from += perCommand) {
			List<byte[]> batch = items.subList(from, Math.min(items.size(), from + perCommand));
			byte[][] argv = new byte[batch.size() + 2][];
			argv[0] = ascii(name);
			argv[1] = key;
			for (int i = 0; i < batch.size(); i++) {
				argv[i + 2] = batch.get(i);
			}
			command(argv);
		}
	}

	private void command(byte[]... argv) throws IOException {
		this.buffer.append(argv);
		if (this.buffer.length() >= 64 * 1024) {
			finish();
		}
	}

	private static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

}
