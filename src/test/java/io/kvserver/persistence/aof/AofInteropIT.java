package io.kvserver.persistence.aof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.kvserver.compat.RedisServerProcess;
import io.kvserver.support.ChildProcess;
import io.kvserver.support.PackagedServer;
import io.kvserver.support.RawConnection;

/**
 * The append-only file both ways with a real Redis 7.0: the same commands sent to kvserver and to
 * redis-server (both {@code appendonly yes}) leave the same bytes in the incremental file (their
 * effect forms: SET ... PXAT, PEXPIREAT, DEL, SET ... KEEPTTL, MULTI/EXEC, SELECT, a script's calls,
 * FUNCTION LOAD, DELETE and FLUSH as sent), absolute times aside; kvserver's directory after a rewrite passes redis-check-aof and loads into redis-server;
 * redis-server's directory loads into kvserver.
 */
class AofInteropIT {

	private static final String LIBRARY = "#!lua name=lib\nredis.register_function('setter', "
			+ "function(keys, args) return redis.call('set', keys[1], args[1]) end)";

	/** Commands whose effect forms Redis 7.0 writes, in the order sent; times are far in the future. */
	private static final List<List<String>> EFFECTS = List.of(List.of("SET", "plain", "v"),
			List.of("set", "lower", "v"), List.of("SET", "ex", "v", "EX", "1000"),
			List.of("SET", "px", "v", "PX", "100000", "GET"), List.of("SET", "get", "w", "GET"),
			List.of("SET", "nx", "v", "NX", "EX", "100"), List.of("SET", "nx", "v", "NX"), List.of("SETEX", "se", "100", "v"),
			List.of("PSETEX", "pse", "100000", "v"), List.of("GETEX", "plain", "EX", "500"),
			List.of("GETEX", "plain", "PERSIST"), List.of("GETEX", "plain", "PERSIST"), List.of("GETDEL", "lower"),
			List.of("GETDEL", "lower"), List.of("GETSET", "gs", "1"), List.of("INCRBYFLOAT", "f", "1.5"),
			List.of("INCRBYFLOAT", "f", "2.25"), List.of("INCR", "c"), List.of("INCRBY", "c", "5"),
			List.of("APPEND", "c", "0"), List.of("SETRANGE", "plain", "3", "xyz"), List.of("EXPIRE", "c", "1000"),
			List.of("PEXPIRE", "c", "2000000", "GT"), List.of("EXPIRE", "c", "5", "GT"),
			List.of("EXPIREAT", "gs", "1"), List.of("PERSIST", "c"), List.of("PERSIST", "c"),
			List.of("MSET", "m1", "a", "m2", "b"), List.of("MSETNX", "m1", "x", "m3", "y"), List.of("DEL", "m1", "nosuch"),
			List.of("DEL", "nosuch"), List.of("RENAME", "m2", "m4"), List.of("COPY", "m4", "m5"),
			List.of("MULTI"), List.of("SET", "t1", "1"), List.of("INCR", "t1"), List.of("GET", "t1"), List.of("EXEC"),
			List.of("MULTI"), List.of("SET", "t2", "1", "EX", "100"), List.of("GET", "t2"), List.of("EXEC"),
			List.of("SELECT", "3"), List.of("SET", "d3", "v"), List.of("MOVE", "d3", "4"), List.of("SELECT", "0"),
			List.of("SWAPDB", "4", "5"),
			List.of("EVAL", "redis.call('set',KEYS[1],'1') redis.call('incr',KEYS[1]) return redis.call('get',KEYS[1])", "1",
					"sc"),
			List.of("EVAL", "return redis.call('set',KEYS[1],'x','EX','100')", "1", "sc1"),
			List.of("FUNCTION", "LOAD", LIBRARY), List.of("FUNCTION", "LOAD", LIBRARY),
			List.of("FCALL", "setter", "1", "fk", "v"), List.of("FUNCTION", "LOAD", "REPLACE", LIBRARY),
			List.of("FUNCTION", "DELETE", "lib"), List.of("FUNCTION", "DELETE", "lib"), List.of("FUNCTION", "FLUSH"),
			List.of("SET", "back", "0"), List.of("FLUSHDB"), List.of("SET", "last", "v"));

	/** Absolute times differ between two runs: 13-digit numbers are compared as a placeholder. */
	private static final Pattern MILLIS = Pattern.compile("\\$13\r\n\\d{13}\r\n");

	@TempDir
	Path dir;

