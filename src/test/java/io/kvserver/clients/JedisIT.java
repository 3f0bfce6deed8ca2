package io.kvserver.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.kvserver.support.KvServerIntegrationTest;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.Response;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.GetExParams;
import redis.clients.jedis.params.LCSParams;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Jedis, the most used Java client, against the running server. Every test uses its own key prefix
 * because all integration tests share one server.
 */
class JedisIT extends KvServerIntegrationTest {

	private Jedis jedis;

	@BeforeEach
	void openClient() {
		this.jedis = newJedis();
	}

	@AfterEach
	void closeClient() {
		this.jedis.close();
	}

	private Jedis newJedis() {
		return new Jedis("127.0.0.1", port(), 5_000);
	}

	@Test
	void stringsRoundTrip() {
		assertThat(this.jedis.ping()).isEqualTo("PONG");
		assertThat(this.jedis.set("jedis:str", "hello")).isEqualTo("OK");
		assertThat(this.jedis.get("jedis:str")).isEqualTo("hello");
		assertThat(this.jedis.set("jedis:str", "world")).isEqualTo("OK");
		assertThat(this.jedis.get("jedis:str")).isEqualTo("world");
		assertThat(this.jedis.get("jedis:str:missing")).isNull();
		assertThat(this.jedis.set("jedis:str", "again", SetParams.setParams().nx())).isNull();
		assertThat(this.jedis.get("jedis:str")).isEqualTo("world");
		assertThat(this.jedis.type("jedis:str")).isEqualTo("string");
	}

	@Test
	void counters() {
		this.jedis.del("jedis:ctr");
		assertThat(this.jedis.incr("jedis:ctr")).isEqualTo(1);
		assertThat(this.jedis.incrBy("jedis:ctr", 41)).isEqualTo(42);
		assertThat(this.jedis.decr("jedis:ctr")).isEqualTo(41);
		assertThat(this.jedis.decrBy("jedis:ctr", 50)).isEqualTo(-9);
		assertThat(this.jedis.get("jedis:ctr")).isEqualTo("-9");
		this.jedis.set("jedis:ctr:text", "abc");
		assertThatExceptionOfType(JedisDataException.class).isThrownBy(() -> this.jedis.incr("jedis:ctr:text"))
			.withMessage("ERR value is not an integer or out of range");
		this.jedis.set("jedis:ctr:max", Long.toString(Long.MAX_VALUE));
		assertThatExceptionOfType(JedisDataException.class).isThrownBy(() -> this.jedis.incr("jedis:ctr:max"))
			.withMessage("ERR increment or decrement would overflow");
	}

	@Test
	void ttls() {
		assertThat(this.jedis.set("jedis:ttl", "v", SetParams.setParams().ex(100))).isEqualTo("OK");
		assertThat(this.jedis.ttl("jedis:ttl")).isBetween(99L, 100L);
		assertThat(this.jedis.pttl("jedis:ttl")).isBetween(98_000L, 100_000L);
		this.jedis.set("jedis:ttl:none", "v");
		assertThat(this.jedis.ttl("jedis:ttl:none")).isEqualTo(-1);
		assertThat(this.jedis.ttl("jedis:ttl:missing")).isEqualTo(-2);
		assertThat(this.jedis.expire("jedis:ttl:none", 50)).isEqualTo(1);
		assertThat(this.jedis.ttl("jedis:ttl:none")).isBetween(49L, 50L);
		assertThat(this.jedis.persist("jedis:ttl:none")).isEqualTo(1);
		assertThat(this.jedis.ttl("jedis:ttl:none")).isEqualTo(-1);
		// A plain SET drops the TTL, as in Redis.
		this.jedis.set("jedis:ttl", "w");
		assertThat(this.jedis.ttl("jedis:ttl")).isEqualTo(-1);
	}

	@Test
	void shortTtlExpires() {
		this.jedis.set("jedis:ttl:short", "v", SetParams.setParams().px(50));
		await().atMost(Duration.ofSeconds(5))
			.until(() -> this.jedis.get("jedis:ttl:short") == null);
		assertThat(this.jedis.exists("jedis:ttl:short")).isFalse();
	}

	@Test
	void msetAndMget() {
		assertThat(this.jedis.mset("jedis:m1", "a", "jedis:m2", "b", "jedis:m3", "c")).isEqualTo("OK");
		assertThat(this.jedis.mget("jedis:m1", "jedis:m:missing", "jedis:m2", "jedis:m3")).containsExactly("a", null,
				"b", "c");
	}

