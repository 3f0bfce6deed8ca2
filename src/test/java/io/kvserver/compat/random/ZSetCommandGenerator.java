package io.kvserver.compat.random;

import static io.kvserver.compat.random.CommandTemplate.command;
import static io.kvserver.compat.random.CommandTemplate.fixed;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The sorted-set family (t_zset.c): adds with every flag, scores printed as Redis prints them, rank,
 * score and lex ranges in both directions, the stores, pops, set algebra with weights and
 * aggregates, and the blocking pops (timeouts as {@link ListCommandGenerator#timeout}). Members
 * longer than 64 bytes and sets past 128 members (one ZADD of many) move sets to the skip list.
 */
public final class ZSetCommandGenerator implements CommandGenerator {

	private static final List<String> MEMBERS = List.of("a", "b", "c", "d", "m1", "m2", "1", "-1", "", "\0",
			"x".repeat(65), "3.5");

	private static final List<String> SCORES = List.of("0", "1", "2", "-1", "1.5", "-2.5", "100", "3", "inf", "-inf",
			"+inf", "1e308", "0.1", "-0", "4.9e-324", "17179869184", "1.7976931348623157e308", "0x10");

	private static final List<String> BAD_SCORES = List.of("1e", "nan", "abc", "", "1e400", " 1");

	private static final List<String> SCORE_BOUNDS = List.of("-inf", "+inf", "inf", "0", "1", "(1", "2", "(2",
			"-1", "(-1", "1.5", "(inf", "(-inf", "100", "abc", "(", "nan", "((1");

	private static final List<String> LEX_BOUNDS = List.of("-", "+", "[a", "(a", "[b", "(c", "[m1", "(m2", "[",
			"(", "[\0", "a", "", "[x");

	@Override
	public String family() {
		return "zsets";
	}

	@Override
	public String keyGroup() {
		return "zset";
	}

	@Override
	public int weight() {
		return 8;
	}

	@Override
	public List<CommandTemplate> templates() {
		return List.of(
				command("zadd", 10, ZSetCommandGenerator::zadd),
				command("zincrby", 3, g -> Args.of("ZINCRBY", g.key(), score(g), member(g))),
				command("zrem", 3, g -> Args.of("ZREM", g.key()).add(members(g, 1, 3))),
				command("zcard", 2, g -> Args.of("ZCARD", g.key())),
				command("zscore", 3, g -> Args.of("ZSCORE", g.key(), member(g))),
				command("zmscore", 2, g -> Args.of("ZMSCORE", g.key()).add(members(g, 1, 3))),
				command("zrank", 2, g -> Args.of("ZRANK", g.key(), member(g))),
				command("zrevrank", 2, g -> Args.of("ZREVRANK", g.key(), member(g))),
				command("zcount", 2, g -> Args.of("ZCOUNT", g.key(), scoreBound(g), scoreBound(g))),
				command("zlexcount", 2, g -> Args.of("ZLEXCOUNT", g.key(), lexBound(g), lexBound(g))),
				command("zrange", 6, g -> zrange(g, Args.of("ZRANGE", g.key()), true)),
				command("zrangestore", 2, g -> zrange(g, Args.of("ZRANGESTORE", g.key(), g.key()), false)),
				command("zrevrange", 2, g -> Args.of("ZREVRANGE", g.key(), ListCommandGenerator.index(g),
						ListCommandGenerator.index(g)).maybe(g, 0.5, "WITHSCORES")),
				command("zrangebyscore", 3, g -> byScore(g, "ZRANGEBYSCORE")),
				command("zrevrangebyscore", 2, g -> byScore(g, "ZREVRANGEBYSCORE")),
				command("zrangebylex", 2, g -> Args.of("ZRANGEBYLEX", g.key(), lexBound(g), lexBound(g)).maybe(g, 0.3, limit(g))),
				command("zrevrangebylex", 2, g -> Args.of("ZREVRANGEBYLEX", g.key(), lexBound(g), lexBound(g)).maybe(g, 0.3, limit(g))),
				command("zremrangebyrank", 2, g -> Args.of("ZREMRANGEBYRANK", g.key(), ListCommandGenerator.index(g),
						ListCommandGenerator.index(g))),
				command("zremrangebyscore", 2, g -> Args.of("ZREMRANGEBYSCORE", g.key(), scoreBound(g), scoreBound(g))),
				command("zremrangebylex", 2, g -> Args.of("ZREMRANGEBYLEX", g.key(), lexBound(g), lexBound(g))),
				command("zpopmin", 3, g -> Args.of("ZPOPMIN", g.key()).maybe(g, 0.5, g.pick("0", "1", "2", "10", "-1", "abc"))),
				command("zpopmax", 3, g -> Args.of("ZPOPMAX", g.key()).maybe(g, 0.5, g.pick("0", "1", "2", "10", "-1", "abc"))),
				command("zmpop", 2, g -> zmpop(g, Args.of("ZMPOP"))),
				command("zrandmember", 2, g -> Args.of("ZRANDMEMBER", g.key())
					.maybe(g, 0.7, g.pick("1", "2", "3", "100", "-1", "-3", "0", "abc"))
					.maybe(g, 0.3, "WITHSCORES")),
				command("zunion", 2, g -> algebra(g, Args.of("ZUNION"), true, true)),
				command("zinter", 2, g -> algebra(g, Args.of("ZINTER"), true, true)),
				command("zdiff", 2, g -> algebra(g, Args.of("ZDIFF"), false, true)),
				command("zunionstore", 2, g -> algebra(g, Args.of("ZUNIONSTORE", g.key()), true, false)),
				command("zinterstore", 2, g -> algebra(g, Args.of("ZINTERSTORE", g.key()), true, false)),
				command("zdiffstore", 2, g -> algebra(g, Args.of("ZDIFFSTORE", g.key()), false, false)),
				command("zintercard", 2, g -> numKeys(g, Args.of("ZINTERCARD"))
					.maybe(g, 0.4, "LIMIT", g.pick("0", "1", "2", "-1", "abc"))),
				fixed("bzpopmin", 1, g -> Args.of("BZPOPMIN").add(g.keys(1, 3)).add(ListCommandGenerator.timeout(g))),
				fixed("bzpopmax", 1, g -> Args.of("BZPOPMAX").add(g.keys(1, 3)).add(ListCommandGenerator.timeout(g))),
				fixed("bzmpop", 1, g -> zmpop(g, Args.of("BZMPOP", ListCommandGenerator.timeout(g)))));
	}

	private static Args zadd(Gen g) {
		Args args = Args.of("ZADD", g.key()).options(g, g.pick("NX", "XX"), g.pick("GT", "LT"), "CH", "INCR");
		// now and then enough members to pass zset-max-listpack-entries (128)
		int pairs = g.chance(0.03) ? g.between(120, 140) : g.between(1, 4);
		for (int i = 0; i < pairs; i++) {
			args.add(score(g), pairs > 4 ? "member:" + i : member(g));
		}
		return args;
	}

	private static Args zrange(Gen g, Args args, boolean withScores) {
		int kind = g.random().nextInt(3);
		if (kind == 0) {
			args.add(ListCommandGenerator.index(g), ListCommandGenerator.index(g));
		}
		else if (kind == 1) {
			args.add(scoreBound(g), scoreBound(g), "BYSCORE");
		}
		else {
			args.add(lexBound(g), lexBound(g), "BYLEX");
		}
		return args.options(g, "REV", limit(g), withScores ? "WITHSCORES" : new Object[0]);
	}

	private static Args byScore(Gen g, String name) {
		return Args.of(name, g.key(), scoreBound(g), scoreBound(g)).options(g, "WITHSCORES", limit(g));
	}

	private static Args zmpop(Gen g, Args args) {
		return numKeys(g, args).add(g.pick("MIN", "MAX", "min", "MIDDLE"))
			.maybe(g, 0.4, "COUNT", g.pick("1", "2", "5", "0", "-1"));
	}

	/** numkeys and the keys, numkeys sometimes wrong. */
	private static Args numKeys(Gen g, Args args) {
		List<byte[]> keys = g.keys(1, 3);
		String numkeys = g.chance(0.9) ? Integer.toString(keys.size()) : g.pick("0", "-1", "5", "abc");
		return args.add(numkeys).add(keys);
	}

	private static Args algebra(Gen g, Args args, boolean weighted, boolean withScores) {
		List<byte[]> keys = g.keys(1, 3);
		String numkeys = g.chance(0.9) ? Integer.toString(keys.size()) : g.pick("0", "-1", "5", "abc");
		args.add(numkeys).add(keys);
		if (weighted && g.chance(0.3)) {
			args.add("WEIGHTS");
			for (int i = g.chance(0.9) ? keys.size() : keys.size() + 1; i > 0; i--) {
				args.add(g.pick("1", "2", "-1", "0", "0.5", "inf", "-inf", "nan", "abc"));
			}
		}
		if (weighted && g.chance(0.3)) {
			args.add("AGGREGATE", g.pick("SUM", "MIN", "MAX", "sum", "AVG"));
		}
		return withScores ? args.maybe(g, 0.4, "WITHSCORES") : args;
	}

	private static Object[] limit(Gen g) {
		return new Object[] { "LIMIT", g.pick("0", "1", "2", "-1", "abc"), g.pick("1", "2", "-1", "0", "10") };
	}

	static String member(Gen g) {
		return g.pick(MEMBERS);
	}

	private static List<String> members(Gen g, int min, int max) {
		return IntStream.range(0, g.between(min, max)).mapToObj(i -> member(g)).toList();
	}

	static String score(Gen g) {
		int kind = g.random().nextInt(20);
		return kind < 15 ? g.pick(SCORES) : kind < 19 ? Integer.toString(g.between(-1000, 1000)) : g.pick(BAD_SCORES);
	}

	private static String scoreBound(Gen g) {
		return g.pick(SCORE_BOUNDS);
	}

	private static String lexBound(Gen g) {
		return g.pick(LEX_BOUNDS);
	}

	@Override
	public Map<String, ReplyRule> replyRules() {
		// A random pick: same shape, members (and their scores) from the set.
		return Map.of("zrandmember",
				ReplyRules.sampleOf(c -> Args.of("ZRANGE", c.argv().get(1), "0", "-1", "WITHSCORES").build(), 1));
	}

	@Override
	public Map<String, StateRead> stateReads() {
		return Map.of("zset", StateRead.of("ZRANGE", "0", "-1", "WITHSCORES"));
	}

}
