package io.kvserver.command;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static io.kvserver.command.CommandHarness.bulk;
import static io.kvserver.command.CommandHarness.bulkElements;
import static io.kvserver.command.CommandHarness.error;
import static io.kvserver.command.CommandHarness.integer;
import static io.kvserver.command.CommandHarness.status;
import static org.assertj.core.api.Assertions.assertThat;

/** Replies and error texts as redis-server 7.0.15 gives them (checked against one). */
class KeyCommandsTest {

	private final CommandHarness redis = new CommandHarness();

	@Test
	void delCountsKeysActuallyDeletedOncePerKey() {
		this.redis.run("SET", "a", "1");
		this.redis.run("SET", "b", "2");
		assertThat(this.redis.run("DEL", "a", "a", "nosuch", "b")).isEqualTo(integer(2));
		assertThat(this.redis.run("DEL", "a")).isEqualTo(integer(0));
		assertThat(this.redis.run("DBSIZE")).isEqualTo(integer(0));
	}

	@Test
	void delOfAnExpiredKeyCountsNothing() {
		this.redis.run("SET", "a", "1", "PX", "10");
		this.redis.advance(10);
		assertThat(this.redis.run("DEL", "a")).isEqualTo(integer(0));
		assertThat(this.redis.databases.db(0).expiredKeys()).isEqualTo(1);
	}

	@Test
	void existsCountsEveryArgumentIncludingRepeats() {
		this.redis.run("SET", "a", "1");
		assertThat(this.redis.run("EXISTS", "a", "a", "nosuch")).isEqualTo(integer(2));
		assertThat(this.redis.run("EXISTS", "nosuch")).isEqualTo(integer(0));
		this.redis.run("SET", "t", "1", "PX", "10");
		this.redis.advance(10);
		assertThat(this.redis.run("EXISTS", "t", "a")).isEqualTo(integer(1));
	}

	@Test
	void arityErrors() {
		assertThat(this.redis.run("DEL")).isEqualTo(error("ERR wrong number of arguments for 'del' command"));
		assertThat(this.redis.run("EXISTS")).isEqualTo(error("ERR wrong number of arguments for 'exists' command"));
		assertThat(this.redis.run("EXPIRE", "a")).isEqualTo(error("ERR wrong number of arguments for 'expire' command"));
		assertThat(this.redis.run("TTL", "a", "b")).isEqualTo(error("ERR wrong number of arguments for 'ttl' command"));
		assertThat(this.redis.run("KEYS")).isEqualTo(error("ERR wrong number of arguments for 'keys' command"));
	}

	@Test
	void expireAndTtl() {
		assertThat(this.redis.run("TTL", "a")).isEqualTo(integer(-2));
		assertThat(this.redis.run("PTTL", "a")).isEqualTo(integer(-2));
		this.redis.run("SET", "a", "1");
		assertThat(this.redis.run("TTL", "a")).isEqualTo(integer(-1));
		assertThat(this.redis.run("PTTL", "a")).isEqualTo(integer(-1));
		assertThat(this.redis.run("EXPIRE", "a", "100")).isEqualTo(integer(1));
		assertThat(this.redis.run("TTL", "a")).isEqualTo(integer(100));
		assertThat(this.redis.run("PEXPIRE", "a", "2500")).isEqualTo(integer(1));
		assertThat(this.redis.run("PTTL", "a")).isEqualTo(integer(2500));
		this.redis.advance(2499);
		assertThat(this.redis.run("PTTL", "a")).isEqualTo(integer(1));
		this.redis.advance(1);
		assertThat(this.redis.run("TTL", "a")).isEqualTo(integer(-2));
		assertThat(this.redis.run("EXISTS", "a")).isEqualTo(integer(0));
	}

	@Test
	void expireOfAMissingKeyIsZero() {
		assertThat(this.redis.run("EXPIRE", "nosuch", "10")).isEqualTo(integer(0));
		assertThat(this.redis.run("PEXPIRE", "nosuch", "-10")).isEqualTo(integer(0));
		assertThat(this.redis.run("EXISTS", "nosuch")).isEqualTo(integer(0));
	}

