package io.kvserver.persistence.aof;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.kvserver.persistence.RdbSnapshot;
import io.kvserver.persistence.rdb.RdbValue;
import io.kvserver.persistence.rdb.RdbValue.HashData;
import io.kvserver.persistence.rdb.RdbValue.ListData;
import io.kvserver.persistence.rdb.RdbValue.SetData;
import io.kvserver.persistence.rdb.RdbValue.SortedSetData;
import io.kvserver.persistence.rdb.RdbValue.StringData;

/**
 * An AOF base file in commands ({@code aof-use-rdb-preamble no}), as rewriteAppendOnlyFileRio
 * writes one: {@code SELECT} per database, {@code SET}, {@code RPUSH}, {@code SADD}, {@code ZADD},
 * {@code HMSET} with at most 64 items per command, then {@code PEXPIREAT} for a key with a deadline.
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
					items.add(ascii(score(z.scores()[i])));
					items.add(z.members().get(i));
				}
				pairs("ZADD", key, items);
			}
			case RdbValue.StreamData s -> throw new IOException(
					"streams cannot be written to an AOF base in commands yet; set aof-use-rdb-preamble yes");
		}
		if (expireAt != -1) {
			command(ascii("PEXPIREAT"), key, ascii(Long.toString(expireAt)));
		}
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

	/** A score as rioWriteBulkDouble writes it: %.17g, inf and -inf spelled out. */
	static String score(double score) {
		if (Double.isInfinite(score)) {
			return score > 0 ? "inf" : "-inf";
		}
		String text = String.format(Locale.ROOT, "%.17g", score);
		// %g in C drops trailing zeros (and a trailing point); Java's %g keeps them.
		if (text.contains("e")) {
			String mantissa = text.substring(0, text.indexOf('e'));
			String exponent = text.substring(text.indexOf('e') + 1);
			int exp = Integer.parseInt(exponent);
			return trimZeros(mantissa) + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
		}
		return trimZeros(text);
	}

	private static String trimZeros(String number) {
		if (!number.contains(".")) {
			return number;
		}
		int end = number.length();
		while (number.charAt(end - 1) == '0') {
			end--;
		}
		if (number.charAt(end - 1) == '.') {
			end--;
		}
		return number.substring(0, end);
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
