package io.kvserver.compat;

import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.springframework.test.context.TestPropertySource;

/**
 * The scenarios of {@code src/test/resources/compat-debug/}, which need DEBUG: played, as
 * RedisCompatibilityIT plays its own, against a redis-server and a kvserver that both allow it
 * ({@code enable-debug-command yes}).
 */
@TestPropertySource(properties = "kvserver.enable-debug-command=yes")
class DebugCompatibilityIT extends RedisCompatibilityIT {

	@BeforeAll
	static void startRedisWithDebug() {
		redis.close();
		redis = RedisServerProcess.start(List.of("--enable-debug-command", "yes"));
	}

	@Override
	String scenarioDirectory() {
		return "compat-debug";
	}

}
