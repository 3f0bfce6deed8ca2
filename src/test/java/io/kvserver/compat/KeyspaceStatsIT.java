package io.kvserver.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.kvserver.support.RawConnection;

/**
 * INFO's keyspace_hits and keyspace_misses move as Redis's do for each command: Redis counts its
 * read lookups (GET, EXISTS, TYPE, TTL, TOUCH, COPY's source, OBJECT, SCAN's TYPE filter, ...) and
 * not its write lookups. Each command runs on a real redis-server and on kvserver over the same
 * data, and the change of both counters must be the same.
 */
class KeyspaceStatsIT extends RedisComparisonTest {

	private static final Pattern HITS = Pattern.compile("keyspace_hits:(\\d+)");

	private static final Pattern MISSES = Pattern.compile("keyspace_misses:(\\d+)");

	private static final String[] SETUP = { "FLUSHALL", "SET a 1", "SET f 1.5", "SET t v EX 1000", "SET gone v PXAT 1" };

	@ParameterizedTest
	@ValueSource(strings = { "GET a", "GET missing", "GET gone", "MGET a missing f gone", "SET a 2", "SET a 2 GET",
			"SET missing 2 GET", "SET a 2 NX", "SETNX a 2", "SETEX a 100 v", "GETSET a 2", "GETSET missing 2",
			"GETDEL a", "GETDEL missing", "GETEX a", "GETEX missing", "GETEX a PERSIST", "MSET a 1 b 2",
			"MSETNX x 1 y 2", "INCR a", "INCRBY missing 5", "DECR a", "INCRBYFLOAT f 1", "APPEND a x",
			"APPEND missing x", "STRLEN a", "STRLEN missing", "GETRANGE a 0 1", "GETRANGE missing 0 1",
			"SUBSTR a 0 1", "SETRANGE a 0 x", "LCS a f", "LCS a missing", "LCS missing gone", "EXISTS a",
			"EXISTS missing a gone", "TYPE a", "TYPE missing", "TTL t", "TTL missing", "PTTL a", "EXPIRETIME t",
			"PEXPIRETIME missing", "TOUCH a missing f", "DEL a missing", "UNLINK a", "EXPIRE a 100",
			"EXPIREAT missing 99999999999", "PEXPIRE t 1000 GT", "PERSIST t", "RENAME a b", "RENAMENX a f",
			"RENAME missing b", "COPY a b", "COPY missing b", "COPY a f", "COPY a f REPLACE", "COPY a b DB 1",
			"MOVE a 1", "MOVE missing 1", "OBJECT ENCODING a", "OBJECT ENCODING missing", "OBJECT REFCOUNT f",
			"OBJECT IDLETIME a", "OBJECT FREQ a", "RANDOMKEY", "KEYS *", "SCAN 0", "SCAN 0 COUNT 100 TYPE string",
			"SCAN 0 COUNT 100 TYPE hash", "SCAN 0 COUNT 100 MATCH a TYPE string", "DBSIZE", "SWAPDB 0 1", "FLUSHDB",
			"EVAL \"return redis.call('get', KEYS[1])\" 1 a", "EVAL \"return redis.call('get', KEYS[1])\" 1 missing",
			"EVAL \"return redis.pcall('exists', 'a', 'missing', 'gone')\" 0",
			"EVAL_RO \"return {redis.call('ttl', 't'), redis.call('type', 'missing')}\" 0",
			"EVAL \"redis.call('set', 'a', 5) return redis.call('incr', 'missing')\" 0" })
	void hitsAndMissesChangeAsInRedis(String command) {
		long[] expected = delta(redis.connect(), command);
		long[] actual = delta(connect(), command);
		assertThat(actual).as("change of keyspace_hits and keyspace_misses after: " + command).containsExactly(expected);
	}

	private static long[] delta(RawConnection connection, String command) {
		try (connection) {
			for (String setup : SETUP) {
				connection.send(setup + "\r\n");
				connection.readReply();
			}
			long[] before = stats(connection);
			connection.send(command + "\r\n");
			connection.readReply();
			long[] after = stats(connection);
			return new long[] { after[0] - before[0], after[1] - before[1] };
		}
	}

	private static long[] stats(RawConnection connection) {
		connection.send("INFO stats\r\n");
		String info = connection.readReply();
		return new long[] { number(HITS, info), number(MISSES, info) };
	}

	private static long number(Pattern pattern, String info) {
		Matcher m = pattern.matcher(info);
		assertThat(m.find()).as(pattern + " in INFO stats").isTrue();
		return Long.parseLong(m.group(1));
	}

}
