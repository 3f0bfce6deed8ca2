package io.kvserver.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.integration.ip.tcp.connection.AbstractServerConnectionFactory;

import io.kvserver.compat.RedisServerProcess;
import io.kvserver.support.ChildProcess;
import io.kvserver.support.RawConnection;

/**
 * FUNCTION libraries survive a restart: kvserver writes them into the dump as Redis 7.0 does
 * (RDB_OPCODE_FUNCTION2, the library's code), loads them back, and the file moves both ways
 * between kvserver and a real redis-server, which then list and call the same functions. With the
 * append-only file, FUNCTION LOAD is logged and replayed, and a rewrite keeps the libraries (in the
 * RDB preamble, or as FUNCTION LOAD commands).
 */
class FunctionPersistenceIT {

	private static final String PLAIN = "#!lua name=plain\n"
			+ "redis.register_function('echo', function(keys, args) return args[1] end)\n";

	private static final String FLAGGED = "#!lua name=flagged\n"
			+ "local prefix = 'got '\n"
			+ "redis.register_function{function_name='described', callback=function(keys, args)"
			+ " return prefix .. redis.call('get', keys[1]) end, flags={'no-writes', 'allow-stale'},"
			+ " description='reads a key'}\n";

	/** One library's listing per request: Redis's order of libraries is unspecified. */
	private static final List<List<String>> READS = List.of(
			List.of("FUNCTION", "LIST", "WITHCODE", "LIBRARYNAME", "plain"),
			List.of("FUNCTION", "LIST", "WITHCODE", "LIBRARYNAME", "flagged"), List.of("FCALL", "echo", "0", "hello"),
			List.of("FCALL_RO", "described", "1", "k"), List.of("GET", "k"));

	@TempDir
	Path dir;

	@Test
	void savedLibrariesComeBackAfterARestartAndInRedis() throws Exception {
		String before;
		try (RdbPersistenceIT.Server server = RdbPersistenceIT.Server.start(this.dir, "")) {
			RawConnection connection = connect(server);
			connection.call("FUNCTION", "LOAD", PLAIN);
			connection.call("FUNCTION", "LOAD", FLAGGED);
			connection.call("SET", "k", "v");
			before = reads(connection);
			assertThat(connection.call("SAVE")).isEqualTo("+OK\r\n");
			connection.close();
		}
		assertThat(ChildProcess.run("redis-check-rdb",
				List.of("redis-check-rdb", this.dir.resolve("dump.rdb").toString()), this.dir, Map.of(), 60))
			.as("redis-check-rdb exit status")
			.isZero();
		try (RdbPersistenceIT.Server server = RdbPersistenceIT.Server.start(this.dir, "")) {
			RawConnection connection = connect(server);
			assertThat(reads(connection)).as("after a restart").isEqualTo(before);
			connection.close();
		}
		try (RedisServerProcess redis = RedisServerProcess.start(List.of("--dir", this.dir.toString()));
				RawConnection connection = redis.connect()) {
			assertThat(reads(connection)).as("redis-server on kvserver's dump").isEqualTo(before);
		}
	}

