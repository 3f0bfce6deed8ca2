package io.kvserver.store.encoding;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.kvserver.compat.RedisServerProcess;
import redis.clients.jedis.Jedis;

/**
 * The compact encodings byte for byte against a live redis-server 7.0: Redis builds a hash or set,
 * {@code DUMP} hands out its listpack or intset (rdbcompression off, so the blob is stored plain),
 * and the same operations on {@link Listpack} / {@link IntSet} must give the same bytes. That is
 * what lets an RDB file carry these blobs between Redis and kvserver unchanged.
 */
class EncodingDumpIT {

	private static final int RDB_TYPE_SET_INTSET = 11;

	private static final int RDB_TYPE_HASH_LISTPACK = 16;

	private static RedisServerProcess redis;

	private static Jedis jedis;

	@BeforeAll
	static void start() {
		redis = RedisServerProcess.start();
		jedis = new Jedis(redis.host(), redis.port());
		jedis.configSet("rdbcompression", "no");
		jedis.configSet("hash-max-listpack-value", "3000000");
		jedis.configSet("hash-max-listpack-entries", "100000");
		jedis.configSet("set-max-intset-entries", "100000");
	}

	@AfterAll
	static void stop() {
		if (jedis != null) {
			jedis.close();
		}
		if (redis != null) {
			redis.close();
		}
	}

	@BeforeEach
	void flush() {
		jedis.flushAll();
	}

	@ParameterizedTest
	@ValueSource(ints = { 0, 1, 63, 64, 125, 126, 127, 4095, 4096, 16377, 16378, 16379, 2097140, 2097146 })
	void stringLengthClassesAndBacklenSizes(int length) {
		byte[] value = "v".repeat(length).getBytes(StandardCharsets.US_ASCII);
		jedis.hset(bytes("h"), bytes("f"), value);
		jedis.hset(bytes("h"), value, bytes("12"));
		byte[] lp = Listpack.append(Listpack.append(Listpack.empty(), bytes("f"), value), value, bytes("12"));
		assertThat(lp).isEqualTo(dumpedListpack("h"));
	}

	@Test
	void randomHashesBuiltAndChangedAsRedisChangesThem() {
		Random random = new Random(12);
		String[] pool = { "0", "1", "-1", "127", "128", "-4096", "4096", "99999", "-99999", "12345678", "-123456789",
				"9876543210", "-9223372036854775808", "a", "", "field", "007", "+5", "1.5", "x".repeat(63),
				"y".repeat(64), "z".repeat(300) };
		for (int round = 0; round < 20; round++) {
			byte[] lp = Listpack.empty();
			for (int step = 0; step < 60; step++) {
				byte[] field = bytes(pool[random.nextInt(pool.length)] + (random.nextBoolean() ? "" : "7"));
				byte[] value = bytes(pool[random.nextInt(pool.length)]);
				int p = Listpack.find(lp, Listpack.first(lp), field, 1);
				if (random.nextInt(4) == 0) {
					jedis.hdel(bytes("h"), field);
					if (p >= 0) {
						lp = Listpack.delete(Listpack.delete(lp, p), p);
					}
				}
				else {
					jedis.hset(bytes("h"), field, value);
					lp = p >= 0 ? Listpack.replace(lp, Listpack.next(lp, p), value) : Listpack.append(lp, field, value);
				}
			}
			if (jedis.exists("h")) {
				assertThat(lp).as("round " + round).isEqualTo(dumpedListpack("h"));
			}
			else {
				assertThat(Listpack.length(lp)).isZero();
			}
			jedis.del("h");
		}
	}

	@Test
	void randomIntsetsOfEveryWidth() {
		Random random = new Random(3);
		long[] ranges = { 1000, 100_000, 10_000_000_000L, Long.MAX_VALUE };
		for (int round = 0; round < 12; round++) {
			byte[] set = IntSet.empty();
			List<String> added = new ArrayList<>();
			for (int step = 0; step < 150; step++) {
				long value = random.nextLong() % ranges[Math.min(round / 3, ranges.length - 1)];
				if (random.nextInt(4) == 0 && !added.isEmpty()) {
					String member = added.get(random.nextInt(added.size()));
					jedis.srem("s", member);
					set = IntSet.remove(set, Long.parseLong(member));
				}
				else {
					jedis.sadd("s", Long.toString(value));
					set = IntSet.add(set, value);
					added.add(Long.toString(value));
				}
			}
			assertThat(set).as("round " + round).isEqualTo(EncodingDumps.blob(jedis.dump(bytes("s")), RDB_TYPE_SET_INTSET));
			jedis.del("s");
		}
	}

	private static byte[] dumpedListpack(String key) {
		return EncodingDumps.blob(jedis.dump(bytes(key)), RDB_TYPE_HASH_LISTPACK);
	}

	private static byte[] bytes(String s) {
		return s.getBytes(StandardCharsets.ISO_8859_1);
	}

}
