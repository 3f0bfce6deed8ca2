package io.kvserver.metrics;

import java.util.concurrent.atomic.LongAdder;

/**
 * The counters behind both INFO and the Micrometer meters, so the two always agree. Updated at the
 * edges: the transport counts connections, the dispatcher counts commands.
 */
public final class ServerStats {

	private final long startedAtMillis = System.currentTimeMillis();

	private final LongAdder commandsProcessed = new LongAdder();

	private final LongAdder connectionsReceived = new LongAdder();

	private final LongAdder connectionsClosed = new LongAdder();

	private final LongAdder rejectedConnections = new LongAdder();

	private final LongAdder keyspaceHits = new LongAdder();

	private final LongAdder keyspaceMisses = new LongAdder();

	private final OpsPerSecond opsPerSecond = new OpsPerSecond();

	public void commandsProcessed(int count) {
		this.commandsProcessed.add(count);
		this.opsPerSecond.record(count);
	}

	public void connectionOpened() {
		this.connectionsReceived.increment();
	}

	public void connectionClosed() {
		this.connectionsClosed.increment();
	}

	public void connectionRejected() {
		this.rejectedConnections.increment();
	}

	public void keyspaceHit() {
		this.keyspaceHits.increment();
	}

	public void keyspaceMiss() {
		this.keyspaceMisses.increment();
	}

	public long totalCommandsProcessed() {
		return this.commandsProcessed.sum();
	}

	public long totalConnectionsReceived() {
		return this.connectionsReceived.sum();
	}

	public long totalConnectionsClosed() {
		return this.connectionsClosed.sum();
	}

	public long rejectedConnections() {
		return this.rejectedConnections.sum();
	}

	public long keyspaceHits() {
		return this.keyspaceHits.sum();
	}

	public long keyspaceMisses() {
		return this.keyspaceMisses.sum();
	}

	public double instantaneousOpsPerSecond() {
		return this.opsPerSecond.rate();
	}

	public long startedAtMillis() {
		return this.startedAtMillis;
	}

	/**
	 * CONFIG RESETSTAT: the counters INFO shows start from zero again, as Redis's resetServerStats.
	 * The Micrometer counters read the same values, which Prometheus takes as a counter reset.
	 */
	public void reset() {
		this.commandsProcessed.reset();
		this.connectionsReceived.reset();
		this.connectionsClosed.reset();
		this.rejectedConnections.reset();
		this.keyspaceHits.reset();
		this.keyspaceMisses.reset();
	}

}