	@Test
	void delAndExists() {
		this.jedis.mset("jedis:d1", "1", "jedis:d2", "2");
		assertThat(this.jedis.exists("jedis:d1", "jedis:d2", "jedis:d1", "jedis:d:missing")).isEqualTo(3);
		assertThat(this.jedis.del("jedis:d1", "jedis:d:missing")).isEqualTo(1);
		assertThat(this.jedis.exists("jedis:d1")).isFalse();
		assertThat(this.jedis.exists("jedis:d2")).isTrue();
		assertThat(this.jedis.del("jedis:d1")).isZero();
	}

	@Test
	void keysMatchesGlob() {
		this.jedis.mset("jedis:keys:a1", "x", "jedis:keys:b2", "x", "jedis:keys:a3", "x", "jedis:keysother", "x");
		assertThat(this.jedis.keys("jedis:keys:a*")).containsExactlyInAnyOrder("jedis:keys:a1", "jedis:keys:a3");
		assertThat(this.jedis.keys("jedis:keys:?[0-9]")).containsExactlyInAnyOrder("jedis:keys:a1", "jedis:keys:b2",
				"jedis:keys:a3");
		assertThat(this.jedis.keys("jedis:keys:z*")).isEmpty();
	}

	@Test
	void binaryKeysAndValues() {
		byte[] key = { 'j', 'b', 0, '\r', '\n', (byte) 0xff, ' ', '"' };
		byte[] value = new byte[256];
		for (int i = 0; i < value.length; i++) {
			value[i] = (byte) i;
		}
		assertThat(this.jedis.set(key, value)).isEqualTo("OK");
		assertThat(this.jedis.get(key)).isEqualTo(value);
		assertThat(this.jedis.exists(key)).isTrue();
		// The key is distinct from its prefix up to the NUL byte.
		assertThat(this.jedis.exists(new byte[] { 'j', 'b' })).isFalse();
		byte[] crlfValue = "\r\n$3\r\nfoo\r\n\0".getBytes(StandardCharsets.ISO_8859_1);
		byte[] other = { 'j', 'b', '\r', '\n' };
		this.jedis.mset(other, crlfValue);
		List<byte[]> values = this.jedis.mget(key, other);
		assertThat(values.get(0)).isEqualTo(value);
		assertThat(values.get(1)).isEqualTo(crlfValue);
		assertThat(this.jedis.keys(new byte[] { 'j', 'b', '*' })).hasSize(2)
			.anySatisfy((k) -> assertThat(k).isEqualTo(key))
			.anySatisfy((k) -> assertThat(k).isEqualTo(other));
		assertThat(this.jedis.del(key, other)).isEqualTo(2);
	}

	@Test
	void pipelineOfAThousandCommands() {
		this.jedis.del("jedis:pipe:ctr");
		List<Response<Long>> increments = new ArrayList<>();
		List<Response<String>> gets = new ArrayList<>();
		try (Pipeline pipeline = this.jedis.pipelined()) {
			for (int i = 0; i < 500; i++) {
				pipeline.set("jedis:pipe:" + i, "v" + i);
				increments.add(pipeline.incr("jedis:pipe:ctr"));
			}
			for (int i = 0; i < 500; i++) {
				gets.add(pipeline.get("jedis:pipe:" + i));
			}
			pipeline.sync();
		}
		for (int i = 0; i < 500; i++) {
			assertThat(increments.get(i).get()).isEqualTo(i + 1);
			assertThat(gets.get(i).get()).isEqualTo("v" + i);
		}
		// The connection is still in step after the pipeline.
		assertThat(this.jedis.get("jedis:pipe:ctr")).isEqualTo("500");
	}

