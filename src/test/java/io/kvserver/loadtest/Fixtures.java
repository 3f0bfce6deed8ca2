package io.kvserver.loadtest;

import java.time.Duration;

/** Settings for tests: short runs, short timeouts, no progress chatter. */
final class Fixtures {

	private Fixtures() {
	}

	static LoadSettings settings(Scenario scenario, int port, Duration duration) {
		return new LoadSettings("127.0.0.1", port, scenario, duration, Duration.ZERO, Duration.ZERO, 0.8, 1, 0,
				Duration.ZERO, Duration.ofMillis(10), 4, 1, Duration.ofMillis(300), Duration.ofMillis(300),
				Duration.ofMillis(50), Duration.ofSeconds(60));
	}

	static RunResult result(int connections, long succeeded, long connectErrors, long p50Micros, long maxMicros) {
		return new RunResult("sustained", connections, connections, 2.0, succeeded, connectErrors, 1, 2, 3, p50Micros,
				p50Micros * 2, p50Micros * 3, p50Micros * 4, maxMicros);
	}

}
