package io.kvserver.store;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KeyHashTest {

	/** The key 00 01 .. 0f of the SipHash paper's test vectors. */
	private static final long K0 = 0x0706050403020100L;

	private static final long K1 = 0x0f0e0d0c0b0a0908L;

	@Test
	void sipHash24MatchesTheReferenceVectors() {
		// From the reference implementation's vectors.h: messages 00, 00 01, ... under the key above.
		assertThat(KeyHash.sipHash(message(0), K0, K1, 2, 4)).isEqualTo(0x726fdb47dd0e0e31L);
		assertThat(KeyHash.sipHash(message(1), K0, K1, 2, 4)).isEqualTo(0x74f839c593dc67fdL);
		assertThat(KeyHash.sipHash(message(7), K0, K1, 2, 4)).isEqualTo(0xab0200f58b01d137L);
		assertThat(KeyHash.sipHash(message(8), K0, K1, 2, 4)).isEqualTo(0x93f5f5799a932462L);
		assertThat(KeyHash.sipHash(message(15), K0, K1, 2, 4)).isEqualTo(0xa129ca6149be45e5L);
		assertThat(KeyHash.sipHash(message(63), K0, K1, 2, 4)).isEqualTo(0x958a324ceb064572L);
	}

	@Test
	void theHashDependsOnEveryByteAndTheLength() {
		Set<Integer> hashes = new HashSet<>();
		hashes.add(KeyHash.hash(new byte[0]));
		hashes.add(KeyHash.hash(new byte[] { 0 }));
		hashes.add(KeyHash.hash(new byte[] { 0, 0 }));
		hashes.add(KeyHash.hash(new byte[] { 1, 0 }));
		hashes.add(KeyHash.hash(new byte[] { 0, 1 }));
		hashes.add(KeyHash.hash(new byte[8]));
		hashes.add(KeyHash.hash(new byte[9]));
		assertThat(hashes).hasSize(7);
	}

	@Test
	void stringsThatCollideUnderJavasHashCodeDoNotCollideHere() {
		// "Aa" and "BB" have the same String.hashCode and Arrays.hashCode, so 2^n keys built from
		// them all collide in a HashMap; under a keyed hash they spread out.
		Set<Integer> hashes = new HashSet<>();
		for (int i = 0; i < 1024; i++) {
			StringBuilder key = new StringBuilder();
			for (int bit = 0; bit < 10; bit++) {
				key.append((i >> bit & 1) == 0 ? "Aa" : "BB");
			}
			hashes.add(KeyHash.hash(key.toString().getBytes(StandardCharsets.US_ASCII)));
		}
		assertThat(hashes.size()).isGreaterThan(1000);
	}

	private static byte[] message(int length) {
		byte[] m = new byte[length];
		for (int i = 0; i < length; i++) {
			m[i] = (byte) i;
		}
		return m;
	}

}
