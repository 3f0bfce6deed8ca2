package io.kvserver.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The quicklist behind every list: random operations checked against a plain {@code ArrayList},
 * with node limits small enough that lists span many nodes, so that splits, merges and deletions
 * across nodes are all exercised; and nodes split where Redis's quicklist splits them.
 */
class ListValueTest {

	@ParameterizedTest(name = "list-max-listpack-size {0}")
	@ValueSource(ints = { -2, -1, 1, 2, 5, 100 })
	void behavesAsAnArrayListWhateverTheNodeLimit(int fill) {
		Random random = new Random(fill * 31L + 7);
		for (int round = 0; round < 30; round++) {
			ListValue list = ListValue.create(fill, 0);
			List<String> model = new ArrayList<>();
			for (int step = 0; step < 400; step++) {
				apply(random, list, model);
				assertThat(list.size()).isEqualTo(model.size());
				if (!list.isEmpty()) {
					list.checkStructure();
				}
			}
			assertThat(contents(list)).isEqualTo(model);
			ListValue copy = list.copy();
			assertThat(contents(copy)).isEqualTo(model);
			assertThat(copy.memoryBytes()).isEqualTo(list.memoryBytes());
		}
	}

	private static void apply(Random random, ListValue list, List<String> model) {
		String value = element(random);
		switch (random.nextInt(9)) {
			case 0, 1 -> {
				list.push(bytes(value), true);
				model.add(0, value);
			}
			case 2, 3 -> {
				list.push(bytes(value), false);
				model.add(value);
			}
			case 4 -> {
				boolean head = random.nextBoolean();
				byte[] popped = list.pop(head);
				String expected = model.isEmpty() ? null : model.remove(head ? 0 : model.size() - 1);
				assertThat(popped == null ? null : text(popped)).isEqualTo(expected);
			}
			case 5 -> {
				if (!model.isEmpty()) {
					String pivot = model.get(random.nextInt(model.size()));
					boolean after = random.nextBoolean();
					assertThat(list.insert(bytes(pivot), bytes(value), after)).isTrue();
					int at = model.indexOf(pivot);
					model.add(after ? at + 1 : at, value);
				}
			}
			case 6 -> {
				long start = random.nextInt(model.size() + 3) - 2;
				long length = random.nextInt(20);
				list.deleteRange(start, length);
				int from = (int) Math.max(0, start < 0 ? model.size() + start : start);
				for (long i = 0; i < length && from < model.size(); i++) {
					model.remove(from);
				}
			}
			case 7 -> {
				if (!model.isEmpty()) {
					int index = random.nextInt(model.size());
					assertThat(list.set(random.nextBoolean() ? index : index - model.size(), bytes(value))).isTrue();
					model.set(index, value);
				}
			}
			default -> {
				String target = element(random);
				boolean forward = random.nextBoolean();
				ListValue.Cursor cursor = list.cursorAt(forward ? 0 : -1, forward);
				while (cursor != null && cursor.valid()) {
					if (cursor.matches(bytes(target))) {
						cursor.delete();
					}
					else {
						cursor.advance();
					}
				}
				model.removeIf(target::equals);
			}
		}
	}

	/** Short strings, integers (stored as such), and now and then a long string. */
	private static String element(Random random) {
		return switch (random.nextInt(4)) {
			case 0 -> Integer.toString(random.nextInt(20) - 5);
			case 1 -> "v" + random.nextInt(30);
			case 2 -> "x".repeat(random.nextInt(300));
			default -> Long.toString(random.nextLong());
		};
	}

	@Test
	void indexesReadFromEitherEnd() {
		ListValue list = ListValue.create(3, 0);
		for (int i = 0; i < 10; i++) {
			list.push(bytes("e" + i), false);
		}
		assertThat(list.checkStructure()).isEqualTo(4);
		for (int i = 0; i < 10; i++) {
			assertThat(text(list.get(i))).isEqualTo("e" + i);
			assertThat(text(list.get(i - 10))).isEqualTo("e" + i);
		}
		assertThat(list.get(10)).isNull();
		assertThat(list.get(-11)).isNull();
		List<String> backwards = new ArrayList<>();
		list.range(7, 5, true, sink(backwards));
		assertThat(backwards).containsExactly("e7", "e6", "e5", "e4", "e3");
	}

	/**
	 * With the default list-max-listpack-size -2 a node holds up to 8 KiB, by Redis's estimate of
	 * each element's size plus 8 bytes: 100-byte elements (103 bytes as entries) make nodes of 79.
	 */
	@Test
	void nodesFillAsRedisFillsThem() {
		ListValue list = ListValue.create(-2, 0);
		byte[] hundred = bytes("y".repeat(100));
		for (int i = 0; i < 750; i++) {
			list.push(hundred, false);
		}
		assertThat(list.checkStructure()).isEqualTo(10);
		ListValue counted = ListValue.create(128, 0);
		for (int i = 0; i < 1000; i++) {
			counted.push(bytes(Integer.toString(i)), true);
		}
		assertThat(counted.checkStructure()).as("128 per node: 1000 elements take 8 nodes").isEqualTo(8);
	}

	@Test
	void aMillionShortElementsCostLittleMoreThanTheirBytes() {
		ListValue list = ListValue.create(-2, 0);
		byte[] value = bytes("abcdefgh");
		for (int i = 0; i < 1_000_000; i++) {
			list.push(value, false);
		}
		// Each entry is 1 byte of encoding, 8 of data and 1 of backlen: 10 MB of listpack.
		assertThat(list.memoryBytes()).isBetween(10_000_000L, 10_500_000L);
	}

	private static List<String> contents(ListValue list) {
		List<String> out = new ArrayList<>();
		if (!list.isEmpty()) {
			list.range(0, list.size(), false, sink(out));
		}
		return out;
	}

	private static ElementSink sink(List<String> into) {
		return new ElementSink() {

			@Override
			public void string(byte[] bytes, int offset, int length) {
				into.add(new String(bytes, offset, length, StandardCharsets.ISO_8859_1));
			}

			@Override
			public void integer(long value) {
				into.add(Long.toString(value));
			}

		};
	}

	private static byte[] bytes(String s) {
		return s.getBytes(StandardCharsets.ISO_8859_1);
	}

	private static String text(byte[] b) {
		return new String(b, StandardCharsets.ISO_8859_1);
	}

}
