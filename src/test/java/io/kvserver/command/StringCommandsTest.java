package io.kvserver.command;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static io.kvserver.command.CommandHarness.T0;
import static io.kvserver.command.CommandHarness.array;
import static io.kvserver.command.CommandHarness.bulk;
import static io.kvserver.command.CommandHarness.error;
import static io.kvserver.command.CommandHarness.integer;
import static io.kvserver.command.CommandHarness.nil;
import static io.kvserver.command.CommandHarness.ok;
import static org.assertj.core.api.Assertions.assertThat;

/** Replies and error texts as redis-server 7.0.15 gives them (checked against one). */
class StringCommandsTest {

	private static final String SYNTAX = error("ERR syntax error");

	private static final String NOT_INTEGER = error("ERR value is not an integer or out of range");

	private static final String INVALID_EXPIRE = error("ERR invalid expire time in 'set' command");

	private static final String OVERFLOW = error("ERR increment or decrement would overflow");

	private final CommandHarness redis = new CommandHarness();

	@Test
	void getAndSet() {
		assertThat(this.redis.run("GET", "k")).isEqualTo(nil());
		assertThat(this.redis.run("SET", "k", "v")).isEqualTo(ok());
		assertThat(this.redis.run("get", "k")).isEqualTo(bulk("v"));
		assertThat(this.redis.run("SET", "k", "")).isEqualTo(ok());
		assertThat(this.redis.run("GET", "k")).isEqualTo(bulk(""));
	}

	@Test
	void binaryKeysAndValuesRoundTrip() {
		String key = "k\u0000\r\n\u00ff";
		String value = "\u0000\r\n$-1\r\n\u0080\u00ff";
		assertThat(this.redis.run("SET", key, value)).isEqualTo(ok());
		assertThat(this.redis.run("GET", key)).isEqualTo(bulk(value));
		assertThat(this.redis.run("GET", "k")).isEqualTo(nil());
	}

	@Test
	void arityErrors() {
		assertThat(this.redis.run("SET", "k")).isEqualTo(error("ERR wrong number of arguments for 'set' command"));
		assertThat(this.redis.run("GET")).isEqualTo(error("ERR wrong number of arguments for 'get' command"));
		assertThat(this.redis.run("GET", "a", "b")).isEqualTo(error("ERR wrong number of arguments for 'get' command"));
		assertThat(this.redis.run("INCR", "a", "b")).isEqualTo(error("ERR wrong number of arguments for 'incr' command"));
		assertThat(this.redis.run("MGET")).isEqualTo(error("ERR wrong number of arguments for 'mget' command"));
	}

	@Test
	void setNxOnlyWhenMissing() {
		assertThat(this.redis.run("SET", "k", "v1", "NX")).isEqualTo(ok());
		assertThat(this.redis.run("SET", "k", "v2", "nx")).isEqualTo(nil());
		assertThat(this.redis.run("GET", "k")).isEqualTo(bulk("v1"));
	}

	@Test
	void setXxOnlyWhenPresent() {
		assertThat(this.redis.run("SET", "k", "v1", "XX")).isEqualTo(nil());
		assertThat(this.redis.run("GET", "k")).isEqualTo(nil());
		this.redis.run("SET", "k", "v1");
		assertThat(this.redis.run("SET", "k", "v2", "xX")).isEqualTo(ok());
		assertThat(this.redis.run("GET", "k")).isEqualTo(bulk("v2"));
	}

	@Test
	void setNxTreatsAnExpiredKeyAsMissing() {
		this.redis.run("SET", "k", "old", "PX", "100");
		this.redis.advance(100);
		assertThat(this.redis.run("SET", "k", "new", "NX")).isEqualTo(ok());
		assertThat(this.redis.run("GET", "k")).isEqualTo(bulk("new"));
	}

	@Test
	void setGetReturnsTheOldValue() {
		assertThat(this.redis.run("SET", "m", "v", "GET")).isEqualTo(nil());
		assertThat(this.redis.run("SET", "m", "v2", "GET")).isEqualTo(bulk("v"));
		assertThat(this.redis.run("SET", "m", "v3", "GET", "GET")).isEqualTo(bulk("v2"));
		assertThat(this.redis.run("GET", "m")).isEqualTo(bulk("v3"));
	}

