package io.kvserver.store.encoding;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The listpack against byte layouts taken from a real redis-server 7.0.15 ({@code DUMP} of a hash,
 * with rdbcompression off: RDB type 16, then the listpack as a plain string), and its operations
 * against a list model. {@code EncodingDumpIT} compares many more layouts with a live server.
 */
class ListpackTest {

	/**
	 * DUMP of {@code HSET h f 0 g 127 i 128 j -1 k -4096 l 4095 m 4096 n -4097 o 32767 p 32768 q -32769
	 * r 8388607 s 8388608 t -8388609 u 2147483648 v -2147483649 w 9223372036854775807
	 * x -9223372036854775808 y 01 z -0}: every integer width at its edges, and strings that only look
	 * like integers.
	 */
	private static final String INTEGER_EDGES_DUMP = "1040aaaa000000280081660200018167027f01816902c08002816a02dfff02816b02d00002816c02cfff02816d02f1001003816e02f1ffef03816f02f1ff7f03817002f200800004817102f2ff7fff04817202f2ffff7f04817302f30000800005817402f3ffff7fff05817502f4000000800000000009817602f4ffffff7fffffffff09817702f4ffffffffffffff7f09817802f400000000000000800981790282303103817a02822d3003ff0a0068316405b58f5da8";

	/** DUMP of {@code HSET h a 1 b hello c -4096 d 12345678901 e 300}. */
	private static final String SMALL_HASH_DUMP = "102f2f0000000a0081610201018162028568656c6c6f06816302d00002816402f4351cdcdf0200000009816502c12c02ff0a00a6a7d484a4077477";

	private static final String[] INTEGER_EDGES = { "f", "0", "g", "127", "i", "128", "j", "-1", "k", "-4096", "l",
			"4095", "m", "4096", "n", "-4097", "o", "32767", "p", "32768", "q", "-32769", "r", "8388607", "s", "8388608",
			"t", "-8388609", "u", "2147483648", "v", "-2147483649", "w", "9223372036854775807", "x",
			"-9223372036854775808", "y", "01", "z", "-0" };

	@Test
	void emptyListpackIsHeaderAndTerminator() {
		assertThat(HexFormat.of().formatHex(Listpack.empty())).isEqualTo("070000000000ff");
		assertThat(Listpack.length(Listpack.empty())).isZero();
		assertThat(Listpack.first(Listpack.empty())).isEqualTo(-1);
		assertThat(Listpack.last(Listpack.empty())).isEqualTo(-1);
	}

	@Test
	void appendedStringsMatchRedisIntegerAndStringEncodings() {
		byte[] lp = Listpack.empty();
		for (String s : INTEGER_EDGES) {
			lp = Listpack.append(lp, bytes(s));
		}
		assertThat(lp).isEqualTo(listpackOf(INTEGER_EDGES_DUMP));
		assertThat(Listpack.isValid(lp, true)).isTrue();
	}

	@Test
	void pairsAppendedTogetherMatchTheSameLayout() {
		byte[] lp = Listpack.empty();
		for (int i = 0; i < INTEGER_EDGES.length; i += 2) {
			lp = Listpack.append(lp, bytes(INTEGER_EDGES[i]), bytes(INTEGER_EDGES[i + 1]));
		}
		assertThat(lp).isEqualTo(listpackOf(INTEGER_EDGES_DUMP));
		Listpack.Builder builder = new Listpack.Builder();
		for (String s : INTEGER_EDGES) {
			builder.add(bytes(s));
		}
		assertThat(builder.build()).isEqualTo(lp);
	}

	@Test
	void readsBackEveryEntryForwardAndBackward() {
		byte[] lp = listpackOf(INTEGER_EDGES_DUMP);
		assertThat(Listpack.length(lp)).isEqualTo(INTEGER_EDGES.length);
		List<String> forward = new ArrayList<>();
		for (int p = Listpack.first(lp); p >= 0; p = Listpack.next(lp, p)) {
			forward.add(text(Listpack.get(lp, p)));
			assertThat(Listpack.valueLength(lp, p)).isEqualTo(Listpack.get(lp, p).length);
		}
		assertThat(forward).containsExactly(INTEGER_EDGES);
		List<String> backward = new ArrayList<>();
		for (int p = Listpack.last(lp); p >= 0; p = Listpack.prev(lp, p)) {
			backward.add(0, text(Listpack.get(lp, p)));
		}
		assertThat(backward).containsExactly(INTEGER_EDGES);
		int y = Listpack.find(lp, Listpack.first(lp), bytes("y"), 1);
		assertThat(Listpack.isInteger(lp, Listpack.next(lp, y))).as("\"01\" is kept as a string").isFalse();
		int w = Listpack.find(lp, Listpack.first(lp), bytes("w"), 1);
		assertThat(Listpack.integer(lp, Listpack.next(lp, w))).isEqualTo(Long.MAX_VALUE);
	}

