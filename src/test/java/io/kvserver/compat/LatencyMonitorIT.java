package io.kvserver.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol.Command;
import redis.clients.jedis.commands.ProtocolCommand;

/**
 * The latency monitor against a real Redis 7.0: the same slow commands (DEBUG SLEEP) make the same
 * events, with the same shape in LATENCY LATEST, HISTORY and GRAPH and the same DOCTOR report once
 * its figures (which depend on timing) are set aside.
 */
@TestPropertySource(properties = "kvserver.enable-debug-command=yes")
class LatencyMonitorIT extends RedisComparisonTest {

	private static final ProtocolCommand DEBUG = () -> "DEBUG".getBytes(StandardCharsets.US_ASCII);

	@BeforeAll
	static void startRedisWithDebug() {
		redis.close();
		redis = RedisServerProcess.start(List.of("--enable-debug-command", "yes"));
	}

	@Test
	void slowCommandsAreLatencyEventsAsInRedis() {
		List<String> theirs = events(new Jedis("127.0.0.1", redis.port()));
		List<String> ours = events(new Jedis("127.0.0.1", port()));
		assertThat(ours).isEqualTo(theirs);
	}

	/** Runs slow commands with a 10 ms threshold; answers what the monitor shows, times and figures left out. */
	private static List<String> events(Jedis jedis) {
		try (jedis) {
			jedis.sendCommand(Command.LATENCY, "RESET");
			jedis.configSet("latency-monitor-threshold", "10");
			try {
				jedis.sendCommand(DEBUG, "SLEEP", "0.03");
				jedis.sendCommand(DEBUG, "SLEEP", "0.001"); // below the threshold: no sample
				List<String> seen = new ArrayList<>();
				List<?> latest = (List<?>) jedis.sendCommand(Command.LATENCY, "LATEST");
				assertThat(latest).hasSize(1);
				List<?> event = (List<?>) latest.get(0);
				seen.add(text(event.get(0)));
				long now = System.currentTimeMillis() / 1000;
				assertThat((Long) event.get(1)).isBetween(now - 60, now + 1);
				assertThat((Long) event.get(2)).isBetween(30L, 1000L);
				assertThat((Long) event.get(3)).isEqualTo(event.get(2));
				List<?> history = (List<?>) jedis.sendCommand(Command.LATENCY, "HISTORY", "command");
				assertThat(history).hasSize(1);
				assertThat((List<?>) history.get(0)).element(0).isEqualTo(event.get(1));
				String graph = text(jedis.sendCommand(Command.LATENCY, "GRAPH", "command"));
				String[] lines = graph.split("\n");
				seen.add(lines[0].replaceAll("\\d+ ms", "N ms"));
				for (int i = 1; i < lines.length; i++) {
					// the age labels are written downwards, one digit per line: any second may have passed
					seen.add(lines[i].replaceAll("\\d", "N"));
				}
				String doctor = text(jedis.sendCommand(Command.LATENCY, "DOCTOR"));
				seen.add(doctor.replaceAll("\\d+(\\.\\d+)?", "N"));
				seen.add(jedis.sendCommand(Command.LATENCY, "RESET", "COMMAND").toString());
				seen.add(((List<?>) jedis.sendCommand(Command.LATENCY, "LATEST")).toString());
				return seen;
			}
			finally {
				jedis.configSet("latency-monitor-threshold", "0");
			}
		}
	}

	private static String text(Object reply) {
		return new String((byte[]) reply, StandardCharsets.UTF_8);
	}

}
