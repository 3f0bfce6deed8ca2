package io.kvserver.lua;

/**
 * Redis's redisLrand48/redisSrand48: the 48-bit linear congruential generator of POSIX lrand48,
 * so math.random gives the same numbers for the same seed as on any Redis server.
 */
final class RedisRandom {

	/** REDIS_LRAND48_MAX (INT32_MAX). */
	static final int MAX = Integer.MAX_VALUE;

	private static final long MULTIPLIER = 0x5DEECE66DL;

	private static final long MASK = (1L << 48) - 1;

	/** Redis's initial state: X2 X1 X0 = 0x1234 0xABCD 0x330E. */
	private long state = 0x1234ABCD330EL;

	/** The next number, 0 .. 2^31 - 1. */
	int next() {
		this.state = (MULTIPLIER * this.state + 0xB) & MASK;
		return (int) (this.state >>> 17);
	}

	void seed(int seed) {
		this.state = (((long) seed & 0xFFFFFFFFL) << 16 | 0x330E) & MASK;
	}

}
