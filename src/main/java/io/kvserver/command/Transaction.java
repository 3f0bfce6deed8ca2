package io.kvserver.command;

import java.util.ArrayList;
import java.util.List;

import io.kvserver.store.ByteKey;

/**
 * One client's MULTI queue and WATCHed keys, with Redis's two ways for EXEC to fail: an error while
 * queueing ({@code CLIENT_DIRTY_EXEC}) and a change to a watched key ({@code CLIENT_DIRTY_CAS}).
 */
public final class Transaction {

	/** A command accepted into the queue, already looked up and arity-checked. */
	public record Queued(CommandSpec spec, byte[][] argv) {
	}

	/** One watched key of one client; {@code stale} if it had already expired, unreclaimed, when watched. */
	public static final class Watch {

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

	public boolean inMulti() {
		return this.queue != null;
	}

	public void begin() {
		this.queue = new ArrayList<>();
	}

	public void add(CommandSpec spec, byte[][] argv) {
		this.queue.add(new Queued(spec, argv));
	}

	public List<Queued> queue() {
		return this.queue;
	}

	/** Ends MULTI (EXEC done, DISCARD, RESET); the watches are the caller's to drop. */
	public void endMulti() {
		this.queue = null;
		this.queueingFailed = false;
	}

	public void queueingFailed() {
		if (inMulti()) {
			this.queueingFailed = true;
		}
	}

	public boolean hasQueueingFailed() {
		return this.queueingFailed;
	}

	public void watchedKeyChanged() {
		this.watchedKeyChanged = true;
	}

	public boolean hasWatchedKeyChanged() {
		return this.watchedKeyChanged;
	}

	public void clearWatchedKeyChanged() {
		this.watchedKeyChanged = false;
	}

	public List<Watch> watches() {
		return this.watches;
	}

	/** Bytes held by the queued arguments, for CLIENT LIST's multi-mem. */
	public long queuedBytes() {
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