	@Test
	void sameCommandsLeaveRedisBytesAndEachLoadsTheOther() throws Exception {
		Path redisDir = Files.createDirectories(this.dir.resolve("redis"));
		Path kvDir = Files.createDirectories(this.dir.resolve("kv"));
		String redisIncr;
		List<String> redisInfo;
		try (RedisServerProcess redis = RedisServerProcess.start(List.of("--dir", redisDir.toString(), "--appendonly",
				"yes", "--appendfsync", "always"))) {
			try (RawConnection c = redis.connect()) {
				EFFECTS.forEach(command -> send(c, command));
				redisInfo = fieldNames(send(c, List.of("INFO", "persistence")));
			}
			redisIncr = Files.readString(redisDir.resolve("appendonlydir/appendonly.aof.1.incr.aof"),
					StandardCharsets.ISO_8859_1);
		}
		try (PackagedServer kv = PackagedServer.start("kvserver", kvDir, List.of("--kvserver.dir=" + kvDir,
				"--kvserver.appendonly=true", "--kvserver.appendfsync=always", "--kvserver.save="))) {
			try (RawConnection c = kv.connect()) {
				EFFECTS.forEach(command -> send(c, command));
				String kvIncr = Files.readString(kvDir.resolve("appendonlydir/appendonly.aof.1.incr.aof"),
						StandardCharsets.ISO_8859_1);
				assertThat(masked(kvIncr)).isEqualTo(masked(redisIncr));
				assertThat(fieldNames(send(c, List.of("INFO", "persistence")))).isEqualTo(redisInfo);
				assertThat(Files.readString(kvDir.resolve("appendonlydir/appendonly.aof.manifest")))
					.isEqualTo("file appendonly.aof.1.base.rdb seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n");

				// a rewrite, then more writes in the new incremental file
				assertThat(send(c, List.of("BGREWRITEAOF"))).isEqualTo("+Background append only file rewriting started\r\n");
				await().atMost(Duration.ofSeconds(30)).until(() -> Files
					.readString(kvDir.resolve("appendonlydir/appendonly.aof.manifest"))
					.equals("file appendonly.aof.2.base.rdb seq 2 type b\nfile appendonly.aof.2.incr.aof seq 2 type i\n"));
				assertThat(kvDir.resolve("appendonlydir/appendonly.aof.1.base.rdb")).doesNotExist();
				for (int i = 0; i < 200; i++) {
					send(c, List.of("SET", "after:" + i, "value-" + i, "EX", "100000"));
				}
				send(c, List.of("SELECT", "7"));
				send(c, List.of("INCRBYFLOAT", "db7", "0.5"));
			}
			assertThat(kv.process().terminate(Duration.ofSeconds(60))).as("exit status after SIGTERM").isZero();
		}
		Path manifest = kvDir.resolve("appendonlydir/appendonly.aof.manifest");
		Path checker = ChildProcess.require("redis-check-aof", "redis-tools");
		assertThat(ChildProcess.run("redis-check-aof", List.of(checker.toString(), manifest.toString()), this.dir,
				Map.of(), 60)).as("redis-check-aof exit status").isZero();

		Map<String, String> expected = new TreeMap<>();
		try (RedisServerProcess redis = RedisServerProcess.start(List.of("--dir", kvDir.toString(), "--appendonly", "yes"))) {
			try (RawConnection c = redis.connect()) {
				expected.putAll(dumpAll(c));
			}
		}
		assertThat(expected).containsEntry("0:after:199", "value-199 ttl").containsEntry("7:db7", "0.5")
			.containsEntry("0:last", "v").containsEntry("5:d3", "v").hasSize(203);

		// and back: kvserver again on the directory redis-server has loaded
		try (PackagedServer kv = PackagedServer.start("kvserver-again", kvDir, List.of("--kvserver.dir=" + kvDir,
				"--kvserver.appendonly=true", "--kvserver.save="))) {
			try (RawConnection c = kv.connect()) {
				assertThat(dumpAll(c)).isEqualTo(expected);
			}
		}
	}

	@Test
	void kvserverLoadsRedisIncrementalFilesAndPreamble() throws Exception {
		Path redisDir = Files.createDirectories(this.dir.resolve("redis"));
		Map<String, String> expected;
		try (RedisServerProcess redis = RedisServerProcess.start(List.of("--dir", redisDir.toString(), "--appendonly",
				"yes"))) {
			try (RawConnection c = redis.connect()) {
				send(c, List.of("SELECT", "1"));
				for (int i = 0; i < 100; i++) {
					send(c, List.of("SET", "k" + i, "v" + i));
				}
				send(c, List.of("SELECT", "0"));
				send(c, List.of("BGREWRITEAOF"));
				await().atMost(Duration.ofSeconds(30))
					.until(() -> send(c, List.of("INFO", "persistence")).contains("aof_rewrite_in_progress:0")
							&& Files.exists(redisDir.resolve("appendonlydir/appendonly.aof.2.base.rdb")));
				EFFECTS.forEach(command -> send(c, command));
				send(c, List.of("SELECT", "2"));
				send(c, List.of("INCRBYFLOAT", "x", "3.5"));
				expected = dumpAll(c);
			}
		}
		try (PackagedServer kv = PackagedServer.start("kvserver", redisDir, List.of("--kvserver.dir=" + redisDir,
				"--kvserver.appendonly=true", "--kvserver.save="))) {
			try (RawConnection c = kv.connect()) {
				assertThat(dumpAll(c)).isEqualTo(expected).containsEntry("2:x", "3.5").containsKey("1:k99");
			}
		}
	}

