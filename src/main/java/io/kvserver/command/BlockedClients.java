package io.kvserver.command;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;

import io.kvserver.metrics.ServerStats;
import io.kvserver.persistence.WriteObserver;
import io.kvserver.protocol.ReplyWriter;
import io.kvserver.store.ByteKey;
import io.kvserver.store.Keyspace;
import io.kvserver.store.KeyspaceListener;
import io.kvserver.store.Store;
import io.kvserver.store.ValueType;

/**
 * Clients blocked on keys (BLPOP, BLMOVE, BZPOPMIN, ...), as Redis 7.0's blocked.c keeps them: per
 * database, each key's waiters in the order they blocked. A key that comes into existence with a
 * value of a type someone may wait for (Redis's dbAdd: a push to a missing list, LMOVE or RENAME
 * into it, ZADD, SORT ... STORE, ...) is marked ready; after the command that made it ready (EXEC
 * and scripts count as one command) the dispatcher calls {@link #serveReady}, which serves the
 * key's waiters first come, first served, as long as the key lasts.
 * <p>
 * A blocked client holds no thread: its state is one {@link Waiter}. Its reply is encoded here,
 * under the database lock, by whoever serves it (the writing client's thread, the timeout timer,
 * CLIENT UNBLOCK) and handed to the client's own connection through its {@link ClientChannel},
 * which also resumes the requests held back behind the blocking command. Timeouts run on one timer
 * thread for the whole server.
 * <p>
 * Everything here runs under the database lock. The store tells this registry of new keys only
 * while some client is blocked, so a server where nobody blocks pays nothing for it.
 */
public final class BlockedClients implements KeyspaceListener, AutoCloseable {

	private static final String UNBLOCKED_ERROR = "UNBLOCKED client unblocked via CLIENT UNBLOCK";

	/** How a family finishes a blocked command once a key it waits for holds a value of the type it waits for. */
	@FunctionalInterface
	public interface Wakeup {

		/**
		 * Serves the client from the key: pops what the command pops, writes its reply (or its error)
		 * and returns true; or returns false to leave the client blocked. Runs under the database lock.
		 *
		 * @param db the client's database
		 * @param value the key's value, of the type the client waits for
		 */
		boolean serve(Keyspace db, byte[] key, Object value, ReplyWriter out);

	}

	/** One blocked client: what it waits for, and its place in each key's queue. */
	static final class Waiter {

		final Session session;

		final int db;

		final ValueType type;

		final Wakeup wakeup;

		/** Unix milliseconds after which it times out; 0 (or, after an overflow, negative) for never. */
		final long deadline;

		final CommandSpec command;

		/** A key serving it writes besides the ready one (BLMOVE's destination), or null. */
		final byte[] target;

		/** CLIENT REPLY OFF or SKIP when it blocked: its reply is dropped, as Redis drops it. */
		final boolean quiet;

		final List<Node> nodes;

		ScheduledFuture<?> timeout;

		Waiter(Session session, int db, ValueType type, Wakeup wakeup, long deadline, byte[] target, int keys) {
			this.session = session;
			this.target = target;
			this.db = db;
			this.type = type;
			this.wakeup = wakeup;
			this.deadline = deadline;
			this.command = session.runningCommand();
			this.quiet = session.repliesSuppressed();
			this.nodes = new ArrayList<>(keys);
		}

	}

	/** A waiter's entry in one key's queue: a doubly linked list, so leaving it costs O(1) wherever it is. */
	static final class Node {

		final Waiter waiter;

		final ByteKey key;

		Node previous;

		Node next;

		Node(Waiter waiter, ByteKey key) {
			this.waiter = waiter;
			this.key = key;
		}

	}

	/** The waiters of one key, oldest first. */
	static final class Queue {

		Node head;

		Node tail;

		void append(Node node) {
			node.previous = this.tail;
			if (this.tail != null) {
				this.tail.next = node;
			}
			else {
				this.head = node;
			}
			this.tail = node;
		}

		void remove(Node node) {
			if (node.previous != null) {
				node.previous.next = node.next;
			}
			else {
				this.head = node.next;
			}
			if (node.next != null) {
				node.next.previous = node.previous;
			}
			else {
				this.tail = node.previous;
			}
		}

		boolean isEmpty() {
			return this.head == null;
		}

	}

	private record Ready(int db, ByteKey key) {
	}

	private final Store store;

	private final ServerStats stats;

	private final LongSupplier clock;

	private final ReentrantLock lock;

	/** Per database index: each key's waiters. */
	private final List<HashMap<ByteKey, Queue>> waiting;

	/** Keys made ready by the running command, in the order they became ready. */
	private List<Ready> ready = new ArrayList<>();

	/** Per database index: the keys in {@link #ready}, so a key is listed once however often it is signalled. */
	private final List<HashSet<ByteKey>> readyKeys;

	/** Changed under the lock; volatile because the metrics scrape reads it without the lock. */
	private volatile int blockedCount;

	private int timedCount;

	private ScheduledThreadPoolExecutor timer;

