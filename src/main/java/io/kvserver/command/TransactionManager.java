package io.kvserver.command;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Set;

import io.kvserver.command.Transaction.Queued;
import io.kvserver.command.Transaction.Watch;
import io.kvserver.protocol.ReplyWriter;
import io.kvserver.store.ByteKey;
import io.kvserver.store.Store;
import io.kvserver.store.Keyspace;
import io.kvserver.store.KeyspaceListener;

/**
 * The transaction machinery behind MULTI, EXEC, DISCARD, WATCH and UNWATCH (whose commands live in
 * {@code command.transactions}), with the semantics of Redis 7.0's multi.c.
 * <p>
 * The dispatcher queues commands while a client is in MULTI ({@link #queues}) and tells this class
 * of queue-time errors ({@link #rejected}); EXEC then runs the queue through the dispatcher, inside
 * the batch's single acquisition of the database lock, so no other client's command lands in the
 * middle of it.
 * <p>
 * WATCH keeps, per database, the watchers of each key, and listens to the store only while at least
 * one key is watched: a server whose clients never WATCH pays one null check per write. A change to
 * a watched key (a write, a delete, an expiry, a flush) marks its watchers, whose EXEC then answers
 * a null array. As in Redis, a key that was already expired when watched is "stale": its removal is
 * no change, but a new value is.
 */
public final class TransactionManager implements KeyspaceListener {

	/** Run at once even inside MULTI, as Redis's processCommand does; everything else is queued. */
	private static final Set<String> RUN_INSIDE_MULTI = Set.of("exec", "discard", "multi", "watch", "quit", "reset");

	/** How the dispatcher runs one queued command (handler, errors as replies, CLIENT REPLY). */
	@FunctionalInterface
	interface Runner {

		void run(Session session, CommandSpec spec, byte[][] argv, ReplyWriter out);

	}

	private final Store databases;

	/** Per database index: key -> the watches on it. */
	private final List<HashMap<ByteKey, List<Watch>>> watched;

	private int watchCount;

	private Runner runner;

	public TransactionManager(Store databases) {
		this.databases = databases;
		this.watched = new ArrayList<>(databases.count());
		for (int i = 0; i < databases.count(); i++) {
			this.watched.add(new HashMap<>());
		}
	}

	void runWith(Runner runner) {
		this.runner = runner;
	}

	/** Whether the command goes into the client's MULTI queue instead of running now. */
	static boolean queues(Session session, CommandSpec spec) {
		return session.inMulti() && !RUN_INSIDE_MULTI.contains(topLevelName(spec));
	}

	/**
	 * The dispatcher refused a command before running it (unknown, wrong arity): inside MULTI that
	 * dooms the transaction. A refused EXEC ends it at once, as Redis's {@code execCommandAbort}.
	 *
	 * @param error the error reply, starting with its code ("ERR ...")
	 */
	void rejected(Session session, CommandSpec spec, String error, ReplyWriter out) {
		Transaction tx = session.transactionOrNull();
		if (tx != null) {
			tx.queueingFailed();
		}
		if (spec != null && spec.name().equals("exec")) {
			discard(session);
			// Redis formats the reason without its "ERR " code.
			String reason = error.startsWith("ERR ") ? error.substring(4) : error;
			out.error("EXECABORT Transaction discarded because of: " + reason);
			return;
		}
		out.error(error);
	}

	/** Called by the dispatcher for a command that {@link #queues}. */
	static void queue(Session session, CommandSpec spec, byte[][] argv, ReplyWriter out) {
		session.transaction().add(spec, argv);
		out.simpleString("QUEUED");
	}

	private static String topLevelName(CommandSpec spec) {
		int bar = spec.name().indexOf('|');
		return bar < 0 ? spec.name() : spec.name().substring(0, bar);
	}

	public void multi(Session session, ReplyWriter out) {
		Transaction tx = session.transaction();
		if (tx.inMulti()) {
			throw new CommandException("ERR MULTI calls can not be nested");
		}
		tx.begin();
		out.ok();
	}

	public void exec(Session session, ReplyWriter out) {
		Transaction tx = session.transactionOrNull();
		if (tx == null || !tx.inMulti()) {
			throw new CommandException("ERR EXEC without MULTI");
		}
		if (anyWatchedKeyExpired(tx)) {
			tx.watchedKeyChanged();
		}
		if (tx.hasQueueingFailed() || tx.hasWatchedKeyChanged()) {
			boolean queueingFailed = tx.hasQueueingFailed();
			discard(session);
			if (queueingFailed) {
				out.error("EXECABORT Transaction discarded because of previous errors.");
			}
			else {
				out.nullArray();
			}
			return;
		}
		unwatchAll(session); // as Redis: no point in watching while the queue runs
		List<Queued> queue = tx.queue();
		out.arrayHeader(queue.size());
		for (Queued queued : queue) {
			this.runner.run(session, queued.spec(), queued.argv(), out);
		}
		tx.endMulti();
	}

