package io.kvserver.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.kvserver.compat.RedisServerProcess;
import io.kvserver.support.ChildProcess;
import io.kvserver.support.PackagedServer;
import io.kvserver.support.RawConnection;

/**
 * Whole datasets between redis-server 7.0 and kvserver through both file formats, compared with
 * DEBUG DIGEST (Redis's SHA-1 over every database, key, value and expiry): redis-server's
 * {@code dump.rdb} and its multi-part AOF directory (a base in commands and an incremental file)
 * load into kvserver with redis-server's digest; kvserver's own {@code dump.rdb} and AOF directory
 * (rewritten in commands, then appended to) pass redis-check-rdb and redis-check-aof and load into
 * redis-server with kvserver's digest. Every type kvserver holds takes part, in every encoding.
 */
class PersistenceInteropIT {

	/**
	 * The types kvserver holds, each written in its small and large encodings. A type's commands
	 * answering anything but "unknown command" on kvserver fails the test until it is listed here.
	 */
	private static final List<String> TYPES = List.of("string");

	/** A command that creates a value of each type Redis has, to find which ones kvserver knows. */
	private static final Map<String, List<String>> PROBES = Map.of("hash", List.of("HSET", "probe:hash", "f", "v"),
			"set", List.of("SADD", "probe:set", "m"), "list", List.of("RPUSH", "probe:list", "e"), "zset",
			List.of("ZADD", "probe:zset", "1", "m"), "stream", List.of("XADD", "probe:stream", "1-1", "f", "v"));

	private static final long EXPIRE_AT = 4_102_444_800_000L; // 2100-01-01

	@TempDir
	Path dir;

	@Test
	void datasetsMoveBothWaysWithTheSameDigest() throws Exception {
		Path data = Files.createDirectories(this.dir.resolve("data"));
		String redisDigest;
		try (RedisServerProcess redis = RedisServerProcess.start(List.of("--dir", data.toString(), "--appendonly", "yes",
				"--aof-use-rdb-preamble", "no", "--enable-debug-command", "yes"));
				RawConnection c = redis.connect()) {
			write(c, "before");
			c.command("BGREWRITEAOF");
			await().atMost(Duration.ofSeconds(60))
				.until(() -> c.command("INFO", "persistence").contains("aof_rewrite_in_progress:0")
						&& Files.exists(data.resolve("appendonlydir/appendonly.aof.2.base.aof")));
			write(c, "after"); // into the incremental file
			assertThat(c.command("SAVE")).isEqualTo("+OK\r\n");
			redisDigest = c.command("DEBUG", "DIGEST");
		}
		assertThat(redisDigest).doesNotContain("0000000000000000000000000000000000000000");

		String kvDigest;
		try (PackagedServer kv = PackagedServer.start("kvserver-interop", data, List.of("--kvserver.dir=" + data,
				"--kvserver.appendonly=true", "--kvserver.aof-use-rdb-preamble=false", "--kvserver.save=",
				"--kvserver.enable-debug-command=yes"));
				RawConnection c = kv.connect()) {
			for (Map.Entry<String, List<String>> probe : PROBES.entrySet()) {
				boolean known = !c.command(probe.getValue().toArray(String[]::new)).startsWith("-ERR unknown command");
				assertThat(known).as("kvserver holds %s values: add the type to TYPES", probe.getKey())
					.isEqualTo(TYPES.contains(probe.getKey()));
				c.command("DEL", probe.getValue().get(1));
			}
			assertThat(c.command("DEBUG", "DIGEST")).as("digest after loading redis-server's AOF directory")
				.isEqualTo(redisDigest);
			assertThat(c.command("DEBUG", "RELOAD", "NOSAVE")).isEqualTo("+OK\r\n");
			assertThat(c.command("DEBUG", "DIGEST")).as("digest after loading redis-server's dump.rdb")
				.isEqualTo(redisDigest);

			// kvserver's own files: a rewrite in commands, then more writes appended
			assertThat(c.command("BGREWRITEAOF")).isEqualTo("+Background append only file rewriting started\r\n");
			await().atMost(Duration.ofSeconds(60))
				.until(() -> c.command("INFO", "persistence").contains("aof_rewrite_in_progress:0")
						&& Files.exists(data.resolve("appendonlydir/appendonly.aof.3.base.aof")));
			write(c, "kvserver");
			assertThat(c.command("SAVE")).isEqualTo("+OK\r\n");
			kvDigest = c.command("DEBUG", "DIGEST");
			assertThat(kvDigest).isNotEqualTo(redisDigest);
			assertThat(kv.process().terminate(Duration.ofSeconds(60))).as("exit status after SIGTERM").isZero();
		}
		assertThat(ChildProcess.run("redis-check-rdb",
				List.of(ChildProcess.require("redis-check-rdb", "redis-tools").toString(),
						data.resolve("dump.rdb").toString()),
				this.dir, Map.of(), 60)).as("redis-check-rdb exit status").isZero();
		assertThat(ChildProcess.run("redis-check-aof",
				List.of(ChildProcess.require("redis-check-aof", "redis-tools").toString(),
						data.resolve("appendonlydir/appendonly.aof.manifest").toString()),
				this.dir, Map.of(), 60)).as("redis-check-aof exit status").isZero();

		try (RedisServerProcess redis = RedisServerProcess.start(List.of("--dir", data.toString(), "--appendonly", "yes",
				"--enable-debug-command", "yes"));
				RawConnection c = redis.connect()) {
			assertThat(c.command("DEBUG", "DIGEST")).as("redis-server's digest of kvserver's AOF directory")
				.isEqualTo(kvDigest);
			assertThat(c.command("DEBUG", "RELOAD", "NOSAVE")).isEqualTo("+OK\r\n");
			assertThat(c.command("DEBUG", "DIGEST")).as("redis-server's digest of kvserver's dump.rdb")
				.isEqualTo(kvDigest);
		}
	}

