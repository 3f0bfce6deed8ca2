package io.kvserver.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.resps.Slowlog;

/**
 * SLOWLOG against a real Redis 7.0: the same commands logged in the same order with the same
 * (trimmed) arguments, ids and client names. Times and durations differ by nature: only their
 * plausibility is checked.
 */
class SlowLogIT extends RedisComparisonTest {

	@Test
	void logsTheSameEntriesAsRedis() {
		List<List<String>> expected = entries(new Jedis("127.0.0.1", redis.port()));
		List<List<String>> actual = entries(new Jedis("127.0.0.1", port()));
		assertThat(actual).isEqualTo(expected);
	}

	/** Runs the same commands with every command logged and answers the log, durations and times left out. */
	private static List<List<String>> entries(Jedis jedis) {
		try (jedis) {
			jedis.slowlogReset();
			jedis.configSet("slowlog-log-slower-than", "0");
			try {
				jedis.clientSetname("slow-client");
				jedis.set("k", "v");
				jedis.get("k");
				jedis.set("long", "x".repeat(200));
				String[] many = new String[40];
				for (int i = 0; i < many.length; i++) {
					many[i] = "a" + i;
				}
				jedis.del(many);
				Transaction transaction = jedis.multi();
				transaction.incr("n");
				transaction.exec(); // EXEC itself is skip_slowlog; the INCR inside is logged
				jedis.slowlogLen();
				long now = System.currentTimeMillis() / 1000;
				List<List<String>> entries = new ArrayList<>();
				List<Slowlog> log = jedis.slowlogGet(-1);
				long previousId = Long.MAX_VALUE;
				for (Slowlog entry : log) {
					assertThat(entry.getId()).as("ids descend").isLessThan(previousId);
					previousId = entry.getId();
					assertThat(entry.getTimeStamp()).isBetween(now - 60, now + 1);
					assertThat(entry.getExecutionTime()).isNotNegative();
					assertThat(entry.getClientIpPort().toString()).matches("127\\.0\\.0\\.1:\\d+");
					List<String> row = new ArrayList<>(entry.getArgs());
					row.add(0, Long.toString(log.get(0).getId() - entry.getId()));
					row.add(entry.getClientName());
					entries.add(row);
				}
				assertThat(jedis.slowlogGet(2)).hasSize(2);
				assertThat(jedis.slowlogLen()).isEqualTo(log.size() + 2); // the two SLOWLOG GETs
				return entries;
			}
			finally {
				jedis.configSet("slowlog-log-slower-than", "10000");
				jedis.slowlogReset();
			}
		}
	}

}
