package io.kvserver.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.kvserver.compat.RedisServerProcess;
import redis.clients.jedis.Jedis;

/**
 * DUMP payloads byte for byte against a real redis-server 7.0: the value's RDB encoding, LZF
 * compression included (liblzf's choice of back references), the version and the CRC-64. And the
 * other way: every payload redis-server makes reads back here to the same value.
 */
class DumpInteropIT {

	private static RedisServerProcess redis;

	@BeforeAll
	static void start() {
		redis = RedisServerProcess.start();
	}

	@AfterAll
	static void stop() {
		redis.close();
	}

	@Test
	void stringPayloadsAreRedisBytes() {
		List<byte[]> values = sampleStrings();
		try (Jedis jedis = new Jedis(redis.host(), redis.port())) {
			int compressed = 0;
			for (int i = 0; i < values.size(); i++) {
				byte[] key = ("k" + i).getBytes(StandardCharsets.US_ASCII);
				byte[] value = values.get(i);
				jedis.set(key, value);
				byte[] fromRedis = jedis.dump(key);
				assertThat(DumpPayload.of(value, true)).as("DUMP of value %d (%d bytes)", i, value.length)
					.isEqualTo(fromRedis);
				assertThat((byte[]) DumpPayload.read(fromRedis)).isEqualTo(value);
				if ((fromRedis[1] & 0xFF) == 0xC3) {
					compressed++;
				}
			}
			assertThat(compressed).as("payloads that went through LZF").isGreaterThan(values.size() / 2);
		}
	}

	/** Compressible strings of many shapes and lengths (runs, repeats, small alphabets, text), some not compressible. */
	static List<byte[]> sampleStrings() {
		Random random = new Random(17);
		List<byte[]> values = new ArrayList<>();
		for (int length : new int[] { 21, 22, 24, 25, 30, 33, 34, 40, 64, 100, 263, 264, 265, 266, 267, 300, 1000,
				8191, 8192, 8193, 8200, 10_000, 70_000 }) {
			values.add(filled(length, (i) -> 'a'));
			values.add(filled(length, (i) -> "abc".charAt(i % 3)));
			values.add(filled(length, (i) -> "abcdefghijklmnopq".charAt(i % 17)));
			values.add(filled(length, (i) -> "ab".charAt(random.nextInt(2))));
			values.add(filled(length, (i) -> "acgt".charAt(random.nextInt(4))));
			values.add(filled(length, (i) -> random.nextInt(256)));
			values.add(filled(length, (i) -> i < length / 2 ? random.nextInt(256) : 'z'));
		}
		String text = "the quick brown fox jumps over the lazy dog, ";
		for (int n = 1; n < 60; n += 3) {
			StringBuilder sb = new StringBuilder();
			for (int i = 0; i < n; i++) {
				sb.append(text, 0, 10 + random.nextInt(text.length() - 10)).append(i);
			}
			values.add(sb.toString().getBytes(StandardCharsets.US_ASCII));
		}
		for (int n = 0; n < 40; n++) {
			byte[] unit = filled(1 + random.nextInt(40), (i) -> random.nextInt(256));
			int length = 21 + random.nextInt(20_000);
			values.add(filled(length, (i) -> unit[i % unit.length] ^ (random.nextInt(50) == 0 ? 1 : 0)));
		}
		return values;
	}

	private static byte[] filled(int length, java.util.function.IntUnaryOperator at) {
		byte[] bytes = new byte[length];
		for (int i = 0; i < length; i++) {
			bytes[i] = (byte) at.applyAsInt(i);
		}
		return bytes;
	}

}
