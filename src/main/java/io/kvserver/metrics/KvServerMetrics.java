package io.kvserver.metrics;

import java.util.function.IntSupplier;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Publishes the {@link ServerStats} counters as Micrometer meters. The meters read the same
 * counters INFO reads, when scraped, so nothing extra runs per command.
 */
public final class KvServerMetrics implements MeterBinder {

	private final ServerStats stats;

	private final IntSupplier openConnections;

	public KvServerMetrics(ServerStats stats, IntSupplier openConnections) {
		this.stats = stats;
		this.openConnections = openConnections;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder("kvserver.connections", this.openConnections::getAsInt)
			.description("Client connections currently open")
			.register(registry);
		FunctionCounter.builder("kvserver.connections.accepted", this.stats, ServerStats::totalConnectionsReceived)
			.description("Client connections accepted since start")
			.register(registry);
		FunctionCounter.builder("kvserver.connections.closed", this.stats, ServerStats::totalConnectionsClosed)
			.description("Client connections closed since start")
			.register(registry);
		FunctionCounter.builder("kvserver.commands", this.stats, ServerStats::totalCommandsProcessed)
			.description("Commands processed since start")
			.register(registry);
		Gauge.builder("kvserver.ops.per.second", this.stats, ServerStats::instantaneousOpsPerSecond)
			.description("Commands per second over the last few seconds (INFO's instantaneous_ops_per_sec)")
			.register(registry);
		FunctionCounter.builder("kvserver.keyspace.hits", this.stats, ServerStats::keyspaceHits)
			.description("Reads that found their key")
			.register(registry);
		FunctionCounter.builder("kvserver.keyspace.misses", this.stats, ServerStats::keyspaceMisses)
			.description("Reads that did not find their key")
			.register(registry);
	}

}
