package io.kvserver.loadtest;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WorkloadTest {

	private static final int OPERATIONS = 10_000;

	@Test
	void theOriginalMixOnOneKey() {
		Workload workload = new Workload(settings(Scenario.SUSTAINED, 0.8, 1, 0), 42);
		int gets = 0;
		for (int i = 0; i < OPERATIONS; i++) {
			byte[][] op = workload.next();
			assertThat(text(op[1])).isEqualTo("count");
			if (text(op[0]).equals("GET")) {
				assertThat(op.length).isEqualTo(2);
				gets++;
			}
			else {
				assertThat(text(op[0])).isEqualTo("SET");
				assertThat(text(op[2])).matches("\\d{1,6}");
			}
		}
		// 8,000 expected; 5 standard deviations (~200) either side
		assertThat(gets).isBetween(7800, 8200);
	}

	@Test
	void keyRangeAndFixedSizeValues() {
		Workload workload = new Workload(settings(Scenario.THROUGHPUT, 0.0, 50, 100), 7);
		Set<String> keys = new HashSet<>();
		for (int i = 0; i < OPERATIONS; i++) {
			byte[][] op = workload.next();
			assertThat(text(op[0])).isEqualTo("SET");
			assertThat(op[2]).hasSize(100);
			keys.add(text(op[1]));
		}
		assertThat(keys).hasSize(50).allMatch((k) -> k.matches("count:([0-9]|[1-4][0-9])"));
	}

	@Test
	void thinkTimeOnlyInTheSustainedScenarioAndWithinItsRange() {
		Workload sustained = new Workload(settings(Scenario.SUSTAINED, 1.0, 1, 0), 1);
		long min = Long.MAX_VALUE;
		long max = 0;
		for (int i = 0; i < OPERATIONS; i++) {
			long think = sustained.thinkNanos();
			min = Math.min(min, think);
			max = Math.max(max, think);
		}
		assertThat(min).isBetween(Duration.ofMillis(20).toNanos(), Duration.ofMillis(22).toNanos());
		assertThat(max).isBetween(Duration.ofMillis(38).toNanos(), Duration.ofMillis(40).toNanos());
		assertThat(new Workload(settings(Scenario.THROUGHPUT, 1.0, 1, 0), 1).thinkNanos()).isZero();
		assertThat(new Workload(settings(Scenario.PIPELINED, 1.0, 1, 0), 1).thinkNanos()).isZero();
	}

	private static LoadSettings settings(Scenario scenario, double getRatio, int keys, int valueSize) {
		return new LoadSettings("127.0.0.1", 6379, scenario, Duration.ofSeconds(1), Duration.ZERO, Duration.ZERO,
				getRatio, keys, valueSize, Duration.ofMillis(20), Duration.ofMillis(40), 4, 1, Duration.ofSeconds(1),
				Duration.ofSeconds(1), Duration.ZERO, Duration.ofSeconds(1));
	}

	private static String text(byte[] bytes) {
		return new String(bytes, StandardCharsets.US_ASCII);
	}

}
