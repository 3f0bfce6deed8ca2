package io.kvserver.compat.random;

import static io.kvserver.compat.random.CommandTemplate.command;
import static io.kvserver.compat.random.CommandTemplate.fixed;

import java.util.List;
import java.util.Map;

/** Commands on keys of any type (db.c, expire.c, object.c): existence, renames, copies, expiries, scans. */
public final class KeyCommandGenerator implements CommandGenerator {

	/**
	 * A key holding one of Redis's shared integers (0 to 9999, refcount INT_MAX) reports the idle time
	 * of the shared object, which every key holding that number touches: a Redis artefact kvserver
	 * does not copy (docs/testing.md). Any other key's idle time is compared within 2 seconds.
	 */
	private static final ReplyRule IDLE_TIME = ReplyRules.dependingOnRedis(
			c -> List.of(Gen.bytes("OBJECT"), Gen.bytes("REFCOUNT"), c.argv().get(2)),
			refcount -> "2147483647".equals(refcount.line()), ReplyRules.SHAPE, ReplyRules.within(2), ReplyRules.SHAPE);

	@Override
	public String family() {
		return "keys";
	}

	@Override
	public String keyGroup() {
		return null;
	}

	@Override
	public int weight() {
		return 8;
	}

	@Override
	public List<CommandTemplate> templates() {
		return List.of(
				command("del", 4, g -> Args.of("DEL").add(g.keys(1, 3))),
				command("unlink", 2, g -> Args.of("UNLINK").add(g.keys(1, 3))),
				command("exists", 3, g -> Args.of("EXISTS").add(g.keys(1, 4))),
				command("touch", 1, g -> Args.of("TOUCH").add(g.keys(1, 3))),
				command("type", 3, g -> Args.of("TYPE", g.key())),
				command("rename", 3, g -> Args.of("RENAME", g.key(), g.key())),
				command("renamenx", 2, g -> Args.of("RENAMENX", g.key(), g.key())),
				command("copy", 3, g -> Args.of("COPY", g.key(), g.key()).options(g, new Object[] { "DB", g.db() }, "REPLACE")),
				command("move", 2, g -> Args.of("MOVE", g.key(), g.db())),
				command("swapdb", 1, g -> Args.of("SWAPDB", g.db(), g.db())),
				command("randomkey", 2, g -> Args.of("RANDOMKEY")),
				command("keys", 2, g -> Args.of("KEYS", g.pattern())),
				fixed("scan", 3, g -> Args.of("SCAN", scanCursor(g)).options(g, new Object[] { "MATCH", g.pattern() },
						new Object[] { "COUNT", g.pick("1", "2", "5", "10", "1000") }, new Object[] { "TYPE", g.pick("string",
								"hash", "set", "list", "zset", "stream", "nosuchtype") }, badScanOption(g))),
				command("object|encoding", 3, g -> Args.of("OBJECT", "ENCODING", g.key())),
				command("object|refcount", 1, g -> Args.of("OBJECT", "REFCOUNT", g.key())),
				command("object|idletime", 1, g -> Args.of("OBJECT", "IDLETIME", g.key())),
				command("object|freq", 1, g -> Args.of("OBJECT", "FREQ", g.key())),
				command("expire", 4, g -> Args.of("EXPIRE", g.key(), g.seconds()).options(g, expireCondition(g), expireCondition(g))),
				command("pexpire", 2, g -> Args.of("PEXPIRE", g.key(), g.millis()).options(g, expireCondition(g), expireCondition(g))),
				command("expireat", 2, g -> Args.of("EXPIREAT", g.key(), g.unixSeconds()).options(g, expireCondition(g), expireCondition(g))),
				command("pexpireat", 2, g -> Args.of("PEXPIREAT", g.key(), g.unixMillis()).options(g, expireCondition(g), expireCondition(g))),
				command("ttl", 3, g -> Args.of("TTL", g.key())),
				command("pttl", 2, g -> Args.of("PTTL", g.key())),
				command("expiretime", 2, g -> Args.of("EXPIRETIME", g.key())),
				command("pexpiretime", 1, g -> Args.of("PEXPIRETIME", g.key())),
				command("persist", 2, g -> Args.of("PERSIST", g.key())));
	}

	private static String expireCondition(Gen g) {
		return g.pick("NX", "XX", "GT", "LT");
	}

	/**
	 * A cursor to start a SCAN with: 0 in any spelling Redis takes for 0, or one it refuses. Never
	 * another number: where an iteration starting elsewhere goes depends on each server's table. For
	 * the same reason SCAN is never mutated ({@link Mutator}'s tokens include such numbers).
	 */
	static String scanCursor(Gen g) {
		return g.chance(0.85) ? "0" : g.pick("abc", "", "1.5", "0x10", " 0", "-0", "00", "18446744073709551616");
	}

	/** A SCAN option Redis refuses (or, for a bare word, needs an argument for); sometimes none. */
	static Object badScanOption(Gen g) {
		return g.chance(0.6) ? new Object[0]
				: g.pick(new Object[] { "COUNT", "0" }, new Object[] { "COUNT", "-1" }, new Object[] { "COUNT", "abc" },
						new Object[] { "FOO", "bar" }, new Object[] { "MATCH" }, new Object[] { "COUNT" },
						new Object[] { "TYPE" });
	}

	@Override
	public Map<String, ReplyRule> replyRules() {
		return Map.of(
				"keys", ReplyRules.UNORDERED,
				"scan", ReplyRules.scan(1, 1),
				"randomkey", ReplyRules.sampleOf(c -> Args.of("KEYS", "*").build(), 1),
				"ttl", ReplyRules.within(2),
				"pttl", ReplyRules.within(2000),
				"expiretime", ReplyRules.within(2),
				"pexpiretime", ReplyRules.within(2000),
				"object|idletime", IDLE_TIME,
				// Redis's count includes the queued SET's argument until EXEC returns: an artefact of its memory management.
				"object|refcount", ReplyRules.inTransaction(ReplyRules.EXACT, ReplyRules.SHAPE));
	}

}
