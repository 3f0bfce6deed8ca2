package io.kvserver.deploy;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PromQlTest {

	@Test
	void namesAreTheSelectorsNotFunctionsLabelsOrKeywords() {
		assertThat(PromQl.metricNames(
				"histogram_quantile(0.99, sum by (family, le) (rate(kvserver_command_latency_seconds_bucket{family=~\"str.*\"}[$__rate_interval])))"))
			.containsExactly("kvserver_command_latency_seconds_bucket");
		assertThat(PromQl.metricNames("sum by (command) (rate(kvserver_commands_total{outcome=\"error\"}[5m])) > 0"))
			.containsExactly("kvserver_commands_total");
		assertThat(PromQl.metricNames("kvserver_keyspace_keys > 0")).containsExactly("kvserver_keyspace_keys");
		assertThat(PromQl.metricNames("sum(a_bytes{area=\"heap\"}) / on (x) group_left b_total offset 5m"))
			.containsExactly("a_bytes", "b_total");
		assertThat(PromQl.metricNames("rate(x_total[1m]) and bool y")).containsExactly("x_total", "y");
	}

}
