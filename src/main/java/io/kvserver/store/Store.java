package io.kvserver.store;

import java.util.concurrent.locks.ReentrantLock;

/**
 * The numbered databases as the commands reach them, and the one lock that serialises access to
 * all of them: holding it for a command (or a pipelined batch) gives Redis's guarantee that
 * commands never interleave. {@link Databases} keeps them in this process; a distributed backend
 * implements the same interface.
 */
public interface Store {

	Keyspace db(int index);

	int count();

	/** SWAPDB: clients connected to one database see the other's data from now on. */
	void swap(int first, int second);

	/** Tells the listener of every change in every database from now on; see {@link KeyspaceListener}. */
	void addListener(KeyspaceListener listener);

	/** Stops telling a listener added before; a database with no listener left pays nothing for them. */
	void removeListener(KeyspaceListener listener);

	/** Installs the expiry listener on every database; see {@link ExpiryListener}. */
	void setExpiryListener(ExpiryListener listener);

	/** The index of a database, or -1 if it is not one of these. */
	int indexOf(Keyspace db);

	ReentrantLock lock();

	/** What every database's entries record of their accesses: times (LRU) or frequencies (LFU). */
	AccessTracking accessTracking();

	/** Keys expired in every database so far (INFO expired_keys). Read without the lock: it may lag a little. */
	long expiredKeys();

	/** Whether the active expiry cycle reclaims keys nobody touches (DEBUG SET-ACTIVE-EXPIRE); lazy expiry goes on either way. */
	boolean activeExpiry();

	void setActiveExpiry(boolean enabled);

	/** The keyspace memory estimate summed over every database (see {@link Keyspace#memoryEstimate()}). */
	long memoryEstimate();

	/** Changes made by commands to every database so far (Redis's server.dirty); see {@link Keyspace#dirty()}. */
	long dirty();

}
