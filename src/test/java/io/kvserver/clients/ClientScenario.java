package io.kvserver.clients;

/**
 * What every client test runs, so that Jedis, Lettuce, redis-cli and ioredis (scenario.js) are held
 * to the same scenario: strings, counters, TTLs, MGET/MSET, a SCAN over {@link #SCAN_KEYS} keys in a
 * database of their own, a WATCH/MULTI/EXEC retry loop with {@link #WORKERS} concurrent incrementers,
 * a WATCHed key changed by another client, pipelining, and RESP3.
 */
final class ClientScenario {

	/** Keys SCAN must return, each exactly once at least, in an otherwise empty database. */
	static final int SCAN_KEYS = 10_000;

	static final int SCAN_COUNT = 100;

	/** Concurrent clients incrementing one counter with WATCH/MULTI/EXEC. */
	static final int WORKERS = 4;

	/** Successful increments each worker makes. */
	static final int INCREMENTS_EACH = 50;

	/** The databases each client's SCAN owns, so no other test's keys appear in it. */
	static final int JEDIS_DB = 2;

	static final int LETTUCE_DB = 3;

	static final int REDIS_CLI_DB = 4;

	static final int IOREDIS_DB = 5;

	private ClientScenario() {
	}

	static String scanKey(int i) {
		return "scan:" + i;
	}

}
