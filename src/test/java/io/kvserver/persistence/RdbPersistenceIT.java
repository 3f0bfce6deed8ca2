package io.kvserver.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.integration.ip.tcp.connection.AbstractServerConnectionFactory;

import io.kvserver.KvServerApplication;
import io.kvserver.compat.RedisServerProcess;
import io.kvserver.support.ChildProcess;
import redis.clients.jedis.Jedis;

/**
 * The dump through whole servers: what kvserver saves (SAVE, BGSAVE, on shutdown) it loads again
 * after a restart, redis-check-rdb accepts, and a real redis-server started on it answers the same;
 * INFO persistence has Redis's fields in Redis's order.
 */
class RdbPersistenceIT {

	@TempDir
	Path dir;

	@Test
	void saveThenRestartKeepsEveryKeyAndItsTtl() throws Exception {
		long expireAt = System.currentTimeMillis() + 3_600_000;
		try (Server server = Server.start(this.dir, "")) {
			Jedis jedis = server.jedis;
			jedis.set("plain", "hello");
			jedis.set("number", "12345");
			jedis.set("big", "x".repeat(100_000));
			jedis.set("binary".getBytes(), new byte[] { 0, (byte) 0xff, '\r', '\n' });
			jedis.pexpireAt("plain", expireAt);
			jedis.append("appended", "a");
			jedis.append("appended", "b");
			jedis.select(5);
			jedis.set("in-db-5", "five");
			assertThat(jedis.save()).isEqualTo("OK");
			assertThat(info(jedis)).containsEntry("rdb_changes_since_last_save", "0").containsEntry("rdb_saves", "1");
		}
		assertThat(redisCheckRdb(this.dir.resolve("dump.rdb"))).isZero();
		try (Server server = Server.start(this.dir, "")) {
			Jedis jedis = server.jedis;
			assertThat(jedis.get("plain")).isEqualTo("hello");
			assertThat(jedis.pexpireTime("plain")).isEqualTo(expireAt);
			assertThat(jedis.get("number")).isEqualTo("12345");
			assertThat(jedis.objectEncoding("number")).isEqualTo("int");
			assertThat(jedis.get("big")).hasSize(100_000);
			assertThat(jedis.get("binary".getBytes())).containsExactly(0, 0xff, '\r', '\n');
			assertThat(jedis.get("appended")).isEqualTo("ab");
			jedis.select(5);
			assertThat(jedis.get("in-db-5")).isEqualTo("five");
			assertThat(info(jedis)).containsEntry("rdb_last_load_keys_loaded", "6");
		}
	}

	@Test
	void bgsaveWritesAFileRedisLoadsWithTheSameValues() throws Exception {
		List<String> keys = new ArrayList<>();
		try (Server server = Server.start(this.dir, "")) {
			Jedis jedis = server.jedis;
			for (int i = 0; i < 20_000; i++) {
				keys.add("key:" + i);
				jedis.set("key:" + i, i % 3 == 0 ? Integer.toString(i) : "value-" + "v".repeat(i % 50) + i);
				if (i % 10 == 0) {
					jedis.expire("key:" + i, 100_000);
				}
			}
			long lastSave = jedis.lastsave();
			assertThat(jedis.bgsave()).isEqualTo("Background saving started");
			Awaitility.await().atMost(Duration.ofSeconds(30))
				.until(() -> info(jedis).get("rdb_bgsave_in_progress").equals("0"));
			assertThat(info(jedis)).containsEntry("rdb_last_bgsave_status", "ok");
			assertThat(jedis.lastsave()).isGreaterThanOrEqualTo(lastSave);
		}
		try (RedisServerProcess redis = RedisServerProcess.start(List.of("--dir", this.dir.toString()));
				Jedis reference = new Jedis(redis.host(), redis.port())) {
			assertThat(reference.dbSize()).isEqualTo(keys.size());
			for (int i = 0; i < keys.size(); i += 97) {
				String key = keys.get(i);
				assertThat(reference.get(key)).as(key)
					.isEqualTo(i % 3 == 0 ? Integer.toString(i) : "value-" + "v".repeat(i % 50) + i);
				assertThat(reference.ttl(key) > 0).as("TTL of %s", key).isEqualTo(i % 10 == 0);
			}
		}
	}

	@Test
	void withSaveRulesTheServerSavesWhenItStops() throws Exception {
		try (Server server = Server.start(this.dir, "3600 1")) {
			server.jedis.set("kept", "on shutdown");
		}
		try (Server server = Server.start(this.dir, "")) {
			assertThat(server.jedis.get("kept")).isEqualTo("on shutdown");
		}
	}

	@Test
	void infoPersistenceHasRedisFieldsInRedisOrder() throws Exception {
		List<String> redisFields;
		try (RedisServerProcess redis = RedisServerProcess.start(); Jedis reference = new Jedis(redis.host(), redis.port())) {
			redisFields = fieldNames(reference.info("persistence"));
		}
		try (Server server = Server.start(this.dir, "")) {
			assertThat(fieldNames(server.jedis.info("persistence"))).isEqualTo(redisFields);
		}
	}

	private static List<String> fieldNames(String info) {
		return info.lines().filter(l -> l.contains(":")).map(l -> l.substring(0, l.indexOf(':'))).toList();
	}

	static Map<String, String> info(Jedis jedis) {
		Map<String, String> fields = new java.util.HashMap<>();
		jedis.info("persistence").lines().filter(l -> l.contains(":"))
			.forEach(l -> fields.put(l.substring(0, l.indexOf(':')), l.substring(l.indexOf(':') + 1)));
		return fields;
	}

	private int redisCheckRdb(Path file) {
		return ChildProcess.run("redis-check-rdb", List.of("redis-check-rdb", file.toString()), this.dir, Map.of(), 60);
	}

	/** A whole kvserver in this JVM, on free ports, keeping its files in the given directory. */
	record Server(ConfigurableApplicationContext context, Jedis jedis) implements AutoCloseable {

		/** @param more further command-line arguments, e.g. {@code --kvserver.appendonly=true} */
		static Server start(Path dir, String saveRules, String... more) {
			// Command-line arguments: the builder's default properties would lose to application.properties,
			// and the server would take the fixed ports 6379 and 8080, which a concurrent build may hold.
			List<String> args = new ArrayList<>(List.of("--kvserver.port=0", "--kvserver.bind=127.0.0.1",
					"--server.port=0", "--kvserver.dir=" + dir, "--kvserver.save=" + saveRules));
			args.addAll(List.of(more));
			ConfigurableApplicationContext context = new SpringApplicationBuilder(KvServerApplication.class)
				.run(args.toArray(String[]::new));
			AbstractServerConnectionFactory listener = context.getBean(AbstractServerConnectionFactory.class);
			Awaitility.await().atMost(Duration.ofSeconds(10)).until(listener::isListening);
			return new Server(context, new Jedis("127.0.0.1", listener.getPort()));
		}

		@Override
		public void close() {
			this.jedis.close();
			this.context.close();
		}

	}

}
