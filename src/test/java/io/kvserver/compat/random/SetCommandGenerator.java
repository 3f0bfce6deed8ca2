package io.kvserver.compat.random;

import static io.kvserver.compat.random.CommandTemplate.command;
import static io.kvserver.compat.random.CommandTemplate.fixed;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.IntStream;

import io.kvserver.protocol.RespReply;

/**
 * The set family (t_set.c): members from a small pool, mostly integers (so intsets form and convert),
 * the set algebra across keys of every type, random members, SPOP (its random effect evened out
 * after each one), SSCAN, and CONFIG SET of set-max-intset-entries.
 */
public final class SetCommandGenerator implements CommandGenerator {

	/** Members: integers (intset), numbers an intset cannot hold, strings, binary. */
	private static final List<String> MEMBERS = List.of("1", "2", "3", "4", "5", "6", "7", "8", "10", "-1", "0", "100",
			"65536", "4294967296", "9223372036854775807", "-9223372036854775808", "01", "1.5", "a", "b", "c", "", "\0",
			"x y", "\u00ff");

	@Override
	public String family() {
		return "sets";
	}

	@Override
	public String keyGroup() {
		return "set";
	}

	@Override
	public int weight() {
		return 8;
	}

	@Override
	public List<CommandTemplate> templates() {
		return List.of(
				command("sadd", 10, g -> Args.of("SADD", g.key()).add(members(g, 1, 5))),
				command("srem", 4, g -> Args.of("SREM", g.key()).add(members(g, 1, 3))),
				command("scard", 2, g -> Args.of("SCARD", g.key())),
				command("sismember", 3, g -> Args.of("SISMEMBER", g.key(), member(g))),
				command("smismember", 2, g -> Args.of("SMISMEMBER", g.key()).add(members(g, 1, 4))),
				command("smembers", 3, g -> Args.of("SMEMBERS", g.key())),
				command("srandmember", 3, g -> Args.of("SRANDMEMBER", g.key()).maybe(g, 0.7, count(g))),
				command("spop", 3, g -> Args.of("SPOP", g.key()).maybe(g, 0.6, count(g))).notQueued(),
				command("smove", 3, g -> Args.of("SMOVE", g.key(), g.key(), member(g))),
				command("sinter", 2, g -> Args.of("SINTER").add(g.keys(1, 3))),
				command("sintercard", 2, g -> sintercard(g)),
				command("sinterstore", 2, g -> Args.of("SINTERSTORE", g.key()).add(g.keys(1, 3))),
				command("sunion", 2, g -> Args.of("SUNION").add(g.keys(1, 3))),
				command("sunionstore", 2, g -> Args.of("SUNIONSTORE", g.key()).add(g.keys(1, 3))),
				command("sdiff", 2, g -> Args.of("SDIFF").add(g.keys(1, 3))),
				command("sdiffstore", 2, g -> Args.of("SDIFFSTORE", g.key()).add(g.keys(1, 3))),
				fixed("sscan", 2, g -> Args.of("SSCAN", g.key(), KeyCommandGenerator.scanCursor(g)).options(g,
						new Object[] { "MATCH", g.pattern() }, new Object[] { "COUNT", g.pick("1", "2", "10", "1000") },
						KeyCommandGenerator.badScanOption(g))),
				command("config|set", 1, g -> Args.of("CONFIG", "SET", "set-max-intset-entries",
						g.pick("0", "1", "2", "4", "8", "512", "-1", "abc"))));
	}

	private static Args sintercard(Gen g) {
		List<byte[]> keys = g.keys(1, 3);
		String numkeys = g.chance(0.85) ? Integer.toString(keys.size()) : g.pick("0", "-1", "5", "abc");
		return Args.of("SINTERCARD", numkeys).add(keys)
			.maybe(g, 0.4, "LIMIT", g.pick("0", "1", "2", "5", "-1", "abc"));
	}

	static byte[] member(Gen g) {
		return Gen.bytes(g.pick(MEMBERS));
	}

	private static List<byte[]> members(Gen g, int min, int max) {
		return IntStream.range(0, g.between(min, max)).mapToObj(i -> member(g)).toList();
	}

	/** SRANDMEMBER's and SPOP's count: small, negative (repeats allowed), past the set's size, or bad. */
	private static String count(Gen g) {
		return g.pick("0", "1", "2", "3", "5", "10", "100", "-1", "-3", "-10", "abc", "-9223372036854775808",
				"9223372036854775807", "1.5");
	}

	@Override
	public Map<String, ReplyRule> replyRules() {
		return Map.of(
				"smembers", ReplyRules.unorderedUnlessEncoded(1, 1, "intset"),
				"sinter", ReplyRules.UNORDERED,
				"sunion", ReplyRules.UNORDERED,
				"sdiff", ReplyRules.UNORDERED,
				"sscan", ReplyRules.scan(2, 1),
				"srandmember", ReplyRules.sampleOf(c -> Args.of("SMEMBERS", c.argv().get(1)).build(), 1),
				"spop", ReplyRules.resyncing(ReplyRules.SHAPE, 1, SetCommandGenerator::rebuild));
	}

	/** DEL, then SADD of the members and PEXPIREAT of the deadline Redis has for the key. */
	private static List<List<byte[]>> rebuild(byte[] key, Function<List<byte[]>, RespReply> redis) {
		RespReply members = redis.apply(List.of(Gen.bytes("SMEMBERS"), key));
		RespReply deadline = redis.apply(List.of(Gen.bytes("PEXPIRETIME"), key));
		List<List<byte[]>> requests = new ArrayList<>();
		requests.add(List.of(Gen.bytes("DEL"), key));
		if (members.type() == '-' || members.children().isEmpty()) {
			return requests;
		}
		List<byte[]> sadd = new ArrayList<>(List.of(Gen.bytes("SADD"), key));
		members.children().forEach(m -> sadd.add(m.payload()));
		requests.add(sadd);
		if (deadline.type() == ':' && !deadline.line().startsWith("-")) {
			requests.add(List.of(Gen.bytes("PEXPIREAT"), key, Gen.bytes(deadline.line())));
		}
		return requests;
	}

	@Override
	public Map<String, StateRead> stateReads() {
		return Map.of("set", StateRead.of("SMEMBERS"));
	}

	@Override
	public List<String> configParameters() {
		return List.of("set-max-intset-entries");
	}

}
