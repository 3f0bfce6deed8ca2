package io.kvserver.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.TreeSet;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.kvserver.support.RawConnection;

/**
 * INFO errorstats and commandstats (calls, rejected_calls, failed_calls) and the error and command
 * totals move as Redis's do, errors inside transactions above all. Each sequence of commands runs
 * on a real redis-server and on kvserver after CONFIG RESETSTAT; then the counters, but for the
 * times (usec), must be the same on both, in any order (Redis lists commandstats in its hash
 * table's order).
 */
class ErrorStatsIT extends RedisComparisonTest {

	/** Commands separated by "; ", sent one at a time, each reply read. */
	@ParameterizedTest
	@ValueSource(strings = { "MULTI; INCR s; EXEC", "MULTI; FOO; EXEC", "MULTI; GET; EXEC", "MULTI; EXEC x",
			"MULTI; CONFIG FOO; SET a b; EXEC", "MULTI; INCR s; SET a b; INCR a; GET s; EXEC",
			"MULTI; MULTI; INCR s; EXEC", "EXEC; DISCARD; WATCH; MULTI; WATCH a; DISCARD",
			"MULTI; INCR s; DISCARD", "INCR s; GET; FOO; HELLO 4; SET a b NX XX",
			// scripts: the commands they call count as any command; an error passed on fails the script's call
			"EVAL \"return redis.call('incr', 's')\" 0", "EVAL \"redis.pcall('incr', 's') return 1\" 0",
			"EVAL \"return redis.pcall('incr', 's')\" 0", "EVAL \"return redis.call('nosuch')\" 0",
			"EVAL \"return redis.pcall('get')\" 0", "EVAL \"return redis.error_reply('MY custom')\" 0",
			"EVAL \"return {err='OWN error'}\" 0", "EVAL \"error('raised')\" 0",
			"EVAL_RO \"return redis.call('set', 'a', 1)\" 0",
			"EVAL \"return {redis.call('set', 'a', 1), redis.call('get', 'a'), redis.call('incr', 'a')}\" 0",
			"MULTI; EVAL \"return redis.call('incr', 's')\" 0; EVAL \"return 1\" 0; EXEC",
			"EVALSHA ffffffffffffffffffffffffffffffffffffffff 0; EVAL \"return redis.call('multi')\" 0",
			"FCALL nosuch 0; FUNCTION DELETE nosuch" })
	void countersMoveAsInRedis(String commands) {
		List<String> steps = List.of(commands.split("; "));
		assertThat(counters(connect(), steps)).as("kvserver's counters after: " + commands)
			.isEqualTo(counters(redis.connect(), steps));
	}

	private static TreeSet<String> counters(RawConnection connection, List<String> steps) {
		try (connection) {
			for (String setup : List.of("FLUSHALL", "SET s abc", "CONFIG RESETSTAT")) {
				connection.send(setup + "\r\n");
				connection.readReply();
			}
			for (String step : steps) {
				connection.send(step + "\r\n");
				connection.readReply();
			}
			connection.send("INFO everything\r\n");
			TreeSet<String> counters = new TreeSet<>();
			for (String line : connection.readReply().split("\r\n")) {
				if (line.startsWith("errorstat_") || line.startsWith("total_error_replies:")
						|| line.startsWith("total_commands_processed:")) {
					counters.add(line);
				}
				else if (line.startsWith("cmdstat_")) {
					counters.add(line.replaceAll(",usec=\\d+,usec_per_call=[\\d.]+", ""));
				}
			}
			assertThat(counters).as("INFO's counters").anyMatch(line -> line.startsWith("cmdstat_config|resetstat:"));
			return counters;
		}
	}

}
