package io.kvserver.transport;

import org.springframework.integration.ip.tcp.connection.TcpNioServerConnectionFactory;

/** The NIO server connection factory, sweeping closed connections at most once a second (see {@link HarvestThrottle}). */
final class RespNioServerConnectionFactory extends TcpNioServerConnectionFactory {

	private final HarvestThrottle harvest = new HarvestThrottle();

	RespNioServerConnectionFactory(int port) {
		super(port);
	}

	@Override
	protected void harvestClosedConnections() {
		if (this.harvest.due()) {
			super.harvestClosedConnections();
		}
	}

}
