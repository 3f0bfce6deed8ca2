package io.kvserver.persistence;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

import io.kvserver.persistence.rdb.RdbValue;
import io.kvserver.persistence.rdb.RdbWriter;
import io.kvserver.store.ByteKey;
import io.kvserver.store.Databases;
import io.kvserver.store.Keyspace;

/**
 * The databases as they were at one instant, written to an RDB file while clients go on writing,
 * without fork. The walk takes the database lock for a small chunk of entries at a time and writes
 * them outside it; what a command changes before the walk reaches it is saved first: the
 * dispatcher calls {@link #beforeKeyWrite} with the keys a write command may touch, and the entry
 * as it still is goes to a side list (Dragonfly's "serialize the old value before a write touches
 * it", here keyed by the walk's cursor instead of per-entry versions). A key touched once is then
 * skipped by the walk: its value at the instant is already kept, or it did not exist then.
 * <p>
 * The walk is a SCAN over each table with shrinking held off, so it meets every entry present
 * throughout exactly once; whether a key was already passed is decided by the same cursor order.
 * Keys that expire during the walk may be missing from the file: they would be dropped on load anyway.
 * <p>
 * Methods other than {@link #writeTo} run under the database lock.
 */
public final class RdbSnapshot {

	/** Where a walk's entries go: an RDB writer, or the commands of an AOF base. */
	public interface Sink {

		void selectDb(int index, long size, long expires) throws IOException;

		void entry(byte[] key, RdbValue value, long expireAt) throws IOException;

	}


	/** Entries written per turn of the lock: a turn costs tens of microseconds. */
	private static final int CHUNK = 256;

	private final ReentrantLock lock;

	private final long startedAtMillis;

	private final List<Db> dbs = new ArrayList<>();

	private volatile long keysProcessed;

	private final long keysTotal;

	private volatile boolean aborted;

	/** The FUNCTION libraries' code at the instant (see {@link #keepFunctionLibraries}). */
	private List<byte[]> functionLibraries = List.of();

	/** Taken under the lock: the instant the file shows. */
	public RdbSnapshot(Databases databases, ReentrantLock lock, long nowMillis) {
		this.lock = lock;
		this.startedAtMillis = nowMillis;
		long total = 0;
		for (int i = 0; i < databases.count(); i++) {
			Keyspace db = databases.db(i);
			if (db.size() > 0) {
				db.holdShrinking(true);
				this.dbs.add(new Db(i, db, db.size(), db.expiresCount()));
				total += db.size();
			}
		}
		this.keysTotal = total;
	}

	public long startedAtMillis() {
		return this.startedAtMillis;
	}

	long keysProcessed() {
		return this.keysProcessed;
	}

	long keysTotal() {
		return this.keysTotal;
	}

	/** A write command may change this key in any database: keep its current value if the file still needs it. */
	void beforeKeyWrite(byte[] key) {
		for (Db state : this.dbs) {
			if (state.walked || state.db.scannedBefore(state.cursor, key)) {
				continue;
			}
			if (state.touched.add(new ByteKey(key))) {
				Object value = state.db.peekEntry(key);
				if (value != null) {
					keep(state, key, value, state.db.peekDeadline(key));
				}
			}
		}
	}

	/** A command is about to change keys it does not name: everything not yet written is kept now. */
	void beforeUnnamedWrites() {
		for (Db state : this.dbs) {
			while (!state.walked) {
				state.cursor = state.db.scanEntries(state.cursor, (key, value, deadline) -> {
					if (state.touched.isEmpty() || !state.touched.contains(new ByteKey(key))) {
						keep(state, key, value, deadline);
					}
				});
				state.walked = state.cursor == 0;
			}
		}
	}

	private void keep(Db state, byte[] key, Object value, long deadline) {
		if (deadline == -1 || deadline > this.startedAtMillis) {
			state.kept.add(new Entry(key, StoredValues.toRdb(value), deadline));
		}
	}

	/** Stops the walk at its next turn (FLUSHALL, SHUTDOWN); {@link #writeTo} then throws. */
	public void abort() {
		this.aborted = true;
	}

	/** Gives the tables their shrinking back; under the lock, once the walk is over. */
	public void release() {
		for (Db state : this.dbs) {
			state.db.holdShrinking(false);
			state.walked = true;
			state.kept.clear();
		}
	}

	/**
	 * Writes the file, taking the lock a chunk at a time (a caller that already holds it, as SAVE
	 * does, simply keeps it throughout).
	 */
	void writeTo(OutputStream out, PersistenceSettings settings, Map<String, String> aux) throws IOException {
		RdbWriter writer = new RdbWriter(out, settings.rdbChecksum(), settings.rdbCompression())
			.functionLibraries(this.functionLibraries);
		writer.begin(aux);
		walk(new Sink() {

			@Override
			public void selectDb(int index, long size, long expires) throws IOException {
				writer.selectDb(index, size, expires);
			}

			@Override
			public void entry(byte[] key, RdbValue value, long expireAt) throws IOException {
				writer.entry(key, value, expireAt);
			}

		});
		writer.end();
	}

	/** Hands every entry of the instant to the sink, database by database, taking the lock a chunk at a time. */
	public void walk(Sink sink) throws IOException {
		List<Entry> chunk = new ArrayList<>(CHUNK);
		for (Db state : this.dbs) {
			sink.selectDb(state.index, state.size, state.expires);
			boolean done = false;
			while (!done) {
				chunk.clear();
				this.lock.lock();
				try {
					if (this.aborted) {
						throw new IOException("the save was aborted");
					}
					while (!state.walked && chunk.size() < CHUNK) {
						state.cursor = state.db.scanEntries(state.cursor, (key, value, deadline) -> {
							if ((state.touched.isEmpty() || !state.touched.contains(new ByteKey(key)))
									&& (deadline == -1 || deadline > this.startedAtMillis)) {
								chunk.add(new Entry(key, StoredValues.toRdb(value), deadline));
							}
						});
						state.walked = state.cursor == 0;
					}
					while (!state.kept.isEmpty() && chunk.size() < 2 * CHUNK) {
						chunk.add(state.kept.poll());
					}
					done = state.walked && state.kept.isEmpty();
				}
				finally {
					this.lock.unlock();
				}
				for (Entry entry : chunk) {
					sink.entry(entry.key, entry.value, entry.expireAt);
				}
				this.keysProcessed += chunk.size();
			}
		}
	}

	private record Entry(byte[] key, RdbValue value, long expireAt) {
	}

	/** One database's part of the snapshot. */
	private static final class Db {

		final int index;

		final Keyspace db;

		final long size;

		final long expires;

		/** The walk's next cursor; 0 before it starts. */
		long cursor;

		/** The walk has passed every bucket. */
		boolean walked;

		/** Keys a command may have changed since the instant, not yet passed by the walk. */
		final Set<ByteKey> touched = new HashSet<>();

		/** Values as they were at the instant, kept before a command changed them. */
		final ArrayDeque<Entry> kept = new ArrayDeque<>();

		Db(int index, Keyspace db, long size, long expires) {
			this.index = index;
			this.db = db;
			this.size = size;
			this.expires = expires;
		}

	}

	/** The FUNCTION libraries' code at the instant. */
	public List<byte[]> functionLibraries() {
		return this.functionLibraries;
	}

	/** Under the lock, with the instant: the FUNCTION libraries' code, written before the databases. */
	void keepFunctionLibraries(List<byte[]> codes) {
		this.functionLibraries = List.copyOf(codes);
	}

}