	@Test
	void parallelClientsLoseNoIncrement() throws Exception {
		int threads = 32;
		int incrementsEach = 500;
		this.jedis.del("jedis:race");
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			List<Future<Long>> results = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				results.add(pool.submit(() -> {
					try (Jedis client = newJedis()) {
						client.ping(); // connected before the race starts
						start.await();
						long last = 0;
						for (int i = 0; i < incrementsEach; i++) {
							long value = client.incr("jedis:race");
							assertThat(value).isGreaterThan(last); // each client sees its own writes in order
							last = value;
						}
						return last;
					}
				}));
			}
			start.countDown();
			long highest = 0;
			for (Future<Long> result : results) {
				highest = Math.max(highest, result.get(30, TimeUnit.SECONDS));
			}
			assertThat(highest).isEqualTo((long) threads * incrementsEach);
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(this.jedis.get("jedis:race")).isEqualTo(Integer.toString(threads * incrementsEach));
	}

	@Test
	void scanVisitsEveryOneOfTenThousandKeys() {
		try (Jedis db = newJedis()) {
			db.select(ClientScenario.JEDIS_DB);
			db.flushDB();
			try (Pipeline pipeline = db.pipelined()) {
				for (int i = 0; i < ClientScenario.SCAN_KEYS; i += 500) {
					String[] pairs = new String[1000];
					for (int j = 0; j < 500; j++) {
						pairs[2 * j] = ClientScenario.scanKey(i + j);
						pairs[2 * j + 1] = "v";
					}
					pipeline.mset(pairs);
				}
				pipeline.sync();
			}
			Set<String> seen = new HashSet<>();
			String cursor = ScanParams.SCAN_POINTER_START;
			int calls = 0;
			do {
				ScanResult<String> page = db.scan(cursor, new ScanParams().count(ClientScenario.SCAN_COUNT));
				seen.addAll(page.getResult());
				cursor = page.getCursor();
				calls++;
			}
			while (!cursor.equals(ScanParams.SCAN_POINTER_START));
			assertThat(seen).hasSize(ClientScenario.SCAN_KEYS).contains(ClientScenario.scanKey(0),
					ClientScenario.scanKey(ClientScenario.SCAN_KEYS - 1));
			assertThat(calls).as("COUNT bounds each call's work").isGreaterThan(ClientScenario.SCAN_KEYS / 1000);
			assertThat(db.scan(ScanParams.SCAN_POINTER_START, new ScanParams().match("scan:999?").count(20_000))
				.getResult()).hasSize(10);
			db.flushDB();
		}
	}

	@Test
	void watchMultiExecRetryLoopWithConcurrentIncrementers() throws Exception {
		this.jedis.del("jedis:cas");
		ExecutorService pool = Executors.newFixedThreadPool(ClientScenario.WORKERS);
		try {
			List<Future<Integer>> attempts = new ArrayList<>();
			for (int w = 0; w < ClientScenario.WORKERS; w++) {
				attempts.add(pool.submit(() -> {
					int tries = 0;
					try (Jedis client = newJedis()) {
						for (int done = 0; done < ClientScenario.INCREMENTS_EACH; tries++) {
							client.watch("jedis:cas");
							String current = client.get("jedis:cas");
							long next = (current == null ? 0 : Long.parseLong(current)) + 1;
							Transaction tx = client.multi();
							tx.set("jedis:cas", Long.toString(next));
							if (tx.exec() != null) {
								done++;
							}
						}
					}
					return tries;
				}));
			}
			int tries = 0;
			for (Future<Integer> result : attempts) {
				tries += result.get(60, TimeUnit.SECONDS);
			}
			assertThat(this.jedis.get("jedis:cas"))
				.isEqualTo(Integer.toString(ClientScenario.WORKERS * ClientScenario.INCREMENTS_EACH));
			assertThat(tries).isGreaterThanOrEqualTo(ClientScenario.WORKERS * ClientScenario.INCREMENTS_EACH);
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void aWatchedKeyChangedByAnotherClientAbortsExec() {
		this.jedis.set("jedis:watched", "1");
		this.jedis.watch("jedis:watched");
		try (Jedis other = newJedis()) {
			other.set("jedis:watched", "changed");
		}
		Transaction tx = this.jedis.multi();
		tx.set("jedis:watched", "mine");
		assertThat(tx.exec()).isNull();
		assertThat(this.jedis.get("jedis:watched")).isEqualTo("changed");
		Transaction again = this.jedis.multi();
		again.incr("jedis:watched:n");
		again.get("jedis:watched");
		assertThat(again.exec()).containsExactly(1L, "changed");
	}

	@Test
	void resp3() {
		DefaultJedisClientConfig config = DefaultJedisClientConfig.builder()
			.protocol(RedisProtocol.RESP3)
			.timeoutMillis(5_000)
			.build();
		try (Jedis resp3 = new Jedis(new HostAndPort("127.0.0.1", port()), config)) {
			assertThat(resp3.clientInfo()).contains(" resp=3");
			assertThat(resp3.configGet("maxmemory")).containsExactly(Map.entry("maxmemory", "0"));
			assertThat(resp3.set("jedis:r3", "v")).isEqualTo("OK");
			assertThat(resp3.get("jedis:r3")).isEqualTo("v");
			assertThat(resp3.get("jedis:r3:missing")).isNull();
			assertThat(resp3.mget("jedis:r3", "jedis:r3:missing")).containsExactly("v", null);
			assertThat(resp3.incr("jedis:r3:n")).isPositive();
			Transaction tx = resp3.multi();
			tx.get("jedis:r3");
			tx.get("jedis:r3:missing");
			assertThat(tx.exec()).containsExactly("v", null);
		}
	}

	@Test
	void errorRepliesKeepTheConnectionUsable() {
		assertThatExceptionOfType(JedisDataException.class)
			.isThrownBy(() -> this.jedis.sendCommand(() -> "NOSUCHCOMMAND".getBytes(StandardCharsets.US_ASCII),
					"a", "b"))
			.withMessageStartingWith("ERR unknown command 'NOSUCHCOMMAND', with args beginning with: 'a' 'b' ");
		assertThat(Arrays.asList(this.jedis.ping(), this.jedis.echo("still here"))).containsExactly("PONG",
				"still here");
	}


	@Test
	void stringFamily() {
		assertThat(this.jedis.setnx("jedis:fam:nx", "a")).isEqualTo(1);
		assertThat(this.jedis.setnx("jedis:fam:nx", "b")).isZero();
		assertThat(this.jedis.append("jedis:fam:nx", "bc")).isEqualTo(3);
		assertThat(this.jedis.strlen("jedis:fam:nx")).isEqualTo(3);
		assertThat(this.jedis.getrange("jedis:fam:nx", 1, -1)).isEqualTo("bc");
		assertThat(this.jedis.setrange("jedis:fam:nx", 5, "z")).isEqualTo(6);
		assertThat(this.jedis.get("jedis:fam:nx")).isEqualTo("abc\0\0z");
		assertThat(this.jedis.getSet("jedis:fam:nx", "new")).isEqualTo("abc\0\0z");
		assertThat(this.jedis.setex("jedis:fam:ex", 100, "v")).isEqualTo("OK");
		assertThat(this.jedis.ttl("jedis:fam:ex")).isEqualTo(100);
		assertThat(this.jedis.getEx("jedis:fam:ex", GetExParams.getExParams().persist()))
			.isEqualTo("v");
		assertThat(this.jedis.ttl("jedis:fam:ex")).isEqualTo(-1);
		assertThat(this.jedis.getDel("jedis:fam:ex")).isEqualTo("v");
		assertThat(this.jedis.exists("jedis:fam:ex")).isFalse();
		this.jedis.del("jedis:fam:f");
		assertThat(this.jedis.incrByFloat("jedis:fam:f", 0.1)).isEqualTo(0.1);
		assertThat(this.jedis.incrByFloat("jedis:fam:f", 0.2)).isEqualTo(0.3);
		assertThat(this.jedis.get("jedis:fam:f")).isEqualTo("0.3");
		this.jedis.del("jedis:fam:m1", "jedis:fam:m2");
		assertThat(this.jedis.msetnx("jedis:fam:m1", "1", "jedis:fam:m2", "2")).isEqualTo(1);
		assertThat(this.jedis.msetnx("jedis:fam:m1", "1", "jedis:fam:m3", "3")).isZero();
		this.jedis.mset("jedis:fam:l1", "ohmytext", "jedis:fam:l2", "mynewtext");
		assertThat(this.jedis.lcs("jedis:fam:l1", "jedis:fam:l2",
				LCSParams.LCSParams().len()).getLen()).isEqualTo(6);
	}

	@Test
	void keyFamily() {
		this.jedis.del("jedis:key:a", "jedis:key:b", "jedis:key:c");
		this.jedis.set("jedis:key:a", "v");
		assertThat(this.jedis.expireAt("jedis:key:a", 99_999_999_999L)).isEqualTo(1);
		assertThat(this.jedis.expireTime("jedis:key:a")).isEqualTo(99_999_999_999L);
		assertThat(this.jedis.rename("jedis:key:a", "jedis:key:b")).isEqualTo("OK");
		assertThat(this.jedis.pexpireTime("jedis:key:b")).isEqualTo(99_999_999_999_000L);
		assertThat(this.jedis.copy("jedis:key:b", "jedis:key:c", false)).isTrue();
		assertThat(this.jedis.copy("jedis:key:b", "jedis:key:c", false)).isFalse();
		assertThat(this.jedis.renamenx("jedis:key:b", "jedis:key:c")).isZero();
		assertThat(this.jedis.touch("jedis:key:b", "jedis:key:c", "jedis:key:none")).isEqualTo(2);
		assertThat(this.jedis.objectEncoding("jedis:key:c")).isEqualTo("embstr");
		assertThat(this.jedis.unlink("jedis:key:b", "jedis:key:c")).isEqualTo(2);
		assertThat(this.jedis.randomKey()).isNotNull();
		assertThat(this.jedis.waitReplicas(0, 100)).isZero();
	}

	@Test
	void scanIteratesTenThousandKeys() {
		Pipeline pipeline = this.jedis.pipelined();
		for (int i = 0; i < 10_000; i++) {
			pipeline.set("jedis:scan:" + i, "v");
		}
		pipeline.sync();
		Set<String> seen = new HashSet<>();
		ScanParams params = new ScanParams().match("jedis:scan:*")
			.count(100);
		String cursor = ScanParams.SCAN_POINTER_START;
		do {
			ScanResult<String> page = this.jedis.scan(cursor, params);
			seen.addAll(page.getResult());
			cursor = page.getCursor();
		}
		while (!cursor.equals(ScanParams.SCAN_POINTER_START));
		assertThat(seen).hasSize(10_000);
	}

}