	@ParameterizedTest(name = "PX {0} -> TTL {1}")
	@CsvSource({ "499, 0", "500, 1", "1000, 1", "1499, 1", "1500, 2", "2499, 2", "100000, 100" })
	void ttlRoundsToTheNearestSecond(long millis, long seconds) {
		this.redis.run("SET", "k", "v", "PX", Long.toString(millis));
		assertThat(this.redis.run("TTL", "k")).isEqualTo(integer(seconds));
		assertThat(this.redis.run("PTTL", "k")).isEqualTo(integer(millis));
	}

	@Test
	void ttlRoundingFollowsTheClock() {
		this.redis.run("SET", "k", "v", "EX", "10");
		this.redis.advance(500);
		assertThat(this.redis.run("TTL", "k")).as("9500 ms left").isEqualTo(integer(10));
		this.redis.advance(1);
		assertThat(this.redis.run("TTL", "k")).as("9499 ms left").isEqualTo(integer(9));
		this.redis.advance(9000);
		assertThat(this.redis.run("TTL", "k")).as("499 ms left").isEqualTo(integer(0));
		assertThat(this.redis.run("PTTL", "k")).isEqualTo(integer(499));
	}

	@Test
	void expireNxOnlyWithoutTtl() {
		this.redis.run("SET", "a", "1");
		assertThat(this.redis.run("EXPIRE", "a", "100", "NX")).isEqualTo(integer(1));
		assertThat(this.redis.run("EXPIRE", "a", "200", "nx")).isEqualTo(integer(0));
		assertThat(this.redis.run("TTL", "a")).isEqualTo(integer(100));
	}

	@Test
	void expireXxOnlyWithTtl() {
		this.redis.run("SET", "a", "1");
		assertThat(this.redis.run("EXPIRE", "a", "100", "XX")).isEqualTo(integer(0));
		assertThat(this.redis.run("TTL", "a")).isEqualTo(integer(-1));
		this.redis.run("EXPIRE", "a", "100");
		assertThat(this.redis.run("EXPIRE", "a", "50", "XX")).isEqualTo(integer(1));
		assertThat(this.redis.run("TTL", "a")).isEqualTo(integer(50));
	}

	@Test
	void expireGtOnlyWhenLater() {
		this.redis.run("SET", "a", "1");
		assertThat(this.redis.run("EXPIRE", "a", "100", "GT")).as("no TTL counts as infinite").isEqualTo(integer(0));
		this.redis.run("EXPIRE", "a", "100");
		assertThat(this.redis.run("EXPIRE", "a", "50", "GT")).isEqualTo(integer(0));
		assertThat(this.redis.run("EXPIRE", "a", "100", "GT")).as("equal is not greater").isEqualTo(integer(0));
		assertThat(this.redis.run("EXPIRE", "a", "300", "gt")).isEqualTo(integer(1));
		assertThat(this.redis.run("TTL", "a")).isEqualTo(integer(300));
	}

	@Test
	void expireLtOnlyWhenSooner() {
		this.redis.run("SET", "a", "1");
		assertThat(this.redis.run("EXPIRE", "a", "300", "LT")).as("no TTL counts as infinite").isEqualTo(integer(1));
		assertThat(this.redis.run("EXPIRE", "a", "400", "LT")).isEqualTo(integer(0));
		assertThat(this.redis.run("EXPIRE", "a", "300", "LT")).as("equal is not less").isEqualTo(integer(0));
		assertThat(this.redis.run("EXPIRE", "a", "10", "lt")).isEqualTo(integer(1));
		assertThat(this.redis.run("TTL", "a")).isEqualTo(integer(10));
	}

	@Test
	void expireXxAndGtCombine() {
		this.redis.run("SET", "a", "1");
		assertThat(this.redis.run("EXPIRE", "a", "100", "XX", "GT")).isEqualTo(integer(0));
		this.redis.run("EXPIRE", "a", "100");
		assertThat(this.redis.run("EXPIRE", "a", "200", "XX", "GT")).isEqualTo(integer(1));
		assertThat(this.redis.run("TTL", "a")).isEqualTo(integer(200));
	}

