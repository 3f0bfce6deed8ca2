package io.kvserver.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;

/**
 * INFO prints Redis 7.0's sections and fields in Redis's order: for each way of asking, the section
 * headers and field names kvserver prints are the ones a real redis-server prints (the lines of
 * dynamic sections, such as cmdstat_* or db0, depend on what ran and are left out), plus kvserver's
 * own fields; and no field is printed without a value.
 */
class InfoLayoutIT extends RedisComparisonTest {

	/** Fields of kvserver's own, which Redis 7.0 lacks: its version and heap, and Redis 7.2's ACL counters. */
	private static final Set<String> OWN = Set.of("kvserver_version", "jvm_heap_used", "jvm_heap_used_human", "jvm_heap_max",
			"jvm_heap_max_human",
			"acl_access_denied_auth", "acl_access_denied_cmd", "acl_access_denied_key", "acl_access_denied_channel");

	/** Sections whose lines depend on what ran, on both servers. */
	private static final Set<String> DYNAMIC = Set.of("# Commandstats", "# Errorstats", "# Latencystats", "# Keyspace",
			"# Modules");

	@ParameterizedTest
	@ValueSource(strings = { "", "everything", "all", "default", "server", "clients memory", "persistence",
			"stats", "replication", "cpu", "cluster", "keyspace", "modules", "commandstats latencystats",
			"errorstats", "Server CPU", "nosuchsection", "default commandstats" })
	void printsRedisSectionsAndFields(String sections) {
		String theirs = info(new Jedis("127.0.0.1", redis.port()), sections);
		String ours = info(new Jedis("127.0.0.1", port()), sections);
		assertThat(layout(ours).stream().filter(line -> !OWN.contains(line)).toList()).isEqualTo(layout(theirs));
		Set<String> emptyInRedis = new HashSet<>();
		for (String line : theirs.split("\r\n")) {
			if (line.endsWith(":")) {
				emptyInRedis.add(line);
			}
		}
		for (String line : ours.split("\r\n")) {
			if (!line.isEmpty() && !line.startsWith("#") && !emptyInRedis.contains(line)) {
				assertThat(line).as("a field with a value").matches("[^:]+:.+");
			}
		}
	}

	private static String info(Jedis jedis, String sections) {
		try (jedis) {
			jedis.set("info-layout-key", "v");
			if (sections.isEmpty()) {
				return jedis.info();
			}
			return new String((byte[]) jedis.sendCommand(Protocol.Command.INFO, sections.split(" ")),
					StandardCharsets.UTF_8);
		}
	}

	/** The headers and field names, without the lines of dynamic sections. */
	private static List<String> layout(String info) {
		List<String> names = new ArrayList<>();
		boolean dynamic = false;
		for (String line : info.split("\r\n")) {
			if (line.startsWith("# ")) {
				dynamic = DYNAMIC.contains(line);
				names.add(line);
			}
			else if (!line.isEmpty() && !dynamic) {
				names.add(line.substring(0, line.indexOf(':')));
			}
		}
		return names;
	}

}
