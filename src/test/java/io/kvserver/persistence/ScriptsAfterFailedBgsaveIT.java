package io.kvserver.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.integration.ip.tcp.connection.AbstractServerConnectionFactory;

import io.kvserver.compat.RedisServerProcess;
import io.kvserver.support.RawConnection;

/**
 * Scripts while writes are refused because the last background save failed (MISCONF), against a
 * real redis-server 7.0 in the same state, byte for byte in RESP2 and RESP3: a script that declares
 * writes (a shebang without no-writes, a function without it) is refused before it runs, as a
 * write command is; a script without flags runs, and its write commands fail inside it (raised or
 * returned by pcall); reads go on. Then errorstats and the calls, rejections and failures of
 * commandstats. Both save into a directory where {@code dump.rdb} is a directory, so that the
 * rename ending every save fails.
 */
class ScriptsAfterFailedBgsaveIT {

	private static final String WRITER = "#!lua name=writer\n"
			+ "redis.register_function('w', function(keys, args) return redis.call('set', keys[1], args[1]) end)\n";

	private static final String READER = "#!lua name=reader\n"
			+ "redis.register_function{function_name='r', callback=function(keys) return redis.call('get', keys[1]) end,"
			+ " flags={'no-writes'}}\n"
			+ "redis.register_function{function_name='rw', callback=function(keys) return redis.call('set', keys[1], 1) end,"
			+ " flags={'no-writes'}}\n";

	private static final List<List<String>> REQUESTS = List.of(List.of("SET", "x", "2"), List.of("GET", "x"),
			List.of("PING"), List.of("EVAL", "return redis.call('set', KEYS[1], 1)", "1", "x"),
			List.of("EVAL", "local e = redis.pcall('set', KEYS[1], 1) return {e['err'], redis.call('get', KEYS[1])}",
					"1", "x"),
			List.of("EVAL", "return redis.pcall('set', KEYS[1], 1)", "1", "x"),
			List.of("EVAL", "return redis.call('get', KEYS[1])", "1", "x"),
			List.of("EVAL", "#!lua\nreturn redis.call('get', KEYS[1])", "1", "x"),
			List.of("EVAL", "#!lua flags=no-writes\nreturn redis.call('get', KEYS[1])", "1", "x"),
			List.of("EVAL", "#!lua flags=no-writes\nreturn redis.call('set', KEYS[1], 1)", "1", "x"),
			List.of("EVAL", "#!lua\nreturn redis.call('get', KEYS[1])", "x", "x"),
			List.of("EVAL", "#!lua\nreturn redis.call('get', KEYS[1]", "0"),
			List.of("EVAL", "#!lua bad=flag\nreturn 1", "0"),
			List.of("EVAL_RO", "#!lua\nreturn redis.call('get', KEYS[1])", "1", "x"),
			List.of("EVALSHA", "c6f6d07ae057879e18c39f3c2bffc90c0327aedf", "1", "x"),
			List.of("FCALL", "w", "1", "x", "3"), List.of("FCALL", "w", "x"), List.of("FCALL_RO", "w", "1", "x"),
			List.of("FCALL", "r", "1", "x"), List.of("FCALL_RO", "r", "1", "x"), List.of("FCALL", "rw", "1", "x"),
			List.of("FCALL", "nosuch", "0"), List.of("FUNCTION", "LOAD", "#!lua name=late\n"
					+ "redis.register_function('late', function() return 1 end)"),
			List.of("MULTI"), List.of("EVAL", "return redis.call('get', KEYS[1])", "1", "x"),
			List.of("EVAL", "#!lua\nreturn 1", "0"), List.of("EXEC"));

	@TempDir
	Path dir;

	@Test
	void scriptsMeetMisconfAsInRedis() throws Exception {
		try (RedisServerProcess redis = RedisServerProcess.start(List.of("--save", "900 1"));
				RdbPersistenceIT.Server server = RdbPersistenceIT.Server.start(this.dir, "900 1");
				RawConnection reference = redis.connect();
				RawConnection ours = RawConnection.open("127.0.0.1",
						server.context().getBean(AbstractServerConnectionFactory.class).getPort())) {
			for (RawConnection connection : List.of(reference, ours)) {
				// EVALSHA of a cached script that declares writes (c6f6d07a...).
				connection.call("SCRIPT", "LOAD", "#!lua\nreturn redis.call('get', KEYS[1])");
				connection.call("SET", "x", "1");
				connection.call("FUNCTION", "LOAD", WRITER);
				connection.call("FUNCTION", "LOAD", READER);
			}
			failNextSave(redis.workDir(), reference);
			failNextSave(this.dir, ours);
			reference.call("CONFIG", "RESETSTAT");
			ours.call("CONFIG", "RESETSTAT");
			List<String> differences = new ArrayList<>();
			for (String protocol : List.of("2", "3")) {
				reference.call("HELLO", protocol);
				ours.call("HELLO", protocol);
				for (List<String> request : REQUESTS) {
					compare("RESP" + protocol + " " + request, reference.call(request), ours.call(request),
							differences);
				}
			}
			compare("errorstats", reference.call("INFO", "errorstats"), ours.call("INFO", "errorstats"), differences);
			compare("commandstats", callCounts(reference), callCounts(ours), differences);
			assertThat(differences).as("replies that differ from Redis's").isEmpty();
			assertThat(ours.call("GET", "x")).as("the refused writes wrote nothing").isEqualTo("$1\r\n1\r\n");
		}
	}

	private static void compare(String what, String redis, String kvserver, List<String> differences) {
		if (!redis.equals(kvserver)) {
			differences.add(what + "\n  redis:    " + redis + "\n  kvserver: " + kvserver);
		}
	}

	/** BGSAVE into a directory where dump.rdb is a non-empty directory: the save fails, and writes are refused. */
	private static void failNextSave(Path directory, RawConnection connection) throws Exception {
		Files.createDirectories(directory.resolve("dump.rdb").resolve("in-the-way"));
		assertThat(connection.call("BGSAVE")).isEqualTo("+Background saving started\r\n");
		Supplier<String> persistence = () -> connection.call("INFO", "persistence");
		Awaitility.await("the failed background save")
			.atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> {
				String info = persistence.get();
				return info.contains("rdb_bgsave_in_progress:0") && info.contains("rdb_last_bgsave_status:err");
			});
	}

	/** The scripting commands' and SET's lines of INFO commandstats, without their times. */
	private static String callCounts(RawConnection connection) {
		StringBuilder counts = new StringBuilder();
		connection.call("INFO", "commandstats").lines()
			.filter(line -> line.matches("cmdstat_(eval|eval_ro|evalsha|fcall|fcall_ro|set|get|function\\|load):.*"))
			.sorted()
			.forEach(line -> counts.append(line.replaceAll("usec=\\d+,usec_per_call=[\\d.]+,", "")).append('\n'));
		return counts.toString();
	}

}