	/** Keys of every listed type under the prefix, in databases 0 and 3, some with an expiry. */
	private static void write(RawConnection c, String prefix) {
		for (int db : new int[] { 0, 3 }) {
			c.command("SELECT", Integer.toString(db));
			String p = prefix + ":" + db + ":";
			for (String type : TYPES) {
				switch (type) {
					case "string" -> strings(c, p);
					case "hash" -> hashes(c, p);
					case "set" -> sets(c, p);
					case "list" -> lists(c, p);
					case "zset" -> sortedSets(c, p);
					default -> throw new IllegalStateException("no data written for " + type);
				}
			}
			c.command("PEXPIREAT", p + "string:plain", Long.toString(EXPIRE_AT));
		}
		c.command("SELECT", "0");
	}

	private static void strings(RawConnection c, String p) {
		c.command("SET", p + "string:plain", "hello");
		c.command("SET", p + "string:int", "-123456");
		c.command("SET", p + "string:bigint", "12345678901234");
		c.command("SET", p + "string:empty", "");
		c.command("SET", p + "string:compressible", "abc".repeat(1000));
		c.command("SET", p + "string:bin\u0000\r\n", "\u0000\u0001\u00ff\r\n");
		c.command("INCRBYFLOAT", p + "string:float", "1.5");
		c.command("APPEND", p + "string:appended", "x".repeat(50));
		c.command("SET", p + "string:ttl", "v", "PXAT", Long.toString(EXPIRE_AT + 1));
	}

	/** A listpack hash, one past hash-max-listpack-entries, one with a value past hash-max-listpack-value. */
	private static void hashes(RawConnection c, String p) {
		for (int i = 0; i < 5; i++) {
			c.command("HSET", p + "hash:small", "f" + i, Integer.toString(i * 1000));
		}
		for (int i = 0; i < 600; i++) {
			c.command("HSET", p + "hash:big", "field-" + i, "value-" + i);
		}
		c.command("HSET", p + "hash:long", "f", "v".repeat(100), "bin\u0000", "\u00ff\r\n");
		c.command("HINCRBYFLOAT", p + "hash:small", "float", "2.5");
		c.command("PEXPIREAT", p + "hash:small", Long.toString(EXPIRE_AT + 2));
	}

	/** An intset, a large intset (a table), a set of strings. */
	private static void sets(RawConnection c, String p) {
		for (int i = 0; i < 5; i++) {
			c.command("SADD", p + "set:ints", Integer.toString(i * 70000 - 3));
			c.command("SADD", p + "set:strings", "m" + i);
		}
		for (int i = 0; i < 600; i++) {
			c.command("SADD", p + "set:bigints", Integer.toString(i));
		}
		c.command("SADD", p + "set:ints", "-9223372036854775808", "9223372036854775807");
	}

	/** A list in one listpack node, a list of many nodes, integers among strings. */
	private static void lists(RawConnection c, String p) {
		c.command("RPUSH", p + "list:small", "a", "1", "-5", "b".repeat(30), "");
		for (int i = 0; i < 2000; i++) {
			c.command("RPUSH", p + "list:big", i % 3 == 0 ? Integer.toString(i) : "element-" + i);
		}
		c.command("LPUSH", p + "list:big", "x".repeat(10000));
	}

	/** A listpack sorted set (infinite and fractional scores), a skiplist one. */
	private static void sortedSets(RawConnection c, String p) {
		c.command("ZADD", p + "zset:small", "1.5", "a", "-inf", "low", "inf", "high", "0", "zero", "3", "3");
		for (int i = 0; i < 300; i++) {
			c.command("ZADD", p + "zset:big", Double.toString(i / 7.0), "member-" + i);
		}
		c.command("ZINCRBY", p + "zset:small", "0.1", "a");
	}

}
