package io.kvserver.persistence.rdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

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

class RdbFormatTest {

	@Test
	void crc64IsRedisCheckValue() {
		byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
		assertThat(Crc64.of(check, 0, check.length)).isEqualTo(0xe9c6d914c4b8d9caL);
		// the eight-at-a-time path and the byte path agree, whatever the split
		byte[] text = new byte[1000];
		new Random(7).nextBytes(text);
		long whole = Crc64.of(text, 0, text.length);
		assertThat(Crc64.update(Crc64.of(text, 0, 13), text, 13, text.length - 13)).isEqualTo(whole);
	}

	@Test
	void lzfRoundTripsSmallAndLargeBlocks() {
		Lzf lzf = new Lzf();
		Random random = new Random(1);
		for (int size : new int[] { 100, 8191, 70_000, 1_000_000 }) {
			byte[] input = new byte[size];
			for (int i = 0; i < size; i++) {
				input[i] = (byte) ('a' + random.nextInt(4)); // compressible
			}
			int compressed = lzf.compress(input, 0, size);
			assertThat(compressed).as("size %d", size).isGreaterThan(0).isLessThanOrEqualTo(size - 4);
			byte[] block = Arrays.copyOf(lzf.output(), compressed);
			byte[] back = new byte[size];
			lzf.decompress(block, 0, block.length, back);
			assertThat(back).isEqualTo(input);
		}
		byte[] run = "a".repeat(21).getBytes(StandardCharsets.US_ASCII);
		assertThat(lzf.compress(run, 0, run.length)).isBetween(1, 17);
		byte[] noise = new byte[200];
		random.nextBytes(noise);
		assertThat(lzf.compress(noise, 0, noise.length)).isZero();
	}

	@Test
	void corruptLzfBlockIsAFormatError() {
		Lzf lzf = new Lzf();
		assertThatThrownBy(() -> lzf.decompress(new byte[] { (byte) 0xE0, 5 }, 0, 2, new byte[50]))
			.isInstanceOf(RdbFormatException.class);
	}

	@Test
	void listpackRoundTripsEveryEncoding() {
		List<byte[]> elements = new ArrayList<>();
		for (String s : new String[] { "0", "127", "128", "-1", "-4096", "4095", "4096", "-32768", "32767", "40000",
				"-8388608", "8388607", "2147483647", "-2147483648", "2147483648", "9223372036854775807",
				"-9223372036854775808", "007", "-0", "", "hello", "1.5" }) {
			elements.add(s.getBytes(StandardCharsets.US_ASCII));
		}
		elements.add("x".repeat(63).getBytes(StandardCharsets.US_ASCII));
		elements.add("y".repeat(64).getBytes(StandardCharsets.US_ASCII));
		elements.add("z".repeat(4095).getBytes(StandardCharsets.US_ASCII));
		elements.add("w".repeat(70_000).getBytes(StandardCharsets.US_ASCII));
		byte[] lp = Listpack.write(elements);
		assertThat(Listpack.read(lp)).containsExactlyElementsOf(elements);
		// a seven-bit integer entry is one byte and a one-byte back-length: Redis's layout
		assertThat(Listpack.write(List.of("5".getBytes(StandardCharsets.US_ASCII))))
			.containsExactly(9, 0, 0, 0, 1, 0, 5, 1, 0xFF);
	}

	@Test
	void truncatedListpackIsAFormatError() {
		byte[] lp = Listpack.write(List.of("hello".getBytes(StandardCharsets.US_ASCII)));
		byte[] cut = Arrays.copyOf(lp, lp.length - 2);
		assertThatThrownBy(() -> Listpack.read(cut)).isInstanceOf(RdbFormatException.class);
	}

	@Test
	void intsetPicksTheNarrowestWidth() {
		assertThat(Intset.write(new long[] { 3, 1, 2 })).hasSize(8 + 3 * 2);
		assertThat(Intset.write(new long[] { 1, 70000 })).hasSize(8 + 2 * 4);
		assertThat(Intset.write(new long[] { 1, 1L << 40 })).hasSize(8 + 2 * 8);
		assertThat(text(Intset.read(Intset.write(new long[] { 5, -3, 1L << 40 })))).containsExactly("-3", "5",
				"1099511627776");
	}

