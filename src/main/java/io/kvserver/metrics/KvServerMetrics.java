package io.kvserver.metrics;

import java.util.List;
import java.util.function.IntSupplier;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;

import io.kvserver.store.Store;
import io.kvserver.store.Keyspace;

/**
 * Publishes kvserver's counters as Micrometer meters. Counters and gauges read, when scraped, the
 * same adders INFO reads, so nothing extra runs per command for them; only the batch-size summary
 * is fed on the hot path, once per batch. Latency, fed per command, is published by
 * {@link CommandLatencyCollector}.
 */
public final class KvServerMetrics implements MeterBinder {

	/** Batch-size histogram buckets: powers of two up to the decoder's largest batch (1024 requests). */
	private final ServerStats stats;

	private final IntSupplier openConnections;

	private final Store databases;

	private final List<CommandStats> commands;

	/**
	 * @param commands every command's counters (the command table's)
	 */
	public KvServerMetrics(ServerStats stats, IntSupplier openConnections, Store databases,
			List<CommandStats> commands) {
		this.stats = stats;
		this.openConnections = openConnections;
		this.databases = databases;
		this.commands = List.copyOf(commands);
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		bindConnections(registry);
		bindCommands(registry);
		bindKeyspace(registry);
		bindNetwork(registry);
	}

	private void bindConnections(MeterRegistry registry) {
		Gauge.builder("kvserver.connections", this.openConnections::getAsInt)
			.description("Client connections currently open")
			.register(registry);
		FunctionCounter.builder("kvserver.connections.accepted", this.stats, ServerStats::totalConnectionsReceived)
			.description("Client connections accepted since start")
			.register(registry);
		for (CloseReason reason : CloseReason.values()) {
			FunctionCounter.builder("kvserver.connections.closed", this.stats, s -> s.connectionsClosed(reason))
				.description("Client connections closed since start, by reason")
				.tag("reason", reason.tag())
				.register(registry);
		}
		FunctionCounter.builder("kvserver.connections.rejected", this.stats, ServerStats::rejectedConnections)
			.description("Client connections refused since start (INFO rejected_connections)")
			.register(registry);
	}

	private void bindCommands(MeterRegistry registry) {
		for (CommandStats command : this.commands) {
			String family = command.family().name();
			FunctionCounter.builder("kvserver.commands", command, CommandStats::succeededCalls)
				.description("Commands processed since start, by command and outcome")
				.tags("command", command.name(), "family", family, "outcome", "ok")
				.register(registry);
			FunctionCounter.builder("kvserver.commands", command, CommandStats::erroredCalls)
				.description("Commands processed since start, by command and outcome")
				.tags("command", command.name(), "family", family, "outcome", "error")
				.register(registry);
		}
		FunctionCounter.builder("kvserver.commands", this.stats, ServerStats::unknownCommands)
			.description("Commands processed since start, by command and outcome")
			.tags("command", "unknown", "family", "unknown", "outcome", "error")
			.register(registry);
		FunctionCounter.builder("kvserver.errors", this.stats, ServerStats::totalErrorReplies)
			.description("Error replies sent since start (INFO total_error_replies)")
			.register(registry);
		Gauge.builder("kvserver.ops.per.second", this.stats, ServerStats::instantaneousOpsPerSecond)
			.description("Commands per second over the last few seconds (INFO's instantaneous_ops_per_sec)")
			.register(registry);
		// The batch-size histogram itself is published by PipelineBatchCollector; this is its count for /actuator/metrics.
		FunctionCounter.builder("kvserver.pipeline.batches", this.stats.batchSizes(), BatchSizeHistogram::count)
			.description("Batches of pipelined requests read and run together since start")
			.register(registry);
	}

	private void bindKeyspace(MeterRegistry registry) {
		for (int i = 0; i < this.databases.count(); i++) {
			Keyspace db = this.databases.db(i);
			String index = Integer.toString(i);
			Gauge.builder("kvserver.keyspace.keys", db, Keyspace::size)
				.description("Keys in the database, counting expired keys not yet reclaimed (DBSIZE)")
				.tag("db", index)
				.register(registry);
			Gauge.builder("kvserver.keyspace.expires", db, Keyspace::expiresCount)
				.description("Keys in the database that have a TTL")
				.tag("db", index)
				.register(registry);
			Gauge.builder("kvserver.keyspace.memory", db, Keyspace::memoryEstimate)
				.description("Estimated heap held by the database's keys, values and TTLs")
				.baseUnit(BaseUnits.BYTES)
				.tag("db", index)
				.register(registry);
		}
		FunctionCounter.builder("kvserver.keyspace.expired", this.databases, Store::expiredKeys)
			.description("Keys removed because their TTL passed, lazily or by the active cycle (INFO expired_keys)")
			.register(registry);
		FunctionCounter.builder("kvserver.keyspace.evicted", this.stats, ServerStats::evictedKeys)
			.description("Keys evicted for memory (INFO evicted_keys); always 0: there is no eviction yet")
			.register(registry);
		FunctionCounter.builder("kvserver.keyspace.hits", this.stats, ServerStats::keyspaceHits)
			.description("Reads that found their key")
			.register(registry);
		FunctionCounter.builder("kvserver.keyspace.misses", this.stats, ServerStats::keyspaceMisses)
			.description("Reads that did not find their key")
			.register(registry);
	}

	private void bindNetwork(MeterRegistry registry) {
		FunctionCounter.builder("kvserver.net.input", this.stats, ServerStats::totalNetInputBytes)
			.description("Bytes read from clients (INFO total_net_input_bytes)")
			.baseUnit(BaseUnits.BYTES)
			.register(registry);
		FunctionCounter.builder("kvserver.net.output", this.stats, ServerStats::totalNetOutputBytes)
			.description("Bytes written to clients (INFO total_net_output_bytes)")
			.baseUnit(BaseUnits.BYTES)
			.register(registry);
	}

}
