package io.kvserver.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.kvserver.support.ChildProcess;
import io.kvserver.support.PackagedJar;
import io.kvserver.support.RawConnection;

/**
 * Eviction in the packaged server, one policy at a time: a keyspace written to several times
 * maxmemory. The server keeps answering, used_memory stays within maxmemory plus the slack of one
 * command (eviction runs before each command, so the last write may go over by its own size), and
 * evicted_keys counts; the volatile policies evict only keys with a TTL, and noeviction refuses
 * writes with Redis's -OOM instead.
 */
class EvictionIT {

	private static final Duration DEADLINE = Duration.ofMinutes(5);

	private static final long MAXMEMORY = 4L * 1024 * 1024;

	/** One SET of the 1000-byte values written here: key, value and table slots, generously. */
	private static final long SLACK = 2048;

	private static final String VALUE = "x".repeat(1000);

	@TempDir
	static Path work;

	private static ChildProcess server;

	private static int port;

	@BeforeAll
	static void start() {
		port = ChildProcess.freeLoopbackPort();
		server = ChildProcess.start("kvserver", PackagedJar.command(List.of("-Xmx256m"),
				List.of("--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "", "--maxmemory", "4mb",
						"--server.port=0")),
				work, Map.of());
		await("the server answering").atMost(DEADLINE).ignoreExceptions().until(() -> {
			server.assertAlive();
			try (RawConnection probe = RawConnection.open("127.0.0.1", port)) {
				return probe.send("PING\r\n").readReply().equals("+PONG\r\n");
			}
		});
	}

	@AfterAll
	static void stop() {
		if (server != null) {
			server.close();
		}
	}

	@ParameterizedTest
	@EnumSource(value = EvictionPolicy.class, names = "NOEVICTION", mode = EnumSource.Mode.EXCLUDE)
	void aKeyspaceLargerThanMaxmemoryIsEvictedDownToIt(EvictionPolicy policy) {
		try (RawConnection client = RawConnection.open("127.0.0.1", port)) {
			reset(client, policy);
			long evictedBefore = info(client, "evicted_keys");
			// Keys without a TTL take half of maxmemory: the volatile policies can stay within it too.
			int persistent = write(client, "keep:", 1800, false);
			int volatileKeys = write(client, "ttl:", 12_000, true);
			assertThat(persistent + volatileKeys).as("every SET answered OK").isEqualTo(13_800);
			assertThat(client.send("PING\r\n").readReply()).isEqualTo("+PONG\r\n");
			assertThat(info(client, "maxmemory")).isEqualTo(MAXMEMORY);
			assertThat(info(client, "used_memory")).as("used_memory").isLessThanOrEqualTo(MAXMEMORY + SLACK);
			long evicted = info(client, "evicted_keys") - evictedBefore;
			long keys = dbsize(client);
			assertThat(evicted).as("evicted_keys").isEqualTo(13_800 - keys).isGreaterThan(8000);
			if (policy.volatileOnly()) {
				assertThat(existing(client, "keep:", 1800)).as("keys without a TTL all stay").isEqualTo(1800);
			}
			else {
				assertThat(existing(client, "keep:", 1800)).as("allkeys policies evict the first keys too").isLessThan(1800);
			}
			assertThat(client.send("CONFIG GET maxmemory-policy\r\n").readReply()).contains(policy.configName());
		}
		server.assertAlive();
	}

