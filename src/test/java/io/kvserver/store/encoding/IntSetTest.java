package io.kvserver.store.encoding;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.Random;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

/**
 * The intset against byte layouts from a real redis-server 7.0.15 ({@code DUMP} of an integer set:
 * RDB type 11, then the intset as a plain string), and its operations against a sorted-set model.
 */
class IntSetTest {

	/** DUMP of {@code SADD s1 1 2 3 -5}: 16-bit. */
	private static final String INT16_DUMP = "0b100200000004000000fbff0100020003000a00c8e4dfb66f7396f0";

	/** DUMP of {@code SADD s2 1 70000 -3}: upgraded to 32-bit. */
	private static final String INT32_DUMP = "0b140400000003000000fdffffff01000000701101000a007b8d4dddaf2286d7";

	/** DUMP of {@code SADD s3 5 -5000000000}: 64-bit. */
	private static final String INT64_DUMP = "0b180800000002000000000efad5feffffff05000000000000000a007a2eb41873b17a96";

	@Test
	void emptySetIsSixteenBitAndZeroLength() {
		assertThat(HexFormat.of().formatHex(IntSet.empty())).isEqualTo("0200000000000000");
	}

	@Test
	void addingMatchesRedisLayouts() {
		assertThat(of(1, 2, 3, -5)).isEqualTo(intsetOf(INT16_DUMP));
		assertThat(of(1, 70000, -3)).isEqualTo(intsetOf(INT32_DUMP));
		assertThat(of(5, -5000000000L)).isEqualTo(intsetOf(INT64_DUMP));
	}

	@Test
	void upgradePrependsNegativeAndAppendsPositive() {
		byte[] set = of(1, 2);
		byte[] down = IntSet.add(set, Integer.MIN_VALUE);
		assertThat(IntSet.encoding(down)).isEqualTo(4);
		assertThat(IntSet.get(down, 0)).isEqualTo(Integer.MIN_VALUE);
		byte[] up = IntSet.add(set, Long.MAX_VALUE);
		assertThat(IntSet.encoding(up)).isEqualTo(8);
		assertThat(IntSet.get(up, 2)).isEqualTo(Long.MAX_VALUE);
		byte[] removed = IntSet.remove(up, Long.MAX_VALUE);
		assertThat(IntSet.encoding(removed)).as("never narrowed again").isEqualTo(8);
	}

	@Test
	void unchangedSetComesBackAsTheSameArray() {
		byte[] set = of(1, 2, 3);
		assertThat(IntSet.add(set, 2)).isSameAs(set);
		assertThat(IntSet.remove(set, 4)).isSameAs(set);
		assertThat(IntSet.remove(set, 1L << 40)).isSameAs(set);
		assertThat(IntSet.contains(set, 1L << 40)).isFalse();
	}

	@Test
	void operationsMatchASortedSetModel() {
		Random random = new Random(7);
		TreeSet<Long> model = new TreeSet<>();
		byte[] set = IntSet.empty();
		long[] ranges = { 100, 40000, 3_000_000_000L, Long.MAX_VALUE };
		for (int step = 0; step < 5000; step++) {
			long range = ranges[random.nextInt(step < 2500 ? 2 : ranges.length)];
			long value = random.nextLong() % range;
			if (random.nextInt(3) == 0) {
				assertThat(IntSet.remove(set, value) != set).isEqualTo(model.remove(value));
				set = IntSet.remove(set, value);
			}
			else {
				assertThat(IntSet.add(set, value) != set).isEqualTo(model.add(value));
				set = IntSet.add(set, value);
			}
			assertThat(IntSet.contains(set, value)).isEqualTo(model.contains(value));
		}
		assertThat(IntSet.length(set)).isEqualTo(model.size());
		int i = 0;
		for (long v : model) {
			assertThat(IntSet.get(set, i++)).isEqualTo(v);
		}
		assertThat(IntSet.isValid(set, true)).isTrue();
		assertThat(set.length).isEqualTo(IntSet.HEADER_SIZE + model.size() * IntSet.encoding(set));
	}

	@Test
	void validationRejectsCorruptIntsets() {
		byte[] set = intsetOf(INT16_DUMP);
		assertThat(IntSet.isValid(set, true)).isTrue();
		byte[] unsorted = set.clone();
		unsorted[9] = 0; // the first element, -5 (fb ff), becomes 251
		assertThat(IntSet.isValid(unsorted, false)).isTrue();
		assertThat(IntSet.isValid(unsorted, true)).isFalse();
		byte[] badEncoding = set.clone();
		badEncoding[0] = 3;
		assertThat(IntSet.isValid(badEncoding, false)).isFalse();
		assertThat(IntSet.isValid(IntSet.empty(), false)).as("Redis never stores an empty intset").isFalse();
		byte[] wrongLength = set.clone();
		wrongLength[4] = 5;
		assertThat(IntSet.isValid(wrongLength, false)).isFalse();
	}

	private static byte[] of(long... values) {
		byte[] set = IntSet.empty();
		for (long v : values) {
			set = IntSet.add(set, v);
		}
		return set;
	}

	private static byte[] intsetOf(String dumpHex) {
		return EncodingDumps.blob(HexFormat.of().parseHex(dumpHex), 11);
	}

}
