package io.kvserver.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import io.kvserver.config.ConfigRegistry;
import io.kvserver.support.RawConnection;

/**
 * CONFIG GET of every directive kvserver declares, name and alias, byte for byte against a real
 * Redis 7.0 started with the same settings the test server has (port and bind aside): so every
 * default, every unit and every spelling of a value is Redis's. The few that differ on purpose are
 * listed with the reason.
 */
class DirectiveDefaultsIT extends RedisComparisonTest {

	/** Directives whose value differs by design, and why. */
	private static final Map<String, String> DIFFERENT = Map.of(
			"port", "each server listens on its own port",
			"dir", "each server works in its own directory",
			"maxmemory", "kvserver's default is a share of the JVM's heap (docs/configuration.md), Redis's is none");

	@Test
	void everyDirectiveReadsAsInRedis() throws Exception {
		TreeSet<String> names = new TreeSet<>(ConfigRegistry.declared().all().keySet());
		names.removeAll(DIFFERENT.keySet());
		List<String> ours = new ArrayList<>();
		List<String> theirs = new ArrayList<>();
		try (RawConnection kvserver = RawConnection.open("127.0.0.1", port());
				RawConnection reference = RawConnection.open("127.0.0.1", redis.port())) {
			for (String name : names) {
				String command = "CONFIG GET " + name + "\r\n";
				ours.add(name + " -> " + kvserver.send(command).readReply());
				theirs.add(name + " -> " + reference.send(command).readReply());
			}
		}
		assertThat(names).as("directives declared").hasSizeGreaterThan(40);
		assertThat(ours).containsExactlyElementsOf(theirs);
	}

}