	@Test
	void setGetWithNxOrXxReturnsTheOldValueEvenWhenNotSetting() {
		this.redis.run("SET", "m", "v");
		assertThat(this.redis.run("SET", "m", "v2", "NX", "GET")).isEqualTo(bulk("v"));
		assertThat(this.redis.run("GET", "m")).isEqualTo(bulk("v"));
		assertThat(this.redis.run("SET", "m", "v3", "XX", "GET")).isEqualTo(bulk("v"));
		assertThat(this.redis.run("GET", "m")).isEqualTo(bulk("v3"));
		assertThat(this.redis.run("SET", "n", "v", "XX", "GET")).isEqualTo(nil());
		assertThat(this.redis.run("GET", "n")).isEqualTo(nil());
	}

	@Test
	void setExAndPxSetRelativeDeadlines() {
		assertThat(this.redis.run("SET", "k", "v", "EX", "10")).isEqualTo(ok());
		assertThat(this.redis.run("PTTL", "k")).isEqualTo(integer(10_000));
		assertThat(this.redis.run("SET", "p", "v", "px", "1500")).isEqualTo(ok());
		assertThat(this.redis.run("PTTL", "p")).isEqualTo(integer(1500));
		this.redis.advance(1499);
		assertThat(this.redis.run("GET", "p")).isEqualTo(bulk("v"));
		this.redis.advance(1);
		assertThat(this.redis.run("GET", "p")).isEqualTo(nil());
	}

	@Test
	void setExatAndPxatSetAbsoluteDeadlines() {
		long seconds = T0 / 1000 + 100;
		assertThat(this.redis.run("SET", "k", "v", "EXAT", Long.toString(seconds))).isEqualTo(ok());
		assertThat(this.redis.run("PTTL", "k")).isEqualTo(integer(seconds * 1000 - T0));
		assertThat(this.redis.run("SET", "p", "v", "PXAT", Long.toString(T0 + 2500))).isEqualTo(ok());
		assertThat(this.redis.run("PTTL", "p")).isEqualTo(integer(2500));
	}

	@Test
	void setWithDeadlineInThePastStoresAKeyThatIsAlreadyExpired() {
		// Redis 7.0 stores it (DBSIZE counts it) and the first lookup expires it.
		assertThat(this.redis.run("SET", "k", "v", "EXAT", "1")).isEqualTo(ok());
		assertThat(this.redis.run("DBSIZE")).isEqualTo(integer(1));
		assertThat(this.redis.run("GET", "k")).isEqualTo(nil());
		assertThat(this.redis.run("DBSIZE")).isEqualTo(integer(0));
	}

	@Test
	void repeatingTheSameExpiryOptionKeepsTheLast() {
		assertThat(this.redis.run("SET", "k", "v", "EX", "10", "EX", "20")).isEqualTo(ok());
		assertThat(this.redis.run("TTL", "k")).isEqualTo(integer(20));
	}

	@Test
	void plainSetDropsTheTtl() {
		this.redis.run("SET", "k", "v", "EX", "10");
		this.redis.run("SET", "k", "v2");
		assertThat(this.redis.run("TTL", "k")).isEqualTo(integer(-1));
	}

	@Test
	void keepTtlKeepsTheTtl() {
		this.redis.run("SET", "k", "v", "EX", "10");
		this.redis.advance(4000);
		assertThat(this.redis.run("SET", "k", "v2", "KEEPTTL")).isEqualTo(ok());
		assertThat(this.redis.run("PTTL", "k")).isEqualTo(integer(6000));
		assertThat(this.redis.run("GET", "k")).isEqualTo(bulk("v2"));
		assertThat(this.redis.run("SET", "k", "v3", "KEEPTTL", "KEEPTTL")).isEqualTo(ok());
		assertThat(this.redis.run("PTTL", "k")).isEqualTo(integer(6000));
	}

	@Test
	void keepTtlOnAnExpiredKeyGivesANewKeyWithoutTtl() {
		this.redis.run("SET", "k", "v", "PX", "10");
		this.redis.advance(10);
		assertThat(this.redis.run("SET", "k", "v2", "KEEPTTL")).isEqualTo(ok());
		assertThat(this.redis.run("TTL", "k")).isEqualTo(integer(-1));
	}

