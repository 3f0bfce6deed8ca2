package io.kvserver.command;

import java.util.List;
import java.util.Locale;

/**
 * Redis 7.0's command flags (server.h's CMD_*), as COMMAND INFO names them. The dispatcher and the
 * features that gate commands (MULTI, scripts, ACL, maxmemory, pub/sub) test them as bits of
 * {@link CommandSpec#flagBits()}, so a check costs one AND.
 */
public enum CommandFlag {

	WRITE, READONLY, DENYOOM, MODULE, ADMIN, PUBSUB, NOSCRIPT, BLOCKING, LOADING, STALE, SKIP_MONITOR,
	SKIP_SLOWLOG, ASKING, FAST, NO_AUTH, MAY_REPLICATE, SENTINEL, ONLY_SENTINEL, NO_MANDATORY_KEYS, PROTECTED,
	MODULE_GETKEYS, MODULE_NO_CLUSTER, NO_ASYNC_LOADING, NO_MULTI, MOVABLEKEYS, ALLOW_BUSY, MODULE_GETCHANNELS;

	public int bit() {
		return 1 << ordinal();
	}

	/** The bits of the flags COMMAND INFO lists, such as "write", "denyoom", "fast". */
	static int bits(List<String> redisNames) {
		int bits = 0;
		for (String name : redisNames) {
			bits |= valueOf(name.toUpperCase(Locale.ROOT)).bit();
		}
		return bits;
	}

}
