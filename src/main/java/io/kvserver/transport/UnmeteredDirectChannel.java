package io.kvserver.transport;

import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.support.management.metrics.MetricsCaptor;

/**
 * A direct channel that Spring Integration does not time. Its per-message Micrometer timer showed
 * in unpipelined throughput (docs/performance.md); kvserver's own meters already count every command.
 */
final class UnmeteredDirectChannel extends DirectChannel {

	@Override
	public void registerMetricsCaptor(MetricsCaptor captor) {
		// deliberately unmetered, see class comment
	}

}
