package io.kvserver.store;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * The numbered databases and the one lock that serialises access to all of them. Holding the lock
 * for a command (or a pipelined batch) gives Redis's guarantee that commands never interleave.
 */
public final class Databases {

	private final Keyspace[] databases;

	private final ReentrantLock lock = new ReentrantLock();

	/** Set while a long command (a busy script) lets others take the lock in turns: background work waits. */
	private volatile boolean backgroundWorkHeld;

	public Databases(int count, LongSupplier clock) {
		this.databases = new Keyspace[count];
		for (int i = 0; i < count; i++) {
			this.databases[i] = new Keyspace(clock);
		}
	}

	public Keyspace db(int index) {
		return this.databases[index];
	}

	/** SWAPDB: clients connected to one database see the other's data from now on. */
	public void swap(int first, int second) {
		Keyspace keyspace = this.databases[first];
		this.databases[first] = this.databases[second];
		this.databases[second] = keyspace;
	}

	public int count() {
		return this.databases.length;
	}

	/** Installs (or removes, with null) the listener on every database; see {@link KeyspaceListener}. */
	public void setListener(KeyspaceListener listener) {
		for (Keyspace db : this.databases) {
			db.setListener(listener);
		}
	}

	/** The index of a database, or -1 if it is not one of these. */
	public int indexOf(Keyspace db) {
		for (int i = 0; i < this.databases.length; i++) {
			if (this.databases[i] == db) {
				return i;
			}
		}
		return -1;
	}

	public ReentrantLock lock() {
		return this.lock;
	}

	/**
	 * A command that runs for long lets other clients take the lock in turns (to be told it is
	 * busy); meanwhile background work such as the active expiry cycle must not change the data
	 * under it.
	 */
	public void holdBackgroundWork(boolean held) {
		this.backgroundWorkHeld = held;
	}

	/** Whether background work must skip its turn (see {@link #holdBackgroundWork}); read under the lock. */
	public boolean backgroundWorkHeld() {
		return this.backgroundWorkHeld;
	}

	/** Keys expired in every database so far (INFO expired_keys). Read without the lock: it may lag a little. */
	public long expiredKeys() {
		long total = 0;
		for (Keyspace db : this.databases) {
			total += db.expiredKeys();
		}
		return total;
	}

	/** The keyspace memory estimate summed over every database (see {@link Keyspace#memoryEstimate()}). */
	public long memoryEstimate() {
		long total = 0;
		for (Keyspace db : this.databases) {
			total += db.memoryEstimate();
		}
		return total;
	}

}
