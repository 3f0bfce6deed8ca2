package io.kvserver.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.kvserver.support.KvServerIntegrationTest;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.KeyValue;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.SetArgs;
import io.lettuce.core.StatefulRedisConnectionImpl;
import io.lettuce.core.TransactionResult;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.protocol.ProtocolVersion;

/**
 * Lettuce with its default options: it opens with HELLO 3 and speaks RESP3 from then on. One client
 * for the class, because starting and stopping Lettuce's event loops is the slow part.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LettuceIT extends KvServerIntegrationTest {

	private RedisClient client;

	private StatefulRedisConnection<String, String> connection;

	@BeforeAll
	void startClient() {
		this.client = RedisClient.create(RedisURI.create("127.0.0.1", port()));
		this.connection = this.client.connect();
	}

	@AfterAll
	void stopClient() {
		if (this.connection != null) {
			this.connection.close();
		}
		if (this.client != null) {
			this.client.shutdown(0, 5, TimeUnit.SECONDS);
		}
	}

	@Test
	void defaultClientNegotiatesResp3() {
		assertThat(this.client.getOptions().getProtocolVersion()).isEqualTo(ProtocolVersion.RESP3);
		assertThat(((StatefulRedisConnectionImpl<?, ?>) this.connection).getConnectionState()
			.getNegotiatedProtocolVersion()).isEqualTo(ProtocolVersion.RESP3);
		RedisCommands<String, String> redis = this.connection.sync();
		assertThat(redis.clientInfo()).contains(" resp=3");
		assertThat(redis.configGet("maxmemory")).containsExactly(Map.entry("maxmemory", "0"));
		assertThat(redis.get("lettuce:r3:missing")).isNull();
		assertThat(redis.ping()).isEqualTo("PONG");
	}

	@Test
	void resp2StillWorksWhenAskedFor() {
		RedisClient resp2 = RedisClient.create(RedisURI.create("127.0.0.1", port()));
		try {
			resp2.setOptions(ClientOptions.builder().protocolVersion(ProtocolVersion.RESP2).build());
			try (StatefulRedisConnection<String, String> connection = resp2.connect()) {
				assertThat(connection.sync().clientInfo()).contains(" resp=2");
				assertThat(connection.sync().configGet("maxmemory")).containsExactly(Map.entry("maxmemory", "0"));
				assertThat(connection.sync().get("lettuce:r2:missing")).isNull();
			}
		}
		finally {
			resp2.shutdown(0, 5, TimeUnit.SECONDS);
		}
	}

	@Test
	void scanVisitsEveryOneOfTenThousandKeys() {
		try (StatefulRedisConnection<String, String> db = this.client.connect()) {
			RedisCommands<String, String> redis = db.sync();
			redis.select(ClientScenario.LETTUCE_DB);
			redis.flushdb();
			for (int i = 0; i < ClientScenario.SCAN_KEYS; i += 500) {
				Map<String, String> chunk = new HashMap<>();
				for (int j = 0; j < 500; j++) {
					chunk.put(ClientScenario.scanKey(i + j), "v");
				}
				redis.mset(chunk);
			}
			Set<String> seen = new HashSet<>();
			KeyScanCursor<String> page = redis.scan(ScanArgs.Builder.limit(ClientScenario.SCAN_COUNT));
			seen.addAll(page.getKeys());
			int calls = 1;
			while (!page.isFinished()) {
				page = redis.scan(page, ScanArgs.Builder.limit(ClientScenario.SCAN_COUNT));
				seen.addAll(page.getKeys());
				calls++;
			}
			assertThat(seen).hasSize(ClientScenario.SCAN_KEYS).contains(ClientScenario.scanKey(0),
					ClientScenario.scanKey(ClientScenario.SCAN_KEYS - 1));
			assertThat(calls).isGreaterThan(ClientScenario.SCAN_KEYS / 1000);
			redis.flushdb();
		}
	}

	@Test
	void watchMultiExecRetryLoopWithConcurrentIncrementers() throws Exception {
		this.connection.sync().del("lettuce:cas");
		List<CompletableFuture<Integer>> workers = new ArrayList<>();
		for (int w = 0; w < ClientScenario.WORKERS; w++) {
			workers.add(CompletableFuture.supplyAsync(() -> {
				int tries = 0;
				try (StatefulRedisConnection<String, String> own = this.client.connect()) {
					RedisCommands<String, String> redis = own.sync();
					for (int done = 0; done < ClientScenario.INCREMENTS_EACH; tries++) {
						redis.watch("lettuce:cas");
						String current = redis.get("lettuce:cas");
						long next = (current == null ? 0 : Long.parseLong(current)) + 1;
						redis.multi();
						redis.set("lettuce:cas", Long.toString(next));
						if (!redis.exec().wasDiscarded()) {
							done++;
						}
					}
				}
				return tries;
			}));
		}
		int tries = 0;
		for (CompletableFuture<Integer> worker : workers) {
			tries += worker.get(60, TimeUnit.SECONDS);
		}
		assertThat(this.connection.sync().get("lettuce:cas"))
			.isEqualTo(Integer.toString(ClientScenario.WORKERS * ClientScenario.INCREMENTS_EACH));
		assertThat(tries).isGreaterThanOrEqualTo(ClientScenario.WORKERS * ClientScenario.INCREMENTS_EACH);
	}

	@Test
	void aWatchedKeyChangedByAnotherClientAbortsExec() {
		try (StatefulRedisConnection<String, String> own = this.client.connect()) {
			RedisCommands<String, String> redis = own.sync();
			redis.set("lettuce:watched", "1");
			redis.watch("lettuce:watched");
			this.connection.sync().set("lettuce:watched", "changed");
			redis.multi();
			redis.set("lettuce:watched", "mine");
			TransactionResult aborted = redis.exec();
			assertThat(aborted.wasDiscarded()).isTrue();
			assertThat(redis.get("lettuce:watched")).isEqualTo("changed");
			redis.multi();
			redis.get("lettuce:watched");
			redis.get("lettuce:watched:missing");
			TransactionResult done = redis.exec();
			assertThat(done.wasDiscarded()).isFalse();
			assertThat(done.<String>get(0)).isEqualTo("changed");
			assertThat(done.<String>get(1)).isNull();
		}
	}

	@Test
	void syncApi() {
		RedisCommands<String, String> redis = this.connection.sync();
		assertThat(redis.set("lettuce:s", "v1")).isEqualTo("OK");
		assertThat(redis.get("lettuce:s")).isEqualTo("v1");
		assertThat(redis.set("lettuce:s", "v2", SetArgs.Builder.xx())).isEqualTo("OK");
		assertThat(redis.set("lettuce:s:missing", "v", SetArgs.Builder.xx())).isNull();
		assertThat(redis.del("lettuce:n")).isNotNegative();
		assertThat(redis.incr("lettuce:n")).isEqualTo(1);
		assertThat(redis.incrby("lettuce:n", 9)).isEqualTo(10);
		assertThat(redis.mset(Map.of("lettuce:m1", "a", "lettuce:m2", "b"))).isEqualTo("OK");
		assertThat(redis.mget("lettuce:m1", "lettuce:m:missing", "lettuce:m2")).containsExactly(
				KeyValue.just("lettuce:m1", "a"), KeyValue.empty("lettuce:m:missing"), KeyValue.just("lettuce:m2", "b"));
		assertThat(redis.exists("lettuce:m1", "lettuce:m2", "lettuce:m:missing")).isEqualTo(2);
		assertThat(redis.del("lettuce:m1", "lettuce:m2")).isEqualTo(2);
		assertThat(redis.echo("hi")).isEqualTo("hi");
	}

	@Test
	void binaryValuesWithByteArrayCodec() {
		byte[] key = "lettuce:bin\0\r\n".getBytes(StandardCharsets.ISO_8859_1);
		byte[] value = { 0, '\r', '\n', (byte) 0x80, (byte) 0xff, '*', '$' };
		try (StatefulRedisConnection<byte[], byte[]> binary = this.client.connect(ByteArrayCodec.INSTANCE)) {
			assertThat(binary.sync().set(key, value)).isEqualTo("OK");
			assertThat(binary.sync().get(key)).isEqualTo(value);
			assertThat(binary.sync().del(key)).isEqualTo(1);
		}
	}

	@Test
	void asyncApi() throws Exception {
		RedisAsyncCommands<String, String> async = this.connection.async();
		RedisFuture<String> set = async.set("lettuce:async", "x");
		RedisFuture<Long> counter = async.incrby("lettuce:async:n", 5);
		RedisFuture<String> get = async.get("lettuce:async");
		assertThat(set.get(5, TimeUnit.SECONDS)).isEqualTo("OK");
		assertThat(counter.get(5, TimeUnit.SECONDS)).isPositive();
		assertThat(get.get(5, TimeUnit.SECONDS)).isEqualTo("x");
	}

	@Test
	void batchOfAThousandAsyncSetsThenGets() {
		// Its own connection, since batching (auto-flush off) is connection-wide state.
		try (StatefulRedisConnection<String, String> batching = this.client.connect()) {
			batching.setAutoFlushCommands(false);
			RedisAsyncCommands<String, String> async = batching.async();
			List<RedisFuture<String>> sets = new ArrayList<>();
			for (int i = 0; i < 1000; i++) {
				sets.add(async.set("lettuce:batch:" + i, "value-" + i));
			}
			batching.flushCommands();
			assertThat(LettuceFutures.awaitAll(Duration.ofSeconds(10), sets.toArray(new RedisFuture[0]))).isTrue();
			assertThat(sets).allSatisfy((f) -> assertThat(f.resultNow()).isEqualTo("OK"));

			List<RedisFuture<String>> gets = new ArrayList<>();
			for (int i = 0; i < 1000; i++) {
				gets.add(async.get("lettuce:batch:" + i));
			}
			batching.flushCommands();
			assertThat(LettuceFutures.awaitAll(Duration.ofSeconds(10), gets.toArray(new RedisFuture[0]))).isTrue();
			for (int i = 0; i < 1000; i++) {
				assertThat(gets.get(i).resultNow()).isEqualTo("value-" + i);
			}
		}
	}

	@Test
	void expiry() {
		RedisCommands<String, String> redis = this.connection.sync();
		assertThat(redis.set("lettuce:exp", "v", SetArgs.Builder.ex(100))).isEqualTo("OK");
		assertThat(redis.ttl("lettuce:exp")).isBetween(99L, 100L);
		assertThat(redis.set("lettuce:exp:short", "v", SetArgs.Builder.px(50))).isEqualTo("OK");
		await().atMost(Duration.ofSeconds(5)).until(() -> redis.get("lettuce:exp:short") == null);
		assertThat(redis.exists("lettuce:exp:short")).isZero();
		assertThat(redis.ttl("lettuce:exp:short")).isEqualTo(-2);
		assertThat(redis.pexpire("lettuce:exp", 60_000)).isTrue();
		assertThat(redis.pttl("lettuce:exp")).isBetween(59_000L, 60_000L);
	}

}
