package io.kvserver.store;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

class ByteKeyTest {

	@Test
	void equalContentMeansEqualKeysWithEqualHashes() {
		ByteKey a = new ByteKey(new byte[] { 1, 0, (byte) 0xff });
		ByteKey b = new ByteKey(new byte[] { 1, 0, (byte) 0xff });
		assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
		assertThat(a.compareTo(b)).isZero();
		assertThat(a).isNotEqualTo(new ByteKey(new byte[] { 1, 0 })).isNotEqualTo("\u0001\u0000\u00ff");
	}

	@Test
	void keysWithTheSameHashButDifferentBytesDiffer() {
		ByteKey aa = new ByteKey(ascii("Aa"));
		ByteKey bb = new ByteKey(ascii("BB"));
		assertThat(aa.hashCode()).isEqualTo(bb.hashCode());
		assertThat(aa).isNotEqualTo(bb);
		assertThat(aa.compareTo(bb)).isNegative();
		assertThat(bb.compareTo(aa)).isPositive();
	}

	@Test
	void orderIsUnsignedLexicographicLikeMemcmp() {
		ByteKey low = new ByteKey(new byte[] { 0x7f });
		ByteKey high = new ByteKey(new byte[] { (byte) 0x80 });
		assertThat(low.compareTo(high)).as("0x80 sorts after 0x7f, as memcmp does").isNegative();
		assertThat(new ByteKey(ascii("ab")).compareTo(new ByteKey(ascii("abc")))).as("a prefix sorts first").isNegative();
		assertThat(new ByteKey(new byte[0]).compareTo(new ByteKey(new byte[] { 0 }))).isNegative();
		assertThat(new ByteKey(ascii("b")).compareTo(new ByteKey(ascii("abc")))).isPositive();
	}

	@Test
	void toStringShowsOneCharPerByte() {
		assertThat(new ByteKey(new byte[] { 'k', (byte) 0xe9 })).hasToString("k\u00e9");
	}

	/**
	 * A client that knows the hash function can send keys that all land in one bucket. HashMap then
	 * falls back to a tree ordered by compareTo, so this completes in well under a second instead of
	 * degrading to a quadratic list walk; the timeout only bounds a regression, it is not a benchmark.
	 */
	@Test
	@Timeout(value = 60, unit = TimeUnit.SECONDS)
	void collidingKeysStillWorkAsAKeyspace() {
		List<byte[]> keys = collidingKeys(20_000);
		int hash = Arrays.hashCode(keys.get(0));
		assertThat(keys).allSatisfy(k -> assertThat(Arrays.hashCode(k)).isEqualTo(hash));

		Keyspace keyspace = new Keyspace(() -> 0L);
		for (int i = 0; i < keys.size(); i++) {
			keyspace.set(keys.get(i), Integer.toString(i).getBytes(StandardCharsets.US_ASCII));
		}
		assertThat(keyspace.size()).isEqualTo(20_000);
		for (int round = 0; round < 5; round++) {
			for (int i = 0; i < keys.size(); i++) {
				assertThat(keyspace.get(keys.get(i).clone())).isEqualTo(Integer.toString(i).getBytes(StandardCharsets.US_ASCII));
			}
		}
		List<byte[]> absent = collidingKeys(20_100).subList(20_000, 20_100);
		for (byte[] k : absent) {
			assertThat(Arrays.hashCode(k)).isEqualTo(hash);
			assertThat(keyspace.get(k)).isNull();
		}
		for (int i = 0; i < keys.size(); i += 2) {
			assertThat(keyspace.delete(keys.get(i))).isTrue();
		}
		assertThat(keyspace.size()).isEqualTo(10_000);
		assertThat(keyspace.exists(keys.get(1))).isTrue();
		assertThat(keyspace.exists(keys.get(0))).isFalse();
	}

	/** "Aa" and "BB" hash alike under Arrays.hashCode, so any string of such pairs collides with the others. */
	private static List<byte[]> collidingKeys(int count) {
		int blocks = 32 - Integer.numberOfLeadingZeros(count - 1);
		List<byte[]> keys = new ArrayList<>(count);
		for (int n = 0; n < count; n++) {
			byte[] key = new byte[blocks * 2];
			for (int bit = 0; bit < blocks; bit++) {
				boolean one = (n >>> bit & 1) != 0;
				key[2 * bit] = (byte) (one ? 'B' : 'A');
				key[2 * bit + 1] = (byte) (one ? 'B' : 'a');
			}
			keys.add(key);
		}
		return keys;
	}

	private static byte[] ascii(String s) {
		return s.getBytes(StandardCharsets.US_ASCII);
	}

}
