package io.kvserver.scripting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.kvserver.support.KvServerIntegrationTest;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * A script that never ends: past busy-reply-threshold other clients get -BUSY, SCRIPT KILL ends it
 * (or is refused once it has written), and the server goes on serving.
 */
class RunawayScriptIT extends KvServerIntegrationTest {

	private static final String BUSY = "BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.";

	private Jedis client() {
		return new Jedis("127.0.0.1", port(), 10_000);
	}

	@Test
	void busyThenKilledThenServing() throws Exception {
		try (Jedis admin = client(); Jedis runner = client(); Jedis other = client()) {
			admin.configSet("busy-reply-threshold", "200");
			try {
				CompletableFuture<Object> running = CompletableFuture.supplyAsync(() -> runner.eval("while true do end"));
				await().atMost(Duration.ofSeconds(10))
					.untilAsserted(() -> assertThatExceptionOfType(JedisDataException.class).isThrownBy(other::ping)
						.withMessage(BUSY));
				assertThatExceptionOfType(JedisDataException.class).isThrownBy(() -> other.get("runaway:any"))
					.withMessage(BUSY);
				assertThat(other.scriptKill()).isEqualTo("OK");
				assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> running.get(10, TimeUnit.SECONDS))
					.havingCause()
					.isInstanceOf(JedisDataException.class)
					.withMessageStartingWith("ERR Script killed by user with SCRIPT KILL... script: ");
				assertThat(other.ping()).isEqualTo("PONG");
				assertThat(other.set("runaway:after", "ok")).isEqualTo("OK");
				assertThat(runner.eval("return redis.call('get', KEYS[1])", List.of("runaway:after"), List.of()))
					.isEqualTo("ok");
				assertThatExceptionOfType(JedisDataException.class).isThrownBy(other::scriptKill)
					.withMessage("NOTBUSY No scripts in execution right now.");
			}
			finally {
				admin.configSet("busy-reply-threshold", "5000");
			}
		}
	}

	@Test
	void aRunawayFunctionIsKilledByFunctionKill() throws Exception {
		try (Jedis admin = client(); Jedis runner = client(); Jedis other = client()) {
			admin.configSet("busy-reply-threshold", "200");
			try {
				admin.functionLoadReplace("#!lua name=runaway\nredis.register_function('spin', function() while true do end end)");
				CompletableFuture<Object> running = CompletableFuture.supplyAsync(() -> runner.fcall("spin", List.of(), List.of()));
				String busy = "BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE.";
				await().atMost(Duration.ofSeconds(10))
					.untilAsserted(() -> assertThatExceptionOfType(JedisDataException.class).isThrownBy(other::ping)
						.withMessage(busy));
				assertThatExceptionOfType(JedisDataException.class).isThrownBy(other::scriptKill).withMessage(busy);
				assertThat(other.functionKill()).isEqualTo("OK");
				assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> running.get(10, TimeUnit.SECONDS))
					.havingCause()
					.isInstanceOf(JedisDataException.class)
					.withMessage("ERR Script killed by user with SCRIPT KILL... script: spin, on @user_function:2.");
				assertThat(other.ping()).isEqualTo("PONG");
			}
			finally {
				admin.functionDelete("runaway");
				admin.configSet("busy-reply-threshold", "5000");
			}
		}
	}

	@Test
	void aScriptThatWroteCannotBeKilledButEndsOnItsOwn() throws Exception {
		try (Jedis admin = client(); Jedis runner = client(); Jedis other = client()) {
			admin.configSet("busy-reply-threshold", "200");
			try {
				// Writes, then spins for about two seconds of wall-clock time, then ends by itself.
				CompletableFuture<Object> running = CompletableFuture.supplyAsync(() -> runner.eval(
						"redis.call('set', KEYS[1], 'written') local t = redis.call('time') "
								+ "local stop = t[1] + 2 while tonumber(redis.call('time')[1]) < stop do end return 'done'",
						List.of("runaway:written"), List.of()));
				await().atMost(Duration.ofSeconds(10))
					.untilAsserted(() -> assertThatExceptionOfType(JedisDataException.class).isThrownBy(other::ping)
						.withMessage(BUSY));
				assertThatExceptionOfType(JedisDataException.class).isThrownBy(other::scriptKill)
					.withMessageStartingWith("UNKILLABLE Sorry the script already executed write commands");
				assertThat(running.get(20, TimeUnit.SECONDS)).isEqualTo("done");
				assertThat(other.get("runaway:written")).isEqualTo("written");
			}
			finally {
				admin.configSet("busy-reply-threshold", "5000");
			}
		}
	}

}
