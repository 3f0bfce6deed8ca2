package io.kvserver.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.kvserver.support.KvServerIntegrationTest;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.SetParams;

/**
 * The scripts real libraries run (src/test/resources/scripts: a token-bucket rate limiter, a
 * Redlock-style lock extended and released by its holder, a compare-and-set) through Jedis and
 * Lettuce, the way those libraries call them: Jedis loads once and runs by sha, Lettuce tries
 * EVALSHA and falls back to EVAL on NOSCRIPT.
 */
class ScriptClientsIT extends KvServerIntegrationTest {

	static String script(String name) {
		try {
			return Files.readString(Path.of("src/test/resources/scripts", name + ".lua"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private Jedis jedis() {
		return new Jedis("127.0.0.1", port(), 10_000);
	}

	@Test
	void tokenBucketThroughJedis() {
		try (Jedis jedis = jedis()) {
			String sha = jedis.scriptLoad(script("token_bucket"));
			List<String> keys = List.of("jedis:bucket:tokens", "jedis:bucket:ts");
			// Capacity 3, refill 0.001 token per ms (one a second): three requests pass, the fourth waits.
			for (int i = 0; i < 3; i++) {
				assertThat(jedis.evalsha(sha, keys, List.of("3", "0.001", "1000000", "1")))
					.isEqualTo(List.of(1L, Integer.toString(2 - i)));
			}
			assertThat(jedis.evalsha(sha, keys, List.of("3", "0.001", "1000000", "1"))).isEqualTo(List.of(0L, "0"));
			// 1.5 seconds later one and a half tokens are back.
			assertThat(jedis.evalsha(sha, keys, List.of("3", "0.001", "1001500", "1"))).isEqualTo(List.of(1L, "0.5"));
			assertThat(jedis.pttl("jedis:bucket:tokens")).isBetween(1L, 6000L);
			// All integration tests share one server: keys that expire later would show in others' SCANs.
			jedis.del("jedis:bucket:tokens", "jedis:bucket:ts");
		}
	}

	@Test
	void redlockStyleLockThroughJedis() {
		try (Jedis holder = jedis(); Jedis other = jedis()) {
			String extend = holder.scriptLoad(script("lock_extend"));
			String release = holder.scriptLoad(script("lock_release"));
			List<String> lock = List.of("jedis:lock");
			assertThat(holder.set("jedis:lock", "holder-token", SetParams.setParams().nx().px(10_000))).isEqualTo("OK");
			assertThat(other.set("jedis:lock", "other-token", SetParams.setParams().nx().px(10_000))).isNull();
			assertThat(other.evalsha(extend, lock, List.of("other-token", "60000"))).isEqualTo(0L);
			assertThat(holder.evalsha(extend, lock, List.of("holder-token", "60000"))).isEqualTo(1L);
			assertThat(holder.pttl("jedis:lock")).isGreaterThan(10_000L);
			assertThat(other.evalsha(release, lock, List.of("other-token"))).isEqualTo(0L);
			assertThat(holder.get("jedis:lock")).isEqualTo("holder-token");
			assertThat(holder.evalsha(release, lock, List.of("holder-token"))).isEqualTo(1L);
			assertThat(other.set("jedis:lock", "other-token", SetParams.setParams().nx().px(10_000))).isEqualTo("OK");
			other.del("jedis:lock");
		}
	}

	@Test
	void compareAndSetThroughJedis() {
		try (Jedis jedis = jedis()) {
			String cas = script("compare_and_set");
			jedis.set("jedis:cas", "v1");
			assertThat(jedis.eval(cas, List.of("jedis:cas"), List.of("v0", "v2"))).isEqualTo(0L);
			assertThat(jedis.eval(cas, List.of("jedis:cas"), List.of("v1", "v2"))).isEqualTo(1L);
			assertThat(jedis.get("jedis:cas")).isEqualTo("v2");
		}
	}

	@Test
	void lettuceFallsBackFromEvalshaToEval() {
		RedisClient client = RedisClient.create("redis://127.0.0.1:" + port());
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			RedisCommands<String, String> redis = connection.sync();
			String cas = script("compare_and_set");
			String sha = redis.digest(cas);
			redis.scriptFlush();
			redis.set("lettuce:cas", "a");
			String[] keys = { "lettuce:cas" };
			assertThatExceptionOfType(RedisNoScriptException.class)
				.isThrownBy(() -> redis.evalsha(sha, ScriptOutputType.INTEGER, keys, "a", "b"))
				.withMessage("NOSCRIPT No matching script. Please use EVAL.");
			Long first = redis.eval(cas, ScriptOutputType.INTEGER, keys, "a", "b");
			assertThat(first).isEqualTo(1L);
			// EVAL cached it: the sha now runs.
			Long second = redis.evalsha(sha, ScriptOutputType.INTEGER, keys, "b", "c");
			assertThat(second).isEqualTo(1L);
			assertThat(redis.get("lettuce:cas")).isEqualTo("c");
			assertThat(redis.scriptExists(sha)).containsExactly(true);

			String release = script("lock_release");
			redis.set("lettuce:lock", "me");
			Long released = redis.eval(release, ScriptOutputType.INTEGER, new String[] { "lettuce:lock" }, "me");
			assertThat(released).isEqualTo(1L);
			assertThat(redis.exists("lettuce:lock")).isZero();
		}
		finally {
			client.shutdown();
		}
	}

}
