package io.kvserver.compat.random;

import static io.kvserver.compat.random.CommandTemplate.command;

import java.util.List;
import java.util.Map;

/** The string family (t_string.c): values, counters, ranges, LCS, with every SET and GETEX option. */
public final class StringCommandGenerator implements CommandGenerator {

	@Override
	public String family() {
		return "strings";
	}

	@Override
	public String keyGroup() {
		return "string";
	}

	@Override
	public int weight() {
		return 10;
	}

	@Override
	public List<CommandTemplate> templates() {
		return List.of(
				command("get", 8, g -> Args.of("GET", g.key())),
				command("set", 10, g -> Args.of("SET", g.key(), g.value()).options(g, g.pick("NX", "XX"), "GET",
						expiry(g, false), g.chance(0.3) ? expiry(g, false) : "KEEPTTL")),
				command("setnx", 2, g -> Args.of("SETNX", g.key(), g.value())),
				command("setex", 2, g -> Args.of("SETEX", g.key(), g.seconds(), g.value())),
				command("psetex", 2, g -> Args.of("PSETEX", g.key(), g.millis(), g.value())),
				command("getset", 2, g -> Args.of("GETSET", g.key(), g.value())),
				command("getdel", 2, g -> Args.of("GETDEL", g.key())),
				command("getex", 3, g -> Args.of("GETEX", g.key()).options(g, expiry(g, true), "PERSIST",
						g.chance(0.2) ? expiry(g, true) : "PERSIST")),
				command("incr", 4, g -> Args.of("INCR", g.key())),
				command("decr", 3, g -> Args.of("DECR", g.key())),
				command("incrby", 4, g -> Args.of("INCRBY", g.key(), g.integer())),
				command("decrby", 3, g -> Args.of("DECRBY", g.key(), g.integer())),
				command("incrbyfloat", 4, g -> Args.of("INCRBYFLOAT", g.key(), g.decimal())),
				command("mget", 3, g -> Args.of("MGET").add(g.keys(1, 4))),
				command("mset", 3, g -> msetArgs(g, "MSET")),
				command("msetnx", 2, g -> msetArgs(g, "MSETNX")),
				command("append", 5, g -> Args.of("APPEND", g.key(), g.value())),
				command("strlen", 3, g -> Args.of("STRLEN", g.key())),
				command("getrange", 3, g -> Args.of("GETRANGE", g.key(), g.offset(), g.offset())),
				command("substr", 1, g -> Args.of("SUBSTR", g.key(), g.offset(), g.offset())),
				command("setrange", 4, g -> Args.of("SETRANGE", g.key(), g.offset(), g.value())),
				command("lcs", 2, g -> Args.of("LCS", g.key(), g.key()).options(g, "LEN", "IDX",
						new Object[] { "MINMATCHLEN", g.integer() }, "WITHMATCHLEN")));
	}

	private static Args msetArgs(Gen g, String name) {
		Args args = Args.of(name);
		for (int i = g.between(1, 4); i > 0; i--) {
			args.add(g.key(), g.value());
		}
		return args;
	}

	/**
	 * One of SET's and GETEX's expiry options, with a time far away, or long gone where that deletes
	 * the key at once: SET with an EXAT in the past stores a key that is already expired, which
	 * Redis's background expiry removes at a moment of its own (DBSIZE would then depend on it).
	 */
	static Object[] expiry(Gen g, boolean past) {
		return switch (g.random().nextInt(4)) {
			case 0 -> new Object[] { "EX", g.seconds() };
			case 1 -> new Object[] { "PX", g.millis() };
			case 2 -> new Object[] { "EXAT", past ? g.unixSeconds() : g.futureUnixSeconds() };
			default -> new Object[] { "PXAT", past ? g.unixMillis() : g.futureUnixMillis() };
		};
	}

	@Override
	public Map<String, StateRead> stateReads() {
		return Map.of("string", StateRead.of("GET"));
	}

}