	@Test
	void debugReloadAndPopulateAreNotRecordedAndLoadaofLoadsTheFiles() throws Exception {
		List<List<String>> commands = List.of(List.of("SET", "a", "1"), List.of("DEBUG", "POPULATE", "3"),
				List.of("DEBUG", "RELOAD"), List.of("SET", "b", "2"), List.of("DBSIZE"), List.of("DEBUG", "LOADAOF"),
				List.of("DBSIZE"), List.of("MGET", "a", "b", "key:0"));
		Path redisDir = Files.createDirectories(this.dir.resolve("redis"));
		Path kvDir = Files.createDirectories(this.dir.resolve("kv"));
		List<String> redisReplies;
		String redisChanges;
		String redisIncr;
		try (RedisServerProcess redis = RedisServerProcess.start(List.of("--dir", redisDir.toString(), "--appendonly",
				"yes", "--enable-debug-command", "yes"))) {
			try (RawConnection c = redis.connect()) {
				redisReplies = commands.stream().map(command -> send(c, command)).toList();
				redisChanges = field(send(c, List.of("INFO", "persistence")), "rdb_changes_since_last_save");
			}
			redisIncr = Files.readString(redisDir.resolve("appendonlydir/appendonly.aof.1.incr.aof"),
					StandardCharsets.ISO_8859_1);
		}
		assertThat(redisReplies.get(6)).isEqualTo(":2\r\n");
		try (PackagedServer kv = PackagedServer.start("kvserver-debug", kvDir, List.of("--kvserver.dir=" + kvDir,
				"--kvserver.appendonly=true", "--kvserver.save=", "--kvserver.enable-debug-command=yes"));
				RawConnection c = kv.connect()) {
			assertThat(commands.stream().map(command -> send(c, command)).toList()).isEqualTo(redisReplies);
			assertThat(field(send(c, List.of("INFO", "persistence")), "rdb_changes_since_last_save"))
				.isEqualTo(redisChanges)
				.isEqualTo("0");
			assertThat(Files.readString(kvDir.resolve("appendonlydir/appendonly.aof.1.incr.aof"),
					StandardCharsets.ISO_8859_1)).isEqualTo(redisIncr);
		}
	}

	private static String field(String info, String name) {
		for (String line : info.split("\r\n")) {
			if (line.startsWith(name + ":")) {
				return line.substring(name.length() + 1);
			}
		}
		throw new AssertionError("no " + name + " in " + info);
	}

	/** Every key of the 16 databases as "db:key" -> value, plus " ttl" if it has one. */
	static Map<String, String> dumpAll(RawConnection c) {
		Map<String, String> all = new TreeMap<>();
		for (int db = 0; db < 16; db++) {
			send(c, List.of("SELECT", Integer.toString(db)));
			List<String> keys = bulks(send(c, List.of("KEYS", "*")));
			for (String key : keys) {
				String value = bulks(send(c, List.of("GET", key))).getFirst();
				String ttl = send(c, List.of("PTTL", key));
				all.put(db + ":" + key, value + (ttl.equals(":-1\r\n") ? "" : " ttl"));
			}
		}
		send(c, List.of("SELECT", "0"));
		return all;
	}

	private static List<String> bulks(String reply) {
		List<String> out = new ArrayList<>();
		String[] lines = reply.split("\r\n");
		for (int i = 0; i < lines.length; i++) {
			if (lines[i].startsWith("$") && !lines[i].equals("$-1")) {
				out.add(lines[++i]);
			}
		}
		return out;
	}

	static String send(RawConnection c, List<String> argv) {
		return c.command(argv.toArray(String[]::new));
	}

	/** The field names of an INFO reply, in order. */
	private static List<String> fieldNames(String info) {
		List<String> names = new ArrayList<>();
		for (String line : info.split("\r\n")) {
			if (line.contains(":") && !line.startsWith("$")) {
				names.add(line.substring(0, line.indexOf(':')));
			}
		}
		return names;
	}

	private static String masked(String aof) {
		return MILLIS.matcher(aof).replaceAll("\\$13\r\n<ms>\r\n");
	}

}