	public BlockedClients(Store store, ServerStats stats, LongSupplier clock) {
		this.store = store;
		this.stats = stats;
		this.clock = clock;
		this.lock = store.lock();
		this.waiting = new ArrayList<>(store.count());
		this.readyKeys = new ArrayList<>(store.count());
		for (int i = 0; i < store.count(); i++) {
			this.waiting.add(new HashMap<>());
			this.readyKeys.add(new HashSet<>());
		}
	}

	/**
	 * Blocks the client on the keys until one of them holds a value of {@code type} that
	 * {@code wakeup} can serve from, its deadline passes, CLIENT UNBLOCK ends it or it disconnects.
	 * The command returns without a reply; the rest of its batch waits (see {@link ClientChannel#pause}).
	 * Repeated keys count once, as in Redis.
	 *
	 * @param deadline Unix milliseconds, 0 for never (see {@link #deadline})
	 */
	public void block(Session session, List<byte[]> keys, ValueType type, long deadline, Wakeup wakeup) {
		block(session, keys, type, deadline, null, wakeup);
	}

	/**
	 * As {@link #block(Session, List, ValueType, long, Wakeup)}, for a command that also writes
	 * {@code target} when served (BLMOVE's destination), so that a snapshot in progress keeps that
	 * key's old value first.
	 */
	public void block(Session session, List<byte[]> keys, ValueType type, long deadline, byte[] target,
			Wakeup wakeup) {
		Waiter waiter = new Waiter(session, session.db(), type, wakeup, deadline, target, keys.size());
		HashMap<ByteKey, Queue> queues = this.waiting.get(waiter.db);
		for (byte[] key : keys) {
			ByteKey k = new ByteKey(key);
			if (waiter.nodes.stream().anyMatch(n -> n.key.equals(k))) {
				continue;
			}
			Node node = new Node(waiter, k);
			queues.computeIfAbsent(k, x -> new Queue()).append(node);
			waiter.nodes.add(node);
		}
		session.blockedOn(waiter);
		session.channel().pause();
		if (this.blockedCount++ == 0) {
			this.store.addListener(this);
		}
		if (deadline != 0) {
			this.timedCount++;
			if (deadline > 0) {
				scheduleTimeout(waiter, deadline - this.clock.getAsLong());
			}
		}
	}

	/**
	 * A blocking command's timeout argument in seconds (decimals allowed) as the deadline
	 * {@link #block} takes, with Redis's errors: "timeout is not a float or out of range", "timeout
	 * is negative". Like Redis, the milliseconds are added to the clock without an overflow check, and
	 * a deadline that overflowed never comes.
	 */
	public long deadline(byte[] timeout) {
		long millis = BlockingTimeout.millis(timeout);
		return millis > 0 ? millis + this.clock.getAsLong() : 0;
	}

	/** Clients blocked now (INFO's blocked_clients). */
	public int blockedCount() {
		return this.blockedCount;
	}

	/** Blocked clients that have a timeout (INFO's clients_in_timeout_table). */
	public int timedCount() {
		return this.timedCount;
	}

	@Override
	public void keyAdded(Keyspace db, byte[] key, Object value) {
		ValueType type = ValueType.of(value);
		if (type != ValueType.LIST && type != ValueType.ZSET && type != ValueType.STREAM) {
			return; // nobody can wait for it
		}
		int index = this.store.indexOf(db);
		if (index >= 0) {
			signal(index, new ByteKey(key));
		}
	}

	@Override
	public void keyChanged(Keyspace db, byte[] key) {
	}

	@Override
	public void emptying(Keyspace db) {
	}

	/**
	 * SWAPDB swapped the data of two databases, while blocked clients stay with their database
	 * index: a key they wait for that now exists is ready, as Redis's scanDatabaseForReadyKeys.
	 */
	public void swapped(int first, int second) {
		for (int index : new int[] { first, second }) {
			Keyspace db = this.store.db(index);
			for (ByteKey key : this.waiting.get(index).keySet()) {
				Object value = db.peek(key.bytes());
				if (value != null) {
					keyAdded(db, key.bytes(), value);
				}
			}
		}
	}

	private void signal(int db, ByteKey key) {
		if (this.waiting.get(db).containsKey(key) && this.readyKeys.get(db).add(key)) {
			this.ready.add(new Ready(db, key));
		}
	}

	/** Whether the command just run made a key ready that someone waits for. */
	public boolean hasReady() {
		return !this.ready.isEmpty();
	}

	/**
	 * Serves the waiters of every ready key, oldest first, while the key lasts, as Redis's
	 * handleClientsBlockedOnKeys: serving a BLMOVE may make its destination ready in turn, which
	 * is served in the next round.
	 *
	 * @param writes told of the keys serving writes, as it is told of every write command's
	 */
	public void serveReady(WriteObserver writes, @Nullable Propagator propagator) {
		while (!this.ready.isEmpty()) {
			List<Ready> round = this.ready;
			this.ready = new ArrayList<>();
			for (Ready r : round) {
				this.readyKeys.get(r.db).remove(r.key);
				serveKey(r.db, r.key, writes, propagator);
			}
		}
	}

