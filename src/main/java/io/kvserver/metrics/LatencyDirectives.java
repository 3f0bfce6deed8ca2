package io.kvserver.metrics;

import io.kvserver.config.BoolDirective;
import io.kvserver.config.ConfigRegistry;
import io.kvserver.config.DirectiveSet;
import io.kvserver.config.NumericDirective;

/** The latency monitor's threshold and the per-command latency tracking, with Redis 7.0's defaults. */
public final class LatencyDirectives implements DirectiveSet {

	@Override
	public void declare(ConfigRegistry registry) {
		registry.add(NumericDirective.integer("latency-monitor-threshold", 0, Long.MAX_VALUE, 0));
		registry.add(new BoolDirective("latency-tracking", null, true));
		registry.add(new PercentilesDirective("latency-tracking-info-percentiles", new double[] { 50, 99, 99.9 }));
	}

}
