package io.kvserver.metrics;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;


/**
 * The counters behind both INFO and the Micrometer meters, so the two always agree. Updated at the
 * edges: the transport counts connections and bytes, the dispatcher counts commands and errors.
 * Per-command counters live in each command's {@link CommandStats}.
 */
public final class ServerStats {

	/** Redis tracks at most this many distinct error codes in INFO errorstats. */
	static final int MAX_ERROR_CODES = 128;

	private final long startedAtMillis = System.currentTimeMillis();

	private final AtomicLong commandsProcessed = new AtomicLong();

	private final LongAdder connectionsReceived = new LongAdder();

	private final LongAdder[] connectionsClosed = new LongAdder[CloseReason.values().length];

	private final LongAdder rejectedConnections = new LongAdder();

	private final LongAdder keyspaceHits = new LongAdder();

	private final LongAdder keyspaceMisses = new LongAdder();

	private final LongAdder netInputBytes = new LongAdder();

	private final LongAdder netOutputBytes = new LongAdder();

	private final LongAdder errorReplies = new LongAdder();

	private final LongAdder unknownCommands = new LongAdder();

	private final ConcurrentHashMap<String, LongAdder> errorCodes = new ConcurrentHashMap<>();

	/** Redis 7.2's acl_access_denied_* counters: refused AUTHs, then ACL refusals by command, key and channel. */
	private final LongAdder[] aclDenied = { new LongAdder(), new LongAdder(), new LongAdder(), new LongAdder() };

	private final LongAdder evictedKeys = new LongAdder();

	private final LongAdder evictedClients = new LongAdder();

	private final LongAdder evictionExceededMillis = new LongAdder();

	private final OpsPerSecond opsPerSecond = new OpsPerSecond();

	private final BatchSizeHistogram batchSizes = new BatchSizeHistogram();

	public ServerStats() {
		for (int i = 0; i < this.connectionsClosed.length; i++) {
			this.connectionsClosed[i] = new LongAdder();
		}
	}

	/**
	 * One batch of pipelined requests read from a connection at once, and how many of its commands
	 * ran (Redis's total_commands_processed leaves out unknown and rejected ones). One caller at a
	 * time: the dispatcher calls it under the database lock, so these counters need no atomic
	 * read-modify-write, which showed in unpipelined profiles where every batch is one command.
	 * {@code nowMillis} is the wall clock, which the caller has read already.
	 */
	public void batch(int requests, int commandsProcessed, long nowMillis) {
		this.batchSizes.record(requests);
		this.commandsProcessed.setRelease(this.commandsProcessed.getPlain() + commandsProcessed);
		this.opsPerSecond.record(commandsProcessed, nowMillis);
	}

	BatchSizeHistogram batchSizes() {
		return this.batchSizes;
	}

	public void connectionOpened() {
		this.connectionsReceived.increment();
	}

	public void connectionClosed(CloseReason reason) {
		this.connectionsClosed[reason.ordinal()].increment();
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

	/** Bytes read from clients, counted per read call. */
	public void netInput(long bytes) {
		this.netInputBytes.add(bytes);
	}

	/** Bytes written to clients, counted per batch of replies. */
	public void netOutput(long bytes) {
		this.netOutputBytes.add(bytes);
	}

	/** A command name the table does not know. */
	public void unknownCommand() {
		this.unknownCommands.increment();
	}

	/**
	 * An error reply, counted as Redis's afterErrorReply does: in total, and per error code (the
	 * first word if a space comes within the first 32 bytes of the reply "-CODE ...", else "ERR").
	 */
	public void errorReply(String text) {
		this.errorReplies.increment();
		String code = errorCode(text);
		LongAdder count = this.errorCodes.get(code);
		if (count == null) {
			if (this.errorCodes.size() >= MAX_ERROR_CODES) {
				return;
			}
			count = this.errorCodes.computeIfAbsent(code, c -> new LongAdder());
		}
		count.increment();
	}

	static String errorCode(String text) {
		int space = text.indexOf(' ');
		return (space >= 0 && space < 31) ? text.substring(0, space) : "ERR";
	}

	public long totalCommandsProcessed() {
		return this.commandsProcessed.getAcquire();
	}

	public long totalConnectionsReceived() {
		return this.connectionsReceived.sum();
	}

	public long totalConnectionsClosed() {
		long total = 0;
		for (LongAdder closed : this.connectionsClosed) {
			total += closed.sum();
		}
		return total;
	}

	public long connectionsClosed(CloseReason reason) {
		return this.connectionsClosed[reason.ordinal()].sum();
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

	public long totalNetInputBytes() {
		return this.netInputBytes.sum();
	}

	public long totalNetOutputBytes() {
		return this.netOutputBytes.sum();
	}

	public long totalErrorReplies() {
		return this.errorReplies.sum();
	}

	/** A failed AUTH or HELLO AUTH (INFO stats acl_access_denied_auth). */
	public void aclDeniedAuth() {
		this.aclDenied[0].increment();
	}

	/** An ACL refusal of a command (0), a key (1) or a channel (2). */
	public void aclDenied(int what) {
		this.aclDenied[1 + what].increment();
	}

	/** acl_access_denied_auth, _cmd, _key, _channel. */
	public long[] aclDenials() {
		long[] counts = new long[this.aclDenied.length];
		for (int i = 0; i < counts.length; i++) {
			counts[i] = this.aclDenied[i].sum();
		}
		return counts;
	}

	public long unknownCommands() {
		return this.unknownCommands.sum();
	}

	/** A key was evicted to keep memory under maxmemory. */
	public void keyEvicted() {
		this.evictedKeys.increment();
	}

	public long evictedKeys() {
		return this.evictedKeys.sum();
	}

	/** A client was closed to keep client memory under maxmemory-clients. */
	public void clientEvicted() {
		this.evictedClients.increment();
	}

	public long evictedClients() {
		return this.evictedClients.sum();
	}

	/** Used memory was over maxmemory for this long, until eviction brought it back. */
	public void evictionExceeded(long millis) {
		this.evictionExceededMillis.add(millis);
	}

	/** Milliseconds used memory spent over maxmemory in stretches that have ended (total_eviction_exceeded_time). */
	public long evictionExceededMillis() {
		return this.evictionExceededMillis.sum();
	}

	/** Error replies per error code, sorted by code. */
	public Map<String, Long> errorStats() {
		Map<String, Long> stats = new TreeMap<>();
		this.errorCodes.forEach((code, count) -> stats.put(code, count.sum()));
		return stats;
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
		this.commandsProcessed.setRelease(0); // CONFIG RESETSTAT, under the database lock too
		this.connectionsReceived.reset();
		for (LongAdder closed : this.connectionsClosed) {
			closed.reset();
		}
		this.rejectedConnections.reset();
		this.keyspaceHits.reset();
		this.keyspaceMisses.reset();
		this.netInputBytes.reset();
		this.netOutputBytes.reset();
		this.errorReplies.reset();
		this.unknownCommands.reset();
		this.errorCodes.clear();
		for (LongAdder denied : this.aclDenied) {
			denied.reset();
		}
		this.evictedKeys.reset();
		this.evictedClients.reset();
		this.evictionExceededMillis.reset();
	}

}