	@Test
	void everyNeutralValueRoundTripsThroughAFile() throws IOException {
		Map<String, RdbValue> values = new LinkedHashMap<>();
		values.put("s", new StringData(bytes("hello")));
		values.put("int", new StringData(bytes("12345")));
		values.put("big", new StringData(bytes("ab".repeat(5000))));
		values.put("list", new ListData(strings(3000)));
		values.put("intset", new SetData(List.of(bytes("1"), bytes("2"), bytes("-7"))));
		values.put("set", new SetData(List.of(bytes("a"), bytes("2"))));
		values.put("smallhash", new HashData(List.of(bytes("f")), List.of(bytes("v"))));
		values.put("bighash", new HashData(strings(200), strings(200)));
		values.put("smallzset", new SortedSetData(List.of(bytes("a"), bytes("b")), new double[] { 1.5, -2 }));
		values.put("bigzset", new SortedSetData(strings(300), scores(300)));
		values.put("stream", stream());
		ByteArrayOutputStream file = new ByteArrayOutputStream();
		RdbWriter writer = new RdbWriter(file, true, true);
		writer.begin(Map.of("redis-ver", "7.0.15"));
		writer.selectDb(3, values.size(), 1);
		long expireAt = 4_000_000_000_000L;
		for (Map.Entry<String, RdbValue> entry : values.entrySet()) {
			writer.entry(bytes(entry.getKey()), entry.getValue(), entry.getKey().equals("s") ? expireAt : -1);
		}
		writer.end();
		byte[] rdb = file.toByteArray();

		Map<String, RdbValue> read = new LinkedHashMap<>();
		long[] expiry = new long[1];
		int[] db = new int[1];
		RdbReader.read(RdbInput.of(rdb, 0, rdb.length), new RdbReader.Visitor() {
			@Override
			public void selectDb(int index) {
				db[0] = index;
			}

			@Override
			public void entry(byte[] key, RdbValue value, long expireAtMillis, long idle, int frequency) {
				read.put(new String(key, StandardCharsets.ISO_8859_1), value);
				if (expireAtMillis != -1) {
					expiry[0] = expireAtMillis;
				}
			}
		});
		assertThat(db[0]).isEqualTo(3);
		assertThat(expiry[0]).isEqualTo(expireAt);
		assertThat(read.keySet()).containsExactlyElementsOf(values.keySet());
		assertThat(read.get("s")).usingRecursiveComparison().isEqualTo(values.get("s"));
		assertThat(read.get("big")).usingRecursiveComparison().isEqualTo(values.get("big"));
		assertThat(text(((ListData) read.get("list")).elements())).isEqualTo(text(strings(3000)));
		assertThat(text(((SetData) read.get("intset")).members())).containsExactly("-7", "1", "2");
		assertThat(read.get("bighash")).usingRecursiveComparison().isEqualTo(values.get("bighash"));
		SortedSetData zset = (SortedSetData) read.get("smallzset");
		assertThat(text(zset.members())).containsExactly("b", "a");
		assertThat(zset.scores()).containsExactly(-2, 1.5);
		assertThat(((SortedSetData) read.get("bigzset")).members()).hasSize(300);
		assertThat(read.get("stream")).usingRecursiveComparison().isEqualTo(values.get("stream"));

		rdb[rdb.length - 20] ^= 1; // inside the data: the checksum no longer matches
		assertThatThrownBy(() -> RdbReader.read(RdbInput.of(rdb, 0, rdb.length), (k, v, e, i, f) -> {
		})).isInstanceOf(RdbFormatException.class);
	}

	@Test
	void aDeclaredLengthBeyondTheInputAllocatesNothing() {
		byte[] payload = { (byte) 0x80, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff }; // a 2 GB string, 5 bytes of input
		assertThatThrownBy(() -> RdbInput.of(payload, 0, payload.length).readString())
			.isInstanceOf(RdbFormatException.class)
			.hasMessageContaining("EOF");
	}

	@Test
	void readsEveryEncodingOfRedisTestDumps() throws IOException {
		Map<String, RdbValue> keys = readResource("encodings.rdb");
		assertThat(keys.keySet()).containsExactlyInAnyOrder("compressible", "hash", "hash_zipped", "list",
				"list_zipped", "number", "set", "set_zipped_1", "set_zipped_2", "set_zipped_3", "string", "zset",
				"zset_zipped");
		assertThat(text(((ListData) keys.get("list_zipped")).elements())).startsWith("1", "2", "3");
		assertThat(((StringData) keys.get("compressible")).value()).hasSizeGreaterThan(20);
		assertThat(readResource("hash-zipmap.rdb").values()).singleElement().isInstanceOf(HashData.class);
		assertThat(readResource("hash-ziplist.rdb").values()).singleElement().isInstanceOf(HashData.class);
		assertThat(readResource("list-quicklist.rdb").values()).hasSize(2);
		assertThat(readResource("zset-ziplist.rdb").values()).singleElement().isInstanceOf(SortedSetData.class);
		assertThat(readResource("scriptbackup.rdb")).isEmpty();
	}

	static Map<String, RdbValue> readResource(String name) throws IOException {
		byte[] rdb;
		try (InputStream in = RdbFormatTest.class.getResourceAsStream("/rdb/" + name)) {
			rdb = in.readAllBytes();
		}
		Map<String, RdbValue> keys = new LinkedHashMap<>();
		RdbReader.read(RdbInput.of(rdb, 0, rdb.length),
				(key, value, e, i, f) -> keys.put(new String(key, StandardCharsets.ISO_8859_1), value));
		return keys;
	}

	private static StreamData stream() {
		List<StreamEntry> entries = new ArrayList<>();
		for (int i = 0; i < 250; i++) {
			List<byte[]> fields = i % 7 == 0 ? List.of(bytes("other"), bytes("x" + i))
					: List.of(bytes("name"), bytes("n" + i), bytes("n"), bytes(Integer.toString(i)));
			entries.add(new StreamEntry(new StreamId(1000 + i / 3, i % 3), fields));
		}
		StreamId last = entries.get(entries.size() - 1).id();
		ConsumerGroup group = new ConsumerGroup(bytes("g"), new StreamId(1001, 0), 5,
				List.of(new PendingEntry(new StreamId(1000, 1), 1_700_000_000_000L, 2)),
				List.of(new RdbValue.Consumer(bytes("alice"), 1_700_000_000_001L, List.of(new StreamId(1000, 1)))));
		return new StreamData(entries, entries.size(), last, entries.get(0).id(), StreamId.ZERO, 250, List.of(group));
	}

	private static List<byte[]> strings(int n) {
		List<byte[]> strings = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			strings.add(bytes(i % 2 == 0 ? Integer.toString(i) : "element-" + i));
		}
		return strings;
	}

	private static double[] scores(int n) {
		double[] scores = new double[n];
		for (int i = 0; i < n; i++) {
			scores[i] = i * 0.25;
		}
		return scores;
	}

	static byte[] bytes(String s) {
		return s.getBytes(StandardCharsets.ISO_8859_1);
	}

	static List<String> text(List<byte[]> bytes) {
		return bytes.stream().map(b -> new String(b, StandardCharsets.ISO_8859_1)).toList();
	}

}