	@ParameterizedTest(name = "SET k v {0}")
	@CsvSource(delimiter = '|', value = {
			"NX XX", "XX NX", "nx xx", "KEEPTTL EX 10", "EX 10 KEEPTTL", "EX 10 PX 10", "PX 10 EXAT 10",
			"EXAT 10 PXAT 10", "EX", "PX", "FOO", "NX FOO", "EX 10 10" })
	void optionClashesAndUnknownOptionsAreSyntaxErrors(String options) {
		this.redis.run("SET", "k", "old");
		assertThat(this.redis.run(setWith(options))).isEqualTo(SYNTAX);
		assertThat(this.redis.run("GET", "k")).as("nothing was written").isEqualTo(bulk("old"));
	}

	@ParameterizedTest(name = "SET k v {0}")
	@CsvSource(delimiter = '|', value = {
			"EX 0", "EX -1", "PX 0", "PX -5", "EXAT 0", "PXAT 0", "PXAT -1",
			"EX 9223372036854776", "EX 9223372036854775807", "PX 9223372036854775807" })
	void outOfRangeExpiryIsAnInvalidExpireTime(String options) {
		assertThat(this.redis.run(setWith(options))).isEqualTo(INVALID_EXPIRE);
		assertThat(this.redis.run("EXISTS", "k")).isEqualTo(integer(0));
	}

	@Test
	void largestExatThatFitsIsAccepted() {
		assertThat(this.redis.run("SET", "k", "v", "EXAT", "9223372036854775")).isEqualTo(ok());
	}

	@ParameterizedTest(name = "SET k v {0}")
	@CsvSource(delimiter = '|', value = { "EX abc", "PX 1.5", "EX 1e3", "EXAT 010", "PX 9223372036854775808" })
	void nonIntegerExpiryIsNotAnInteger(String options) {
		assertThat(this.redis.run(setWith(options))).isEqualTo(NOT_INTEGER);
	}

	@Test
	void syntaxIsCheckedBeforeTheExpiryValue() {
		assertThat(this.redis.run("SET", "k", "v", "EX", "abc", "FOO")).isEqualTo(SYNTAX);
	}

	@Test
	void incrementsAndDecrements() {
		assertThat(this.redis.run("INCR", "n")).isEqualTo(integer(1));
		assertThat(this.redis.run("INCRBY", "n", "41")).isEqualTo(integer(42));
		assertThat(this.redis.run("DECR", "n")).isEqualTo(integer(41));
		assertThat(this.redis.run("DECRBY", "n", "50")).isEqualTo(integer(-9));
		assertThat(this.redis.run("INCRBY", "n", "-1")).isEqualTo(integer(-10));
		assertThat(this.redis.run("GET", "n")).isEqualTo(bulk("-10"));
		assertThat(this.redis.run("DECRBY", "fresh", "5")).isEqualTo(integer(-5));
	}

	@Test
	void incrementKeepsTheTtl() {
		this.redis.run("SET", "t", "10", "EX", "100");
		assertThat(this.redis.run("INCR", "t")).isEqualTo(integer(11));
		assertThat(this.redis.run("TTL", "t")).isEqualTo(integer(100));
	}

	@Test
	void incrementOfAnExpiredKeyStartsFromZeroWithoutTtl() {
		this.redis.run("SET", "t", "10", "PX", "5");
		this.redis.advance(5);
		assertThat(this.redis.run("INCR", "t")).isEqualTo(integer(1));
		assertThat(this.redis.run("TTL", "t")).isEqualTo(integer(-1));
	}

	@ParameterizedTest(name = "stored value \"{0}\"")
	@CsvSource(delimiter = '|', value = { "abc", "' 1'", "'1 '", "007", "1.5", "+1", "-0", "''",
			"12345678901234567890", "9223372036854775808" })
	void incrementOfANonIntegerValueFails(String stored) {
		this.redis.run("SET", "s", stored);
		assertThat(this.redis.run("INCR", "s")).isEqualTo(NOT_INTEGER);
		assertThat(this.redis.run("DECRBY", "s", "1")).isEqualTo(NOT_INTEGER);
		assertThat(this.redis.run("GET", "s")).isEqualTo(bulk(stored));
	}

