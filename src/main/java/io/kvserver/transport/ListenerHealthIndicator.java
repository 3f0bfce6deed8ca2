package io.kvserver.transport;

import java.util.function.IntSupplier;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.integration.ip.tcp.connection.AbstractServerConnectionFactory;

/**
 * Health of the RESP listener: UP only while the TCP server socket is accepting connections, so
 * a container orchestrator restarts a server that lost its listener even if HTTP still answers.
 */
final class ListenerHealthIndicator implements HealthIndicator {

	private final AbstractServerConnectionFactory factory;

	private final String transport;

	private final IntSupplier openConnections;

	ListenerHealthIndicator(AbstractServerConnectionFactory factory, String transport, IntSupplier openConnections) {
		this.factory = factory;
		this.transport = transport;
		this.openConnections = openConnections;
	}

	@Override
	public Health health() {
		Health.Builder health = this.factory.isListening() ? Health.up() : Health.down();
		String bind = this.factory.getLocalAddress();
		return health.withDetail("port", this.factory.getPort())
			.withDetail("bind", bind != null ? bind : "0.0.0.0")
			.withDetail("transport", this.transport)
			.withDetail("connections", this.openConnections.getAsInt())
			.build();
	}

}
