package io.kvserver.loadtest;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.kvserver.compat.RedisServerProcess;

import static org.assertj.core.api.Assertions.assertThat;

/** The runner owes nothing to kvserver: the same run against a real redis-server. */
class LoadTestRedisIT {

	private static RedisServerProcess redis;

	@TempDir
	Path out;

	@BeforeAll
	static void startRedis() {
		redis = RedisServerProcess.start();
	}

	@AfterAll
	static void stopRedis() {
		redis.close();
	}

	@Test
	void sustainedRunAgainstRealRedis() throws IOException {
		LoadTestCommand run = LoadTestCommand.run("--host", redis.host(), "--port", Integer.toString(redis.port()),
				"-c", "4", "-d", "1s", "--warm-up", "0s", "--ramp-up", "100ms", "--think-ms", "0-10", "-o",
				this.out.toString(), "--label", "redis");
		run.assertCleanSweep(this.out, "redis-sustained", 4);
		try (var connection = redis.connect()) {
			assertThat(connection.send("GET count\r\n").readReply()).matches("\\$\\d+\r\n\\d+\r\n");
		}
	}

	@Test
	void queueRunAgainstRealRedis() throws IOException {
		LoadTestCommand run = LoadTestCommand.run("--host", redis.host(), "--port", Integer.toString(redis.port()),
				"-c", "10", "-d", "1s", "--warm-up", "0s", "--ramp-up", "100ms", "-s", "queue", "--producers", "2",
				"--keys", "3", "-o", this.out.toString(), "--label", "redis");
		run.assertCleanSweep(this.out, "redis-queue", 10);
	}

}