	public void discard(Session session, ReplyWriter out) {
		if (!session.inMulti()) {
			throw new CommandException("ERR DISCARD without MULTI");
		}
		discard(session);
		out.ok();
	}

	/** Ends MULTI and drops the watches (DISCARD, a failed EXEC, RESET, a closed connection). */
	public void discard(Session session) {
		Transaction tx = session.transactionOrNull();
		if (tx == null) {
			return;
		}
		tx.endMulti();
		unwatchAll(session);
	}

	/** WATCH argv[1..]. */
	public void watch(Session session, byte[][] argv, ReplyWriter out) {
		if (session.inMulti()) {
			throw new CommandException("ERR WATCH inside MULTI is not allowed");
		}
		Transaction tx = session.transaction();
		Keyspace db = this.databases.db(session.db());
		for (int i = 1; i < argv.length; i++) {
			ByteKey key = new ByteKey(argv[i]);
			if (isWatching(tx, session.db(), key)) {
				continue;
			}
			Watch watch = new Watch(session, session.db(), key, db.isStale(argv[i]));
			tx.watches().add(watch);
			this.watched.get(session.db()).computeIfAbsent(key, k -> new ArrayList<>(1)).add(watch);
			if (this.watchCount++ == 0) {
				this.databases.setListener(this);
			}
		}
		out.ok();
	}

	private static boolean isWatching(Transaction tx, int db, ByteKey key) {
		for (Watch w : tx.watches()) {
			if (w.db == db && w.key.equals(key)) {
				return true;
			}
		}
		return false;
	}

	public void unwatch(Session session, ReplyWriter out) {
		unwatchAll(session);
		out.ok();
	}

	/** Drops every watch of the client and forgets that a watched key changed. */
	private void unwatchAll(Session session) {
		Transaction tx = session.transactionOrNull();
		if (tx == null) {
			return;
		}
		for (Watch w : tx.watches()) {
			HashMap<ByteKey, List<Watch>> keys = this.watched.get(w.db);
			List<Watch> watchers = keys.get(w.key);
			if (watchers != null) {
				watchers.remove(w);
				if (watchers.isEmpty()) {
					keys.remove(w.key);
				}
			}
			if (--this.watchCount == 0) {
				this.databases.setListener(null);
			}
		}
		tx.watches().clear();
		tx.clearWatchedKeyChanged();
	}

	/** Redis's {@code isWatchedKeyExpired}: a key live when watched that has expired since, not yet reclaimed. */
	private boolean anyWatchedKeyExpired(Transaction tx) {
		for (Watch w : tx.watches()) {
			if (!w.stale && this.databases.db(w.db).isStale(w.key.bytes())) {
				return true;
			}
		}
		return false;
	}

	/** How many keys are watched, counting each client's watch once; for tests and INFO. */
	public int watchCount() {
		return this.watchCount;
	}

	@Override
	public void keyChanged(Keyspace db, byte[] key) {
		int index = this.databases.indexOf(db);
		if (index < 0) {
			return;
		}
		List<Watch> watchers = this.watched.get(index).get(new ByteKey(key));
		if (watchers == null) {
			return;
		}
		for (Watch w : watchers) {
			if (w.stale && !db.hasEntry(key)) {
				// A stale key reclaimed: logically it was already gone, so nothing changed. From now
				// on it is an ordinary missing key.
				w.stale = false;
				continue;
			}
			w.session.transaction().watchedKeyChanged();
		}
	}

	@Override
	public void emptying(Keyspace db) {
		int index = this.databases.indexOf(db);
		if (index >= 0) {
			replacing(index, db, null);
		}
	}

	/**
	 * Database {@code index}, now {@code emptied}, is about to hold {@code replacement}'s keys
	 * instead (null: no keys at all). Redis's {@code touchAllWatchedKeysInDb}, for FLUSHDB, FLUSHALL
	 * and SWAPDB (which calls this for both databases before swapping).
	 */
	public void replacing(int index, Keyspace emptied, Keyspace replacement) {
		for (var entry : this.watched.get(index).entrySet()) {
			byte[] key = entry.getKey().bytes();
			boolean inEmptied = emptied.hasEntry(key);
			boolean inReplacement = replacement != null && replacement.hasEntry(key);
			if (!inEmptied && !inReplacement) {
				continue;
			}
			for (Watch w : entry.getValue()) {
				if (w.stale) {
					if (!inReplacement) {
						w.stale = false; // the stale key is deleted: no logical change
						continue;
					}
					if (replacement.isStale(key)) {
						continue; // stale before, stale after
					}
				}
				else if (!inEmptied && replacement.isStale(key)) {
					w.stale = true; // a missing key replaced by an expired one: still missing
					continue;
				}
				w.session.transaction().watchedKeyChanged();
			}
		}
	}

}