	@Test
	void findComparesFieldsOnlyWhenSkipping() {
		byte[] lp = listpackOf(SMALL_HASH_DUMP);
		assertThat(Listpack.get(lp, Listpack.next(lp, Listpack.find(lp, Listpack.first(lp), bytes("d"), 1))))
			.isEqualTo(bytes("12345678901"));
		assertThat(Listpack.find(lp, Listpack.first(lp), bytes("hello"), 1)).as("a value, not a field").isEqualTo(-1);
		assertThat(Listpack.find(lp, Listpack.first(lp), bytes("hello"), 0)).isPositive();
		assertThat(Listpack.find(lp, Listpack.first(lp), bytes("-4096"), 0)).isPositive();
		assertThat(Listpack.find(lp, Listpack.first(lp), bytes("-04096"), 0)).isEqualTo(-1);
		assertThat(Listpack.find(lp, Listpack.first(lp), bytes("1"), 0)).isEqualTo(Listpack.seek(lp, 1));
	}

	@Test
	void seekCountsFromEitherEnd() {
		byte[] lp = listpackOf(INTEGER_EDGES_DUMP);
		for (int i = 0; i < INTEGER_EDGES.length; i++) {
			assertThat(text(Listpack.get(lp, Listpack.seek(lp, i)))).isEqualTo(INTEGER_EDGES[i]);
			assertThat(text(Listpack.get(lp, Listpack.seek(lp, i - INTEGER_EDGES.length)))).isEqualTo(INTEGER_EDGES[i]);
		}
		assertThat(Listpack.seek(lp, INTEGER_EDGES.length)).isEqualTo(-1);
		assertThat(Listpack.seek(lp, -INTEGER_EDGES.length - 1)).isEqualTo(-1);
	}

	@ParameterizedTest
	@ValueSource(ints = { 0, 1, 62, 63, 64, 125, 126, 127, 4094, 4095, 4096, 16377, 16378, 16379, 2097140, 2097146 })
	void stringsOfEveryLengthClassRoundTrip(int length) {
		byte[] s = new byte[length];
		new Random(length).nextBytes(s);
		if (length > 0) {
			s[0] = 'x'; // never a number
		}
		byte[] lp = Listpack.append(Listpack.append(Listpack.empty(), s), bytes("tail"));
		assertThat(Listpack.isValid(lp, true)).isTrue();
		assertThat(Listpack.get(lp, Listpack.first(lp))).isEqualTo(s);
		assertThat(Listpack.prev(lp, Listpack.last(lp))).isEqualTo(Listpack.first(lp));
		assertThat(Listpack.entrySize(lp, Listpack.first(lp))).isEqualTo((int) Listpack.encodedSize(s));
	}

	@Test
	void backlenUsesRedisVariableLengthForm() {
		byte[] b = new byte[5];
		assertThat(Listpack.writeBacklen(b, 0, 127)).isEqualTo(1);
		assertThat(b[0]).isEqualTo((byte) 127);
		assertThat(Listpack.writeBacklen(b, 0, 200)).isEqualTo(2);
		assertThat(HexFormat.of().formatHex(b, 0, 2)).isEqualTo("01c8");
		assertThat(Listpack.writeBacklen(b, 0, 268435455)).isEqualTo(5);
		assertThat(HexFormat.of().formatHex(b, 0, 5)).isEqualTo("00ffffffff");
	}