	@Test
	void incompatibleOrUnknownFlags() {
		this.redis.run("SET", "a", "1");
		String nxAndOthers = error("ERR NX and XX, GT or LT options at the same time are not compatible");
		assertThat(this.redis.run("EXPIRE", "a", "10", "NX", "XX")).isEqualTo(nxAndOthers);
		assertThat(this.redis.run("EXPIRE", "a", "10", "GT", "NX")).isEqualTo(nxAndOthers);
		assertThat(this.redis.run("EXPIRE", "a", "10", "NX", "LT")).isEqualTo(nxAndOthers);
		assertThat(this.redis.run("EXPIRE", "a", "10", "GT", "LT"))
			.isEqualTo(error("ERR GT and LT options at the same time are not compatible"));
		assertThat(this.redis.run("EXPIRE", "a", "10", "FOO")).isEqualTo(error("ERR Unsupported option FOO"));
		assertThat(this.redis.run("EXPIRE", "nosuch", "10", "foo")).as("flags are checked before the key")
			.isEqualTo(error("ERR Unsupported option foo"));
		assertThat(this.redis.run("EXPIRE", "a", "10", "NX", "NX")).isEqualTo(integer(1));
		assertThat(this.redis.run("TTL", "a")).isEqualTo(integer(10));
	}

	@Test
	void invalidTimes() {
		this.redis.run("SET", "a", "1");
		assertThat(this.redis.run("EXPIRE", "a", "abc")).isEqualTo(error("ERR value is not an integer or out of range"));
		assertThat(this.redis.run("EXPIRE", "a", "1.5")).isEqualTo(error("ERR value is not an integer or out of range"));
		assertThat(this.redis.run("EXPIRE", "a", "9223372036854775807"))
			.isEqualTo(error("ERR invalid expire time in 'expire' command"));
		assertThat(this.redis.run("EXPIRE", "a", "-9223372036854775808"))
			.isEqualTo(error("ERR invalid expire time in 'expire' command"));
		assertThat(this.redis.run("PEXPIRE", "a", "9223372036854775807"))
			.isEqualTo(error("ERR invalid expire time in 'pexpire' command"));
		assertThat(this.redis.run("EXPIRE", "nosuch", "9223372036854775807")).as("time is checked before the key")
			.isEqualTo(error("ERR invalid expire time in 'expire' command"));
		assertThat(this.redis.run("TTL", "a")).isEqualTo(integer(-1));
	}

	@ParameterizedTest(name = "{0} {1}")
	@CsvSource({ "EXPIRE, -1", "EXPIRE, 0", "PEXPIRE, 0", "PEXPIRE, -100", "EXPIRE, -9223372036854775" })
	void expireInThePastDeletesTheKeyWithoutCountingAnExpiry(String command, String time) {
		this.redis.run("SET", "c", "1");
		assertThat(this.redis.run(command, "c", time)).isEqualTo(integer(1));
		assertThat(this.redis.run("EXISTS", "c")).isEqualTo(integer(0));
		assertThat(this.redis.run("DBSIZE")).isEqualTo(integer(0));
		assertThat(this.redis.databases.db(0).expiredKeys()).as("Redis deletes; expired_keys stays").isZero();
	}

	@Test
	void expireInThePastRespectsFlags() {
		this.redis.run("SET", "c", "1");
		assertThat(this.redis.run("EXPIRE", "c", "-1", "XX")).isEqualTo(integer(0));
		assertThat(this.redis.run("EXISTS", "c")).isEqualTo(integer(1));
		this.redis.run("EXPIRE", "c", "100");
		assertThat(this.redis.run("EXPIRE", "c", "-1", "LT")).isEqualTo(integer(1));
		assertThat(this.redis.run("EXISTS", "c")).isEqualTo(integer(0));
	}

