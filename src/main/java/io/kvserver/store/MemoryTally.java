package io.kvserver.store;

/**
 * The running total of the memory estimate of several databases' tables (see
 * {@link Keyspace#memoryEstimate()}), moved by each table as it changes, so that the total of a
 * server's databases costs one read instead of a pass over them: the memory limit reads it before
 * every command. Changed under the database lock; read by anyone (a reader without the lock may see
 * a value a moment old).
 */
final class MemoryTally {

	long bytes;

}
