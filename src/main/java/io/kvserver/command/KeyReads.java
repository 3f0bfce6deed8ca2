package io.kvserver.command;

import io.kvserver.metrics.ServerStats;
import io.kvserver.store.Keyspace;
import io.kvserver.store.MutableString;
import io.kvserver.store.Value;

/**
 * Key lookups as Redis's commands make them: reads count keyspace hits and misses as
 * lookupKeyRead does (every read lookup, including EXISTS, TYPE, TTL, TOUCH, OBJECT and SCAN's TYPE
 * filter; no write lookup: SET, INCR, APPEND, EXPIRE, RENAME, ...: checked against redis-server
 * 7.0.15's INFO), and the typed forms answer WRONGTYPE for a key of another type, as checkType.
 */
public final class KeyReads {

	private final ServerStats stats;

	public KeyReads(ServerStats stats) {
		this.stats = stats;
	}

	/** A read that also counts as an access of the key (lookupKeyRead). */
	public Object read(Keyspace db, byte[] key) {
		return count(db.get(key));
	}

	/** A read that leaves the key's access time alone (lookupKeyReadWithFlags with LOOKUP_NOTOUCH). */
	public Object readNoTouch(Keyspace db, byte[] key) {
		return count(db.peek(key));
	}

	/** A string read: the value ({@code byte[]} or {@link MutableString}), null if missing, WRONGTYPE for another type. */
	public Object readString(Keyspace db, byte[] key) {
		return checkString(read(db, key));
	}

	/** A read of a value of one type, null if missing, WRONGTYPE for another type. */
	public <T extends Value> T read(Keyspace db, byte[] key, Class<T> type) {
		return checkType(read(db, key), type);
	}

	/** A write lookup of a string (lookupKeyWrite + checkType): counted nowhere. */
	public static Object stringForWrite(Keyspace db, byte[] key) {
		return checkString(db.get(key));
	}

	/** A write lookup of a value of one type (lookupKeyWrite + checkType): counted nowhere. */
	public static <T extends Value> T forWrite(Keyspace db, byte[] key, Class<T> type) {
		return checkType(db.get(key), type);
	}

	public static boolean isString(Object value) {
		return value instanceof byte[] || value instanceof MutableString;
	}

	private static Object checkString(Object value) {
		if (value == null || value instanceof byte[] || value instanceof MutableString) {
			return value;
		}
		throw CommandException.wrongType();
	}

	private static <T extends Value> T checkType(Object value, Class<T> type) {
		if (value == null || type.isInstance(value)) {
			return type.cast(value);
		}
		throw CommandException.wrongType();
	}

	private Object count(Object value) {
		if (value == null) {
			this.stats.keyspaceMiss();
		}
		else {
			this.stats.keyspaceHit();
		}
		return value;
	}

}
