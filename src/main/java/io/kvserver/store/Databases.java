package io.kvserver.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/** The numbered databases of this process ({@link LocalKeyspace}s) and their lock. */
public final class Databases implements Store {

	private final Keyspace[] databases;

	private final ReentrantLock lock = new ReentrantLock();

	/** Changed under the database lock only. */
	private final List<KeyspaceListener> listeners = new ArrayList<>(2);

	private volatile boolean activeExpiry = true;

	private final AccessTracking tracking = new AccessTracking();

	private final MemoryTally tally = new MemoryTally();

	/** Set while a long command (a busy script) lets others take the lock in turns: background work waits. */
	private volatile boolean backgroundWorkHeld;

	public Databases(int count, LongSupplier clock) {
		this.databases = new Keyspace[count];
		for (int i = 0; i < count; i++) {
			this.databases[i] = new LocalKeyspace(clock, this.tracking, this.tally);
		}
	}

	@Override
	public Keyspace db(int index) {
		return this.databases[index];
	}

	/**
	 * Changes that no key shows (SWAPDB, FUNCTION LOAD, DELETE, FLUSH, RESTORE): each is one for
	 * server.dirty, as Redis counts them.
	 */
	private long unkeyedChanges;

	@Override
	public void swap(int first, int second) {
		this.unkeyedChanges++;
		Keyspace keyspace = this.databases[first];
		this.databases[first] = this.databases[second];
		this.databases[second] = keyspace;
	}

	@Override
	public int count() {
		return this.databases.length;
	}

	@Override
	public void addListener(KeyspaceListener listener) {
		this.listeners.add(listener);
		installListeners();
	}

	@Override
	public void removeListener(KeyspaceListener listener) {
		this.listeners.remove(listener);
		installListeners();
	}

	/** Each database gets no listener, the only one, or one that tells them all. */
	private void installListeners() {
		KeyspaceListener installed = switch (this.listeners.size()) {
			case 0 -> null;
			case 1 -> this.listeners.get(0);
			default -> new KeyspaceListeners(List.copyOf(this.listeners));
		};
		for (Keyspace db : this.databases) {
			db.setListener(installed);
		}
	}

	@Override
	public void setExpiryListener(ExpiryListener listener) {
		for (Keyspace db : this.databases) {
			db.setExpiryListener(listener);
		}
	}

	@Override
	public int indexOf(Keyspace db) {
		for (int i = 0; i < this.databases.length; i++) {
			if (this.databases[i] == db) {
				return i;
			}
		}
		return -1;
	}

	@Override
	public AccessTracking accessTracking() {
		return this.tracking;
	}

	@Override
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

	/** A change of the data set that no key shows (the FUNCTION libraries): one for server.dirty. */
	public void changedWithoutKeys() {
		this.unkeyedChanges++;
	}

	@Override
	public long expiredKeys() {
		long total = 0;
		for (Keyspace db : this.databases) {
			total += db.expiredKeys();
		}
		return total;
	}

	@Override
	public long dirty() {
		long total = this.unkeyedChanges;
		for (Keyspace db : this.databases) {
			total += db.dirty();
		}
		return total;
	}

	/** Kept as the databases change (see {@link MemoryTally}): one read, however many databases. */
	@Override
	public long memoryEstimate() {
		return this.tally.bytes;
	}

	/** The same total added up database by database, to check the running one. */
	long sumOfMemoryEstimates() {
		long total = 0;
		for (Keyspace db : this.databases) {
			total += db.memoryEstimate();
		}
		return total;
	}

	@Override
	public boolean activeExpiry() {
		return this.activeExpiry;
	}

	@Override
	public void setActiveExpiry(boolean enabled) {
		this.activeExpiry = enabled;
	}

}