	/**
	 * Serves the key's waiters in order. Each served client's pop is a write of its own for the
	 * propagator, in the effect form its {@link Wakeup} sets ({@link Session#propagateAs}: LPOP,
	 * LMOVE, ZPOPMIN ...), recorded right after it as Redis's serveClientsBlockedOnListKey does.
	 */
	private void serveKey(int index, ByteKey key, WriteObserver writes, @Nullable Propagator propagator) {
		Keyspace db = this.store.db(index);
		Object value = db.get(key.bytes());
		Queue queue = this.waiting.get(index).get(key);
		if (value == null || queue == null) {
			return;
		}
		ValueType type = ValueType.of(value);
		Node node = queue.head;
		while (node != null) {
			Node next = node.next; // this node leaves the queue if its waiter is served; the next one stays
			Waiter waiter = node.waiter;
			if (waiter.type == type) {
				if (writes.snapshotting()) {
					writes.beforeKeyWrite(key.bytes());
					if (waiter.target != null) {
						writes.beforeKeyWrite(waiter.target);
					}
				}
				ReplyWriter out = replyWriterFor(waiter.session);
				long dirtyBefore = propagator != null ? propagator.begin() : -1;
				boolean served = waiter.wakeup.serve(db, key.bytes(), value, out);
				if (propagator != null) {
					propagator.end(waiter.session, waiter.command, new byte[][] { key.bytes() }, dirtyBefore);
				}
				if (served) {
					unblock(waiter, out, out.errorCount() > 0);
					value = db.peek(key.bytes());
					if (value == null) {
						return; // emptied and deleted: the rest wait on
					}
				}
			}
			node = next;
		}
	}

	/**
	 * CLIENT UNBLOCK: ends the client's wait as a timeout would, or with Redis's UNBLOCKED error.
	 * @return false if the client was not blocked
	 */
	public boolean unblock(Session session, boolean withError) {
		Waiter waiter = session.blockedOn();
		if (waiter == null) {
			return false;
		}
		ReplyWriter out = replyWriterFor(session);
		if (withError) {
			out.error(UNBLOCKED_ERROR);
		}
		else {
			out.nullArray();
		}
		unblock(waiter, out, true); // Redis counts the call failed either way
		return true;
	}

	/** The client's connection is gone: it waits no more, and nothing is sent. */
	public void forget(Session session) {
		Waiter waiter = session.blockedOn();
		if (waiter != null) {
			leave(waiter);
		}
	}

	/**
	 * Ends the wait with the reply in {@code out} and lets the client's held-back requests run.
	 * @param failed whether the call counts as failed (Redis's updateStatsOnUnblock: the call was
	 * counted when it blocked, a failure is counted now)
	 */
	private void unblock(Waiter waiter, ReplyWriter out, boolean failed) {
		leave(waiter);
		if (out.errorCount() > 0) {
			this.stats.errorReply(out.lastError());
		}
		if (failed && waiter.command != null) {
			waiter.command.stats().failedLater();
		}
		ClientChannel channel = waiter.session.channel();
		if (!waiter.quiet && out.size() > 0) {
			channel.send(out.toByteArray());
		}
		channel.resume();
	}

	private void leave(Waiter waiter) {
		HashMap<ByteKey, Queue> queues = this.waiting.get(waiter.db);
		for (Node node : waiter.nodes) {
			Queue queue = queues.get(node.key);
			queue.remove(node);
			if (queue.isEmpty()) {
				queues.remove(node.key);
			}
		}
		if (waiter.deadline != 0) {
			this.timedCount--;
			if (waiter.timeout != null) {
				waiter.timeout.cancel(false);
			}
		}
		waiter.session.blockedOn(null);
		if (--this.blockedCount == 0) {
			this.store.removeListener(this);
		}
	}

	private static ReplyWriter replyWriterFor(Session session) {
		ReplyWriter out = new ReplyWriter();
		out.resp3(session.resp3());
		return out;
	}

	/** Redis times a client out once the clock has passed its deadline: one millisecond after it. */
	private void scheduleTimeout(Waiter waiter, long millisToDeadline) {
		if (this.timer == null) {
			this.timer = new ScheduledThreadPoolExecutor(1,
					Thread.ofPlatform().name("kvserver-block-timeouts").daemon().factory());
			this.timer.setRemoveOnCancelPolicy(true);
		}
		waiter.timeout = this.timer.schedule(() -> timedOut(waiter), Math.max(0, millisToDeadline) + 1,
				TimeUnit.MILLISECONDS);
	}

	/** On the timer's thread: the deadline may have passed, unless the client was served meanwhile. */
	private void timedOut(Waiter waiter) {
		this.lock.lock();
		try {
			if (waiter.session.blockedOn() != waiter) {
				return;
			}
			long now = this.clock.getAsLong();
			if (now <= waiter.deadline) {
				scheduleTimeout(waiter, waiter.deadline - now); // the timer ran early by the wall clock
				return;
			}
			ReplyWriter out = replyWriterFor(waiter.session);
			out.nullArray();
			unblock(waiter, out, false);
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public void close() {
		this.lock.lock();
		try {
			if (this.timer != null) {
				this.timer.shutdownNow();
			}
		}
		finally {
			this.lock.unlock();
		}
	}

}