	@Test
	void operationsMatchAListModel() {
		Random random = new Random(42);
		List<String> model = new ArrayList<>();
		byte[] lp = Listpack.empty();
		String[] values = { "0", "-1", "127", "128", "4095", "-4097", "70000", "-9000000", "3000000000", "x", "",
				"hello world", "01", "y".repeat(70), "z".repeat(5000) };
		for (int step = 0; step < 3000; step++) {
			String value = values[random.nextInt(values.length)];
			int op = random.nextInt(6);
			if (model.isEmpty() || op == 0) {
				lp = Listpack.append(lp, bytes(value));
				model.add(value);
			}
			else if (op == 1) {
				lp = Listpack.prepend(lp, bytes(value));
				model.add(0, value);
			}
			else if (op == 2) {
				int index = random.nextInt(model.size());
				lp = Listpack.insertAfter(lp, Listpack.seek(lp, index), bytes(value));
				model.add(index + 1, value);
			}
			else if (op == 3) {
				int index = random.nextInt(model.size());
				lp = Listpack.replace(lp, Listpack.seek(lp, index), bytes(value));
				model.set(index, value);
			}
			else if (op == 4) {
				int index = random.nextInt(model.size());
				lp = Listpack.delete(lp, Listpack.seek(lp, index));
				model.remove(index);
			}
			else {
				int index = random.nextInt(model.size());
				int count = random.nextInt(3);
				lp = Listpack.deleteRange(lp, Listpack.seek(lp, index), count);
				model.subList(index, Math.min(model.size(), index + count)).clear();
			}
			assertThat(Listpack.isValid(lp, true)).isTrue();
			assertThat(Listpack.length(lp)).isEqualTo(model.size());
			assertThat(Listpack.totalBytes(lp)).isEqualTo(lp.length);
		}
		List<String> read = new ArrayList<>();
		for (int p = Listpack.first(lp); p >= 0; p = Listpack.next(lp, p)) {
			read.add(text(Listpack.get(lp, p)));
		}
		assertThat(read).isEqualTo(model);
	}

	@Test
	void countAbove65534IsUnknownAndCounted() {
		Listpack.Builder builder = new Listpack.Builder();
		for (int i = 0; i < 65536; i++) {
			builder.addInteger(i);
		}
		byte[] lp = builder.build();
		assertThat(HexFormat.of().formatHex(lp, 4, 6)).isEqualTo("ffff");
		assertThat(Listpack.length(lp)).isEqualTo(65536);
		assertThat(Listpack.seek(lp, -1)).isEqualTo(Listpack.last(lp));
		lp = Listpack.deleteRange(lp, Listpack.first(lp), 2);
		assertThat(HexFormat.of().formatHex(lp, 4, 6)).as("still unknown, as Redis leaves it").isEqualTo("ffff");
		assertThat(Listpack.length(lp)).isEqualTo(65534);
		assertThat(HexFormat.of().formatHex(lp, 4, 6)).as("counting stores the count again, as lpLength").isEqualTo("feff");
	}

	@Test
	void validationRejectsCorruptListpacks() {
		byte[] lp = listpackOf(SMALL_HASH_DUMP);
		assertThat(Listpack.isValid(lp, true)).isTrue();
		byte[] shortCount = lp.clone();
		shortCount[4] = 9;
		assertThat(Listpack.isValid(shortCount, false)).isTrue();
		assertThat(Listpack.isValid(shortCount, true)).isFalse();
		byte[] noTerminator = lp.clone();
		noTerminator[noTerminator.length - 1] = 0;
		assertThat(Listpack.isValid(noTerminator, false)).isFalse();
		byte[] badBacklen = lp.clone();
		badBacklen[HEADER_PLUS_FIRST_ENTRY] = 7;
		assertThat(Listpack.isValid(badBacklen, true)).isFalse();
		byte[] badEncoding = lp.clone();
		badEncoding[Listpack.HEADER_SIZE] = (byte) 0xF7;
		assertThat(Listpack.isValid(badEncoding, true)).isFalse();
		byte[] hugeString = lp.clone();
		hugeString[Listpack.HEADER_SIZE] = (byte) 0xBF; // a 63-byte string running past the end
		assertThat(Listpack.isValid(hugeString, true)).isFalse();
		assertThat(Listpack.isValid(new byte[3], false)).isFalse();
	}

	/** The backlen byte of the first entry ("a": 0x81 'a', backlen 2). */
	private static final int HEADER_PLUS_FIRST_ENTRY = Listpack.HEADER_SIZE + 2;

	/** The listpack inside a DUMP payload of a listpack hash (type 16, RDB string without compression). */
	static byte[] listpackOf(String dumpHex) {
		return EncodingDumps.blob(HexFormat.of().parseHex(dumpHex), 16);
	}

	static byte[] bytes(String s) {
		return s.getBytes(StandardCharsets.ISO_8859_1);
	}

	static String text(byte[] b) {
		return new String(b, StandardCharsets.ISO_8859_1);
	}

}
