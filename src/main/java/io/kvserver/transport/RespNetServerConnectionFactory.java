package io.kvserver.transport;

import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;

/** The blocking server connection factory, sweeping closed connections at most once a second (see {@link HarvestThrottle}). */
final class RespNetServerConnectionFactory extends TcpNetServerConnectionFactory {

	private final HarvestThrottle harvest = new HarvestThrottle();

	RespNetServerConnectionFactory(int port) {
		super(port);
	}

	@Override
	protected void harvestClosedConnections() {
		if (this.harvest.due()) {
			super.harvestClosedConnections();
		}
	}

}