	@Test
	void noevictionRefusesWritesButServesEverythingElse() {
		try (RawConnection client = RawConnection.open("127.0.0.1", port)) {
			reset(client, EvictionPolicy.NOEVICTION);
			int written = 0;
			String reply = "";
			while (written < 20_000) {
				reply = client.send(set("k:" + written, false)).readReply();
				if (!reply.equals("+OK\r\n")) {
					break;
				}
				written++;
			}
			assertThat(reply).isEqualTo("-OOM command not allowed when used memory > 'maxmemory'.\r\n");
			assertThat(written).isBetween(2000, 4500);
			assertThat(info(client, "used_memory")).isLessThanOrEqualTo(MAXMEMORY + SLACK);
			assertThat(client.send("GET k:0\r\n").readReply()).isEqualTo("$1000\r\n" + VALUE + "\r\n");
			assertThat(client.send("APPEND k:0 more\r\n").readReply()).startsWith("-OOM");
			assertThat(client.send("MULTI\r\n").readReply()).isEqualTo("+OK\r\n");
			assertThat(client.send("GET k:0\r\n").readReply()).as("inside MULTI every command is refused").startsWith("-OOM");
			assertThat(client.send("EXEC\r\n").readReply())
				.isEqualTo("-EXECABORT Transaction discarded because of previous errors.\r\n");
			assertThat(client.send("DEL k:0 k:1 k:2\r\n").readReply()).as("DEL frees memory").isEqualTo(":3\r\n");
			assertThat(client.send(set("again", false)).readReply()).isEqualTo("+OK\r\n");
			assertThat(info(client, "evicted_keys")).isZero();
		}
	}

	@Test
	void objectFreqCountsUnderAnLfuPolicyAndIdletimeUnderTheOthers() {
		try (RawConnection client = RawConnection.open("127.0.0.1", port)) {
			reset(client, EvictionPolicy.ALLKEYS_LFU);
			client.send("SET f v\r\n").readReply();
			assertThat(client.send("OBJECT FREQ f\r\n").readReply()).isEqualTo(":5\r\n");
			for (int i = 0; i < 100; i++) {
				client.send("GET f\r\n").readReply();
			}
			assertThat(Long.parseLong(client.send("OBJECT FREQ f\r\n").readReply().trim().substring(1))).isGreaterThan(5);
			assertThat(client.send("OBJECT IDLETIME f\r\n").readReply()).startsWith("-ERR An LFU maxmemory policy is selected");
			reset(client, EvictionPolicy.ALLKEYS_LRU);
			client.send("SET f v\r\n").readReply();
			assertThat(client.send("OBJECT IDLETIME f\r\n").readReply()).isEqualTo(":0\r\n");
			assertThat(client.send("OBJECT FREQ f\r\n").readReply()).startsWith("-ERR An LFU maxmemory policy is not selected");
		}
	}

	private static void reset(RawConnection client, EvictionPolicy policy) {
		assertThat(client.send("FLUSHALL\r\n").readReply()).isEqualTo("+OK\r\n");
		assertThat(client.send("CONFIG SET maxmemory-policy " + policy.configName() + "\r\n").readReply())
			.isEqualTo("+OK\r\n");
	}

	/** Writes {@code count} keys in pipelined batches; returns how many answered OK. */
	private static int write(RawConnection client, String prefix, int count, boolean withTtl) {
		int ok = 0;
		for (int start = 0; start < count; start += 500) {
			StringBuilder batch = new StringBuilder();
			int end = Math.min(count, start + 500);
			for (int i = start; i < end; i++) {
				batch.append(set(prefix + i, withTtl));
			}
			client.send(batch.toString());
			for (int i = start; i < end; i++) {
				ok += client.readReply().equals("+OK\r\n") ? 1 : 0;
			}
		}
		return ok;
	}

	private static String set(String key, boolean withTtl) {
		return withTtl ? "SET " + key + " " + VALUE + " EX 3600\r\n" : "SET " + key + " " + VALUE + "\r\n";
	}

	private static int existing(RawConnection client, String prefix, int count) {
		StringBuilder exists = new StringBuilder("EXISTS");
		for (int i = 0; i < count; i++) {
			exists.append(' ').append(prefix).append(i);
		}
		String reply = client.send(exists.append("\r\n").toString()).readReply();
		return Integer.parseInt(reply.substring(1).trim());
	}

	private static long dbsize(RawConnection client) {
		return Long.parseLong(client.send("DBSIZE\r\n").readReply().substring(1).trim());
	}

	static long info(RawConnection client, String field) {
		String info = client.send("INFO\r\n").readReply();
		Matcher matcher = Pattern.compile("\r\n" + field + ":(\\d+)\r\n").matcher(info);
		assertThat(matcher.find()).as("INFO has %s", field).isTrue();
		return Long.parseLong(matcher.group(1));
	}

}
