package io.kvserver.store;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.SecureRandom;

/**
 * The hash of a key: SipHash-1-3 under a key drawn at random when the process starts, as Redis
 * uses SipHash with a random seed. Clients choose the keys, so a hash they could predict would let
 * them pile every key into one bucket; with a secret per-process key, colliding keys cannot be
 * computed in advance.
 */
final class KeyHash {

	private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

	private static final long K0;

	private static final long K1;

	static {
		SecureRandom random = new SecureRandom();
		K0 = random.nextLong();
		K1 = random.nextLong();
	}

	private KeyHash() {
	}

	static int hash(byte[] key) {
		long h = sipHash(key, K0, K1, 1, 3);
		return (int) (h ^ (h >>> 32));
	}

	/** SipHash-c-d of the message under the 128-bit key (k0, k1), as in the reference implementation. */
	static long sipHash(byte[] m, long k0, long k1, int compressionRounds, int finalizationRounds) {
		long v0 = 0x736f6d6570736575L ^ k0;
		long v1 = 0x646f72616e646f6dL ^ k1;
		long v2 = 0x6c7967656e657261L ^ k0;
		long v3 = 0x7465646279746573L ^ k1;
		int length = m.length;
		int whole = length & ~7;
		for (int i = 0; i <= whole; i += 8) {
			long word;
			if (i < whole) {
				word = (long) LONGS.get(m, i);
			}
			else {
				// The last word: the remaining bytes, and the length in the top byte.
				word = ((long) length) << 56;
				for (int j = length - 1; j >= whole; j--) {
					word |= (m[j] & 0xffL) << (8 * (j - whole));
				}
			}
			v3 ^= word;
			for (int r = 0; r < compressionRounds; r++) {
				v0 += v1;
				v1 = Long.rotateLeft(v1, 13);
				v1 ^= v0;
				v0 = Long.rotateLeft(v0, 32);
				v2 += v3;
				v3 = Long.rotateLeft(v3, 16);
				v3 ^= v2;
				v0 += v3;
				v3 = Long.rotateLeft(v3, 21);
				v3 ^= v0;
				v2 += v1;
				v1 = Long.rotateLeft(v1, 17);
				v1 ^= v2;
				v2 = Long.rotateLeft(v2, 32);
			}
			v0 ^= word;
		}
		v2 ^= 0xff;
		for (int r = 0; r < finalizationRounds; r++) {
			v0 += v1;
			v1 = Long.rotateLeft(v1, 13);
			v1 ^= v0;
			v0 = Long.rotateLeft(v0, 32);
			v2 += v3;
			v3 = Long.rotateLeft(v3, 16);
			v3 ^= v2;
			v0 += v3;
			v3 = Long.rotateLeft(v3, 21);
			v3 ^= v0;
			v2 += v1;
			v1 = Long.rotateLeft(v1, 17);
			v1 ^= v2;
			v2 = Long.rotateLeft(v2, 32);
		}
		return v0 ^ v1 ^ v2 ^ v3;
	}

}