	@Test
	void persist() {
		assertThat(this.redis.run("PERSIST", "nosuch")).isEqualTo(integer(0));
		this.redis.run("SET", "a", "1");
		assertThat(this.redis.run("PERSIST", "a")).isEqualTo(integer(0));
		this.redis.run("EXPIRE", "a", "10");
		assertThat(this.redis.run("PERSIST", "a")).isEqualTo(integer(1));
		assertThat(this.redis.run("PERSIST", "a")).isEqualTo(integer(0));
		assertThat(this.redis.run("TTL", "a")).isEqualTo(integer(-1));
		this.redis.advance(60_000);
		assertThat(this.redis.run("GET", "a")).isEqualTo(bulk("1"));
	}

	@Test
	void persistOfAnExpiredKeyIsZero() {
		this.redis.run("SET", "a", "1", "PX", "5");
		this.redis.advance(5);
		assertThat(this.redis.run("PERSIST", "a")).isEqualTo(integer(0));
		assertThat(this.redis.run("DBSIZE")).isEqualTo(integer(0));
	}

	@Test
	void keysMatchesGlobPatterns() {
		for (String key : new String[] { "hello", "hallo", "hxllo", "hllo", "heeeello", "user:1", "user:2", "user:10", "" }) {
			this.redis.run("SET", key, "v");
		}
		assertThat(keys("*")).containsExactlyInAnyOrder("hello", "hallo", "hxllo", "hllo", "heeeello", "user:1",
				"user:2", "user:10", "");
		assertThat(keys("h?llo")).containsExactlyInAnyOrder("hello", "hallo", "hxllo");
		assertThat(keys("h*llo")).containsExactlyInAnyOrder("hello", "hallo", "hxllo", "hllo", "heeeello");
		assertThat(keys("h[ae]llo")).containsExactlyInAnyOrder("hello", "hallo");
		assertThat(keys("h[^e]llo")).containsExactlyInAnyOrder("hallo", "hxllo");
		assertThat(keys("h[a-b]llo")).containsExactly("hallo");
		assertThat(keys("user:?")).containsExactlyInAnyOrder("user:1", "user:2");
		assertThat(keys("user:*")).containsExactlyInAnyOrder("user:1", "user:2", "user:10");
		assertThat(keys("nomatch*")).isEmpty();
		assertThat(this.redis.run("KEYS", "nomatch*")).isEqualTo("*0\r\n");
	}

	@Test
	void keysMatchesBinaryKeys() {
		this.redis.run("SET", "a\u0000b", "v");
		this.redis.run("SET", "a\r\nb", "v");
		this.redis.run("SET", "\u00ff\u0080", "v");
		assertThat(keys("a?b")).containsExactlyInAnyOrder("a\u0000b");
		assertThat(keys("a*b")).containsExactlyInAnyOrder("a\u0000b", "a\r\nb");
		assertThat(keys("[\u0080-\u00ff]*")).containsExactly("\u00ff\u0080");
	}

	@Test
	void keysSkipsExpiredKeys() {
		this.redis.run("SET", "live", "v", "PX", "100");
		this.redis.run("SET", "dead", "v", "PX", "10");
		this.redis.advance(10);
		assertThat(keys("*")).containsExactly("live");
	}

	@Test
	void keysOnlySeesTheSelectedDatabase() {
		this.redis.run("SET", "zero", "v");
		this.redis.run("SELECT", "1");
		this.redis.run("SET", "one", "v");
		assertThat(keys("*")).containsExactly("one");
	}

	@Test
	void type() {
		this.redis.run("SET", "a", "1");
		assertThat(this.redis.run("TYPE", "a")).isEqualTo(status("string"));
		assertThat(this.redis.run("TYPE", "nosuch")).isEqualTo(status("none"));
		this.redis.run("PEXPIRE", "a", "1");
		this.redis.advance(1);
		assertThat(this.redis.run("TYPE", "a")).isEqualTo(status("none"));
	}

	private List<String> keys(String pattern) {
		return bulkElements(this.redis.run("KEYS", pattern));
	}

}
