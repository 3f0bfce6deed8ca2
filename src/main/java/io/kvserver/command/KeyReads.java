package io.kvserver.command;

import io.kvserver.metrics.ServerStats;
import io.kvserver.store.Keyspace;

/**
 * Key lookups that count keyspace hits and misses as Redis's lookupKeyRead does. Redis counts
 * every read lookup, including EXISTS, TYPE, TTL, TOUCH, OBJECT and SCAN's TYPE filter, and no
 * write lookup (SET, INCR, APPEND, EXPIRE, RENAME, ...): checked against redis-server 7.0.15's INFO.
 */
final class KeyReads {

	private final ServerStats stats;

	KeyReads(ServerStats stats) {
		this.stats = stats;
	}

	/** A read that also counts as an access of the key (lookupKeyRead). */
	Object read(Keyspace db, byte[] key) {
		return count(db.get(key));
	}

	/** A read that leaves the key's access time alone (lookupKeyReadWithFlags with LOOKUP_NOTOUCH). */
	Object readNoTouch(Keyspace db, byte[] key) {
		return count(db.peek(key));
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