	@Test
	void librariesOfRedisDumpLoadAndBackgroundSavesKeepThem() throws Exception {
		String redisReads;
		try (RedisServerProcess redis = RedisServerProcess.start(List.of("--dir", this.dir.toString()));
				RawConnection connection = redis.connect()) {
			connection.call("FUNCTION", "LOAD", PLAIN);
			connection.call("FUNCTION", "LOAD", FLAGGED);
			connection.call("SET", "k", "v");
			redisReads = reads(connection);
			assertThat(connection.call("SAVE")).isEqualTo("+OK\r\n");
		}
		try (RdbPersistenceIT.Server server = RdbPersistenceIT.Server.start(this.dir, "")) {
			RawConnection connection = connect(server);
			assertThat(reads(connection)).as("kvserver on redis-server's dump").isEqualTo(redisReads);
			connection.call("FUNCTION", "DELETE", "plain");
			connection.call("BGSAVE");
			Awaitility.await("the background save")
				.atMost(Duration.ofSeconds(30))
				.until(() -> connection.call("INFO", "persistence").contains("rdb_bgsave_in_progress:0"));
			assertThat(connection.call("INFO", "persistence")).contains("rdb_last_bgsave_status:ok");
			connection.close();
		}
		try (RdbPersistenceIT.Server server = RdbPersistenceIT.Server.start(this.dir, "")) {
			RawConnection connection = connect(server);
			assertThat(connection.call("FUNCTION", "LIST")).as("after the background save and a restart")
				.isEqualTo("*1\r\n*6\r\n$12\r\nlibrary_name\r\n$7\r\nflagged\r\n$6\r\nengine\r\n$3\r\nLUA\r\n"
						+ "$9\r\nfunctions\r\n*1\r\n*6\r\n$4\r\nname\r\n$9\r\ndescribed\r\n$11\r\ndescription\r\n"
						+ "$11\r\nreads a key\r\n$5\r\nflags\r\n*2\r\n+no-writes\r\n+allow-stale\r\n");
			connection.close();
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "true", "false" })
	void withTheAppendOnlyFileLibrariesComeBackFromItsCommandsAndFromARewrite(String rdbPreamble) throws Exception {
		String[] aof = { "--kvserver.appendonly=true", "--kvserver.aof-use-rdb-preamble=" + rdbPreamble,
				"--kvserver.enable-debug-command=yes" };
		String listed;
		try (RdbPersistenceIT.Server server = RdbPersistenceIT.Server.start(this.dir, "", aof)) {
			RawConnection connection = connect(server);
			connection.call("FUNCTION", "LOAD", PLAIN);
			connection.call("SET", "k", "v");
			listed = connection.call("FUNCTION", "LIST", "WITHCODE", "LIBRARYNAME", "plain");
			connection.close();
		}
		try (RdbPersistenceIT.Server server = RdbPersistenceIT.Server.start(this.dir, "", aof)) {
			RawConnection connection = connect(server);
			assertThat(connection.call("FUNCTION", "LIST", "WITHCODE", "LIBRARYNAME", "plain"))
				.as("replayed from the incremental file")
				.isEqualTo(listed);
			assertThat(connection.call("DEBUG", "LOADAOF")).isEqualTo("+OK\r\n");
			assertThat(connection.call("FUNCTION", "LIST", "WITHCODE", "LIBRARYNAME", "plain"))
				.as("after DEBUG LOADAOF")
				.isEqualTo(listed);
			assertThat(connection.call("BGREWRITEAOF")).isEqualTo("+Background append only file rewriting started\r\n");
			Awaitility.await("the rewrite")
				.atMost(Duration.ofSeconds(30))
				.until(() -> connection.call("INFO", "persistence").contains("aof_rewrite_in_progress:0"));
			connection.close();
		}
		try (RdbPersistenceIT.Server server = RdbPersistenceIT.Server.start(this.dir, "", aof)) {
			RawConnection connection = connect(server);
			assertThat(connection.call("FUNCTION", "LIST", "WITHCODE", "LIBRARYNAME", "plain"))
				.as("loaded from the rewritten base file")
				.isEqualTo(listed);
			assertThat(connection.call("FCALL", "echo", "0", "after")).isEqualTo("$5\r\nafter\r\n");
			connection.close();
		}
	}

	private static RawConnection connect(RdbPersistenceIT.Server server) {
		return RawConnection.open("127.0.0.1", server.context().getBean(AbstractServerConnectionFactory.class).getPort());
	}

	/** The replies to {@link #READS}, in RESP2 and in RESP3, concatenated. */
	private static String reads(RawConnection connection) {
		StringBuilder replies = new StringBuilder();
		for (String protocol : List.of("2", "3")) {
			connection.call("HELLO", protocol);
			for (List<String> request : READS) {
				replies.append(request).append(" -> ").append(connection.call(request)).append('\n');
			}
		}
		connection.call("HELLO", "2");
		return replies.toString();
	}

}
