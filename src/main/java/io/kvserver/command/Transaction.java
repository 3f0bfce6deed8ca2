package io.kvserver.command;

import java.util.ArrayList;
import java.util.List;

import io.kvserver.store.ByteKey;

/**
 * One client's MULTI queue and WATCHed keys, with Redis's two ways for EXEC to fail: an error while
 * queueing ({@code CLIENT_DIRTY_EXEC}) and a change to a watched key ({@code CLIENT_DIRTY_CAS}).
 */
final class Transaction {

	/** A command accepted into the queue, already looked up and arity-checked. */
	record Queued(CommandSpec spec, byte[][] argv) {
	}

	/** One watched key of one client; {@code stale} if it had already expired, unreclaimed, when watched. */
	static final class Watch {

		final Session session;

		final int db;

		final ByteKey key;

		boolean stale;

		Watch(Session session, int db, ByteKey key, boolean stale) {
			this.session = session;
			this.db = db;
			this.key = key;
			this.stale = stale;
		}

	}

	private List<Queued> queue;

	private boolean queueingFailed;

	private boolean watchedKeyChanged;

	private final List<Watch> watches = new ArrayList<>(2);

	boolean inMulti() {
		return this.queue != null;
	}

	void begin() {
		this.queue = new ArrayList<>();
	}

	void add(CommandSpec spec, byte[][] argv) {
		this.queue.add(new Queued(spec, argv));
	}

	List<Queued> queue() {
		return this.queue;
	}

	/** Ends MULTI (EXEC done, DISCARD, RESET); the watches are the caller's to drop. */
	void endMulti() {
		this.queue = null;
		this.queueingFailed = false;
	}

	void queueingFailed() {
		if (inMulti()) {
			this.queueingFailed = true;
		}
	}

	boolean hasQueueingFailed() {
		return this.queueingFailed;
	}

	void watchedKeyChanged() {
		this.watchedKeyChanged = true;
	}

	boolean hasWatchedKeyChanged() {
		return this.watchedKeyChanged;
	}

	void clearWatchedKeyChanged() {
		this.watchedKeyChanged = false;
	}

	List<Watch> watches() {
		return this.watches;
	}

	/** Bytes held by the queued arguments, for CLIENT LIST's multi-mem. */
	long queuedBytes() {
		long total = 0;
		if (this.queue != null) {
			for (Queued q : this.queue) {
				for (byte[] arg : q.argv()) {
					total += arg.length;
				}
			}
		}
		return total;
	}

}
