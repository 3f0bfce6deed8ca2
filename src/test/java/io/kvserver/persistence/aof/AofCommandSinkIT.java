package io.kvserver.persistence.aof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.kvserver.compat.RedisServerProcess;
import io.kvserver.persistence.rdb.RdbInput;
import io.kvserver.persistence.rdb.RdbReader;
import io.kvserver.persistence.rdb.RdbValue;
import io.kvserver.support.RawConnection;

/**
 * An AOF base in commands ({@code aof-use-rdb-preamble no}) as redis-server 7.0 writes one, byte
 * for byte: redis-server holds one key of each type (a stream with deletions, groups, consumers
 * with and without pending entries; sorted-set scores Redis prints with %.17g), each in a database
 * of its own so that the order of keys is fixed; its dump read back and written through
 * {@link AofCommandSink} gives the bytes of redis-server's own BGREWRITEAOF.
 */
class AofCommandSinkIT {

	@TempDir
	Path dir;

	@Test
	void everyTypeIsRewrittenAsRedisRewritesIt() throws Exception {
		byte[] redisBase;
		byte[] dump;
		try (RedisServerProcess redis = RedisServerProcess.start(List.of("--dir", this.dir.toString(), "--appendonly",
				"yes", "--aof-use-rdb-preamble", "no"));
				RawConnection c = redis.connect()) {
			c.command("SELECT", "0");
			c.command("SET", "string", "v");
			c.command("PEXPIREAT", "string", "4102444800000");
			c.command("SELECT", "1");
			for (int i = 0; i < 150; i++) {
				c.command("RPUSH", "list", i % 2 == 0 ? Integer.toString(i) : "e" + i);
			}
			c.command("SELECT", "2");
			for (int i = 0; i < 70; i++) {
				c.command("SADD", "set", "m" + i);
			}
			c.command("SELECT", "3");
			c.command("ZADD", "zset", "0.1", "a", "-inf", "b", "inf", "c", "1e300", "d", "3", "e", "-2.5", "f");
			c.command("SELECT", "4");
			for (int i = 0; i < 70; i++) {
				c.command("HSET", "hash", "f" + i, "v" + i);
			}
			c.command("SELECT", "5");
			for (int i = 1; i <= 10; i++) {
				c.command("XADD", "stream", i + "-" + i, "field", "value" + i, "other", Integer.toString(i));
			}
			c.command("XDEL", "stream", "4-4");
			c.command("XGROUP", "CREATE", "stream", "g1", "0");
			c.command("XGROUP", "CREATE", "stream", "g2", "$");
			c.command("XREADGROUP", "GROUP", "g1", "alice", "COUNT", "2", "STREAMS", "stream", ">");
			c.command("XREADGROUP", "GROUP", "g1", "bob", "COUNT", "1", "STREAMS", "stream", ">");
			c.command("XGROUP", "CREATECONSUMER", "stream", "g1", "carol");
			c.command("SELECT", "6");
			c.command("XADD", "empty", "MAXLEN", "0", "1-1", "x", "y");
			c.command("XGROUP", "CREATE", "empty", "g", "$");
			assertThat(c.command("BGREWRITEAOF")).startsWith("+Background append only file rewriting");
			await().atMost(Duration.ofSeconds(60))
				.until(() -> c.command("INFO", "persistence").contains("aof_rewrite_in_progress:0")
						&& Files.exists(this.dir.resolve("appendonlydir/appendonly.aof.2.base.aof")));
			assertThat(c.command("SAVE")).isEqualTo("+OK\r\n");
			redisBase = Files.readAllBytes(this.dir.resolve("appendonlydir/appendonly.aof.2.base.aof"));
			dump = Files.readAllBytes(this.dir.resolve("dump.rdb"));
		}
		ByteArrayOutputStream kvBase = new ByteArrayOutputStream();
		AofCommandSink sink = new AofCommandSink(kvBase);
		RdbReader.read(RdbInput.of(dump, 0, dump.length), new RdbReader.Visitor() {

			@Override
			public void selectDb(int db) {
				try {
					sink.selectDb(db, -1, -1);
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			}

			@Override
			public void entry(byte[] key, RdbValue value, long expireAtMillis, long idleSeconds, int frequency) {
				try {
					sink.entry(key, value, expireAtMillis);
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			}

		});
		sink.finish();
		assertThat(new String(kvBase.toByteArray(), StandardCharsets.ISO_8859_1))
			.isEqualTo(new String(redisBase, StandardCharsets.ISO_8859_1));
	}

}