	@ParameterizedTest(name = "increment \"{0}\"")
	@CsvSource(delimiter = '|', value = { "abc", "1.5", "''", "' 1'", "9223372036854775808" })
	void nonIntegerIncrementFails(String increment) {
		assertThat(this.redis.run("INCRBY", "x", increment)).isEqualTo(NOT_INTEGER);
		assertThat(this.redis.run("DECRBY", "x", increment)).isEqualTo(NOT_INTEGER);
		assertThat(this.redis.run("EXISTS", "x")).isEqualTo(integer(0));
	}

	@Test
	void overflowIsRefusedAndLeavesTheValue() {
		this.redis.run("SET", "max", "9223372036854775807");
		assertThat(this.redis.run("INCR", "max")).isEqualTo(OVERFLOW);
		assertThat(this.redis.run("INCRBY", "max", "1")).isEqualTo(OVERFLOW);
		assertThat(this.redis.run("GET", "max")).isEqualTo(bulk("9223372036854775807"));

		this.redis.run("SET", "min", "-9223372036854775808");
		assertThat(this.redis.run("DECR", "min")).isEqualTo(OVERFLOW);
		assertThat(this.redis.run("DECRBY", "min", "1")).isEqualTo(OVERFLOW);
		assertThat(this.redis.run("INCRBY", "min", "-1")).isEqualTo(OVERFLOW);
		assertThat(this.redis.run("INCRBY", "min", "9223372036854775807")).isEqualTo(integer(-1));
	}

	@Test
	void decrementByTheSmallestLongCannotBeNegated() {
		assertThat(this.redis.run("DECRBY", "x", "-9223372036854775808"))
			.isEqualTo(error("ERR decrement would overflow"));
		assertThat(this.redis.run("INCRBY", "x", "-9223372036854775808")).isEqualTo(integer(Long.MIN_VALUE));
	}

	@Test
	void msetAndMget() {
		assertThat(this.redis.run("MSET", "a", "1", "b", "2", "a", "3")).isEqualTo(ok());
		assertThat(this.redis.run("MGET", "a", "nosuch", "b")).isEqualTo(array(bulk("3"), nil(), bulk("2")));
		assertThat(this.redis.run("MGET", "nosuch")).isEqualTo(array(nil()));
	}

	@Test
	void msetDropsTtls() {
		this.redis.run("SET", "a", "1", "EX", "100");
		this.redis.run("MSET", "a", "2");
		assertThat(this.redis.run("TTL", "a")).isEqualTo(integer(-1));
	}

	@Test
	void mgetSkipsExpiredKeys() {
		this.redis.run("SET", "a", "1", "PX", "10");
		this.redis.run("SET", "b", "2");
		this.redis.advance(10);
		assertThat(this.redis.run("MGET", "a", "b")).isEqualTo(array(nil(), bulk("2")));
	}

	@Test
	void msetWithAMissingValueIsAnArityErrorAndWritesNothing() {
		assertThat(this.redis.run("MSET", "a", "1", "b")).isEqualTo(error("ERR wrong number of arguments for 'mset' command"));
		assertThat(this.redis.run("MSET", "a")).isEqualTo(error("ERR wrong number of arguments for 'mset' command"));
		assertThat(this.redis.run("EXISTS", "a")).isEqualTo(integer(0));
	}

	@Test
	void getCountsKeyspaceHitsAndMisses() {
		this.redis.run("SET", "a", "1");
		this.redis.run("GET", "a");
		this.redis.run("GET", "b");
		this.redis.run("MGET", "a", "b", "c");
		assertThat(this.redis.stats.keyspaceHits()).isEqualTo(2);
		assertThat(this.redis.stats.keyspaceMisses()).isEqualTo(3);
	}

	private static String[] setWith(String options) {
		String[] opts = options.split(" ");
		String[] argv = new String[3 + opts.length];
		argv[0] = "SET";
		argv[1] = "k";
		argv[2] = "v";
		System.arraycopy(opts, 0, argv, 3, opts.length);
		return argv;
	}

}
