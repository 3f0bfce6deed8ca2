package io.kvserver.compat.random;

import static io.kvserver.compat.random.CommandTemplate.command;
import static io.kvserver.compat.random.CommandTemplate.fixed;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The list family (t_list.c): pushes, pops with counts, ranges, positions, moves between lists, and
 * the blocking forms. A blocking command gets a timeout that is either refused or a few milliseconds
 * (never 0, which would wait for ever), and is never mutated; on an empty key both servers answer
 * nil when it runs out, on a full one at once.
 */
public final class ListCommandGenerator implements CommandGenerator {

	/** Elements that collide (LREM, LPOS, LINSERT's pivot), read as integers or not, long and binary. */
	private static final List<String> ELEMENTS = List.of("a", "b", "c", "1", "2", "-1", "", "x".repeat(70), "\0",
			"10000000000", "3.5");

	@Override
	public String family() {
		return "lists";
	}

	@Override
	public String keyGroup() {
		return "list";
	}

	@Override
	public int weight() {
		return 8;
	}

	@Override
	public List<CommandTemplate> templates() {
		return List.of(
				command("lpush", 8, g -> Args.of("LPUSH", g.key()).add(elements(g))),
				command("rpush", 8, g -> Args.of("RPUSH", g.key()).add(elements(g))),
				command("lpushx", 2, g -> Args.of("LPUSHX", g.key()).add(elements(g))),
				command("rpushx", 2, g -> Args.of("RPUSHX", g.key()).add(elements(g))),
				command("lpop", 4, g -> Args.of("LPOP", g.key()).maybe(g, 0.4, count(g))),
				command("rpop", 4, g -> Args.of("RPOP", g.key()).maybe(g, 0.4, count(g))),
				command("llen", 3, g -> Args.of("LLEN", g.key())),
				command("lindex", 3, g -> Args.of("LINDEX", g.key(), index(g))),
				command("lset", 3, g -> Args.of("LSET", g.key(), index(g), element(g))),
				command("lrange", 5, g -> Args.of("LRANGE", g.key(), index(g), index(g))),
				command("ltrim", 3, g -> Args.of("LTRIM", g.key(), index(g), index(g))),
				command("linsert", 3, g -> Args.of("LINSERT", g.key(), g.pick("BEFORE", "AFTER", "before", "MIDDLE"),
						element(g), element(g))),
				command("lrem", 3, g -> Args.of("LREM", g.key(), index(g), element(g))),
				command("lpos", 3, g -> Args.of("LPOS", g.key(), element(g)).options(g,
						new Object[] { "RANK", g.pick("1", "2", "-1", "-2", "0", "3", "-9223372036854775808") },
						new Object[] { "COUNT", g.pick("0", "1", "2", "-1") },
						new Object[] { "MAXLEN", g.pick("0", "1", "3", "-1") })),
				command("lmove", 3, g -> Args.of("LMOVE", g.key(), g.key(), side(g), side(g))),
				command("rpoplpush", 2, g -> Args.of("RPOPLPUSH", g.key(), g.key())),
				command("lmpop", 3, g -> mpop(g, Args.of("LMPOP"))),
				fixed("blpop", 1, g -> Args.of("BLPOP").add(g.keys(1, 3)).add(timeout(g))),
				fixed("brpop", 1, g -> Args.of("BRPOP").add(g.keys(1, 3)).add(timeout(g))),
				fixed("blmove", 1, g -> Args.of("BLMOVE", g.key(), g.key(), side(g), side(g), timeout(g))),
				fixed("brpoplpush", 1, g -> Args.of("BRPOPLPUSH", g.key(), g.key(), timeout(g))),
				fixed("blmpop", 1, g -> mpop(g, Args.of("BLMPOP", timeout(g)))));
	}

	/** LMPOP's and BLMPOP's numkeys keys LEFT|RIGHT [COUNT n], the number of keys sometimes wrong. */
	private static Args mpop(Gen g, Args args) {
		List<byte[]> keys = g.keys(1, 3);
		String numkeys = g.chance(0.9) ? Integer.toString(keys.size()) : g.pick("0", "-1", "5", "abc");
		return args.add(numkeys).add(keys).add(g.pick("LEFT", "RIGHT", "left", "UP"))
			.maybe(g, 0.4, "COUNT", g.pick("1", "2", "5", "0", "-1"));
	}

	static List<byte[]> elements(Gen g) {
		return g.chance(0.1) ? List.of()
				: Stream.generate(() -> element(g)).limit(g.between(1, 5)).toList();
	}

	static byte[] element(Gen g) {
		return g.chance(0.8) ? Gen.bytes(g.pick(ELEMENTS)) : g.value();
	}

	private static Object[] count(Gen g) {
		return new Object[] { g.pick("0", "1", "2", "3", "10", "-1", "abc") };
	}

	/** An index or range bound: around the lists' lengths, negative, or huge. */
	static String index(Gen g) {
		return g.chance(0.9) ? Integer.toString(g.between(-6, 8))
				: g.pick("9223372036854775807", "-9223372036854775808", "abc", "1.5", "");
	}

	private static String side(Gen g) {
		return g.pick("LEFT", "RIGHT", "left", "Right", "MIDDLE");
	}

	/**
	 * A timeout Redis refuses, or a few milliseconds: nothing waits longer than one turn of Redis's
	 * timer (100 ms). Never 0, -0 or a hex number (which strtold takes: 0x10 is 16 seconds).
	 */
	static String timeout(Gen g) {
		return g.chance(0.7) ? g.pick("0.001", "0.01") : g.pick("-1", "-0.5", "abc", "nan", "inf", "1e400", "");
	}

	@Override
	public Map<String, StateRead> stateReads() {
		return Map.of("list", StateRead.of("LRANGE", "0", "-1"));
	}

}
