package io.kvserver.config;

import java.util.List;

/**
 * The core server's directives, with Redis 7.0's types, bounds and defaults: the listener, the
 * databases, the per-client protocol limits, the slow log and the script time limit; plus the Redis
 * settings kvserver reports at a fixed value.
 */
public final class ServerDirectives implements DirectiveSet {

	/** Redis keeps maxclients in an unsigned int. */
	private static final long UINT_MAX = 0xFFFF_FFFFL;

	/** Redis's CONFIG_BINDADDR_MAX. */
	private static final int MAX_BIND_ADDRESSES = 16;

	@Override
	public void declare(ConfigRegistry registry) {
		// Immutable here: the listener is bound once (Redis can rebind on CONFIG SET port/bind).
		registry.add(NumericDirective.integer("port", 0, 65535, 6379, DirectiveFlag.IMMUTABLE));
		registry.add(new WordsDirective("bind", List.of("127.0.0.1", "-::1"), MAX_BIND_ADDRESSES,
				"Too many bind addresses specified.", DirectiveFlag.IMMUTABLE));
		registry.add(NumericDirective.integer("databases", 1, Integer.MAX_VALUE, 16, DirectiveFlag.IMMUTABLE));
		registry.add(new NumericDirective("maxclients", null, 1, UINT_MAX, true, NumericDirective.Format.INTEGER, 10_000));
		registry.add(NumericDirective.memory("proto-max-bulk-len", 1024 * 1024, Long.MAX_VALUE, false, 512L * 1024 * 1024));
		registry.add(NumericDirective.memory("client-query-buffer-limit", 1024 * 1024, Long.MAX_VALUE, true,
				1024L * 1024 * 1024));
		registry.add(NumericDirective.integer("slowlog-log-slower-than", -1, Long.MAX_VALUE, 10_000));
		registry.add(new NumericDirective("slowlog-max-len", null, 0, Long.MAX_VALUE, true, NumericDirective.Format.INTEGER,
				128));
		// lua-time-limit is busy-reply-threshold's old name, as in Redis 7.0
		registry.add(new NumericDirective("busy-reply-threshold", "lua-time-limit", 0, Long.MAX_VALUE, false,
				NumericDirective.Format.INTEGER, 5000));
		registry.add(NumericDirective.integer("timeout", 0, Integer.MAX_VALUE, 0));
		// Redis 7.0's protected actions, fixed at startup: DEBUG may run ("yes"), not ("no") or from loopback ("local")
		registry.add(new EnumDirective("enable-debug-command", null, List.of("no", "yes", "local"), "no",
				DirectiveFlag.IMMUTABLE));
		registry.add(new FixedDirective("enable-protected-configs", "no"));
		registry.add(new FixedDirective("enable-module-command", "no"));
	}

}
