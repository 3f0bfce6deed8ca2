package io.kvserver.compat;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import io.kvserver.support.KvServerIntegrationTest;

/**
 * Base for integration tests that compare kvserver with a real Redis 7.0: the application as
 * {@link KvServerIntegrationTest} starts it, and one redis-server for the test class.
 */
abstract class RedisComparisonTest extends KvServerIntegrationTest {

	static RedisServerProcess redis;

	@BeforeAll
	static void startRedis() {
		redis = RedisServerProcess.start();
		assertThat(redis.version())
			.as("the reference must be Redis 7.0, whose replies kvserver matches; a different version answers differently")
			.startsWith("7.0.");
	}

	@AfterAll
	static void stopRedis() {
		if (redis != null) {
			redis.close();
		}
	}

}
