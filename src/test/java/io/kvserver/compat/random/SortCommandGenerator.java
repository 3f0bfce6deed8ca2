package io.kvserver.compat.random;

import static io.kvserver.compat.random.CommandTemplate.fixed;
import static io.kvserver.compat.random.CommandTemplate.sequence;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.kvserver.protocol.RespReply;

/**
 * SORT and SORT_RO (sort.c) over whatever the run's keys hold: lists and sorted sets the other
 * families filled, numbers and strings, by themselves or by the values of other keys ({@code k*}
 * reads key {@code k1} for element {@code 1}), with LIMIT, GET patterns, ALPHA, both directions and
 * STORE. The run's keys include {@code k1} .. {@code k8}, so element values 1 to 8 find weights.
 *
 * Two things Redis leaves open shape the requests:
 * <ul>
 * <li>sort.c checks errno after strtod without clearing it, so in Redis a number some earlier
 * command parsed out of range (ZADD of a subnormal score) fails the numeric SORT of good numbers
 * later, until something else sets errno (docs/compatibility.md). Numeric SORTs therefore follow a
 * command that clears errno in Redis: GEORADIUS_RO of a key no run has parses its position and
 * radius as doubles, each after clearing errno, and answers an empty array. Such a pair cannot go
 * into a MULTI block, so the SORTs drawn there sort as strings.</li>
 * <li>With ALPHA and a BY pattern, elements with equal (or missing) weights are not ordered further:
 * their order is that of the sort's input, for a sorted set its hash table's (which differs from one
 * Redis process to the next), and with LIMIT what pqsort makes of it. Those replies are compared in
 * any order ({@link #TIES}), or by shape with LIMIT, and never stored.</li>
 * </ul>
 */
public final class SortCommandGenerator implements CommandGenerator {

	private static final List<String> PATTERNS = List.of("k*", "k*", "*", "nosort", "k?", "*->f", "k*->f", "{t}*",
			"", "k**", "#");

	/** Patterns that sort nothing (no {@code *}) or by the element itself. */
	private static final List<String> FIXED_ORDER_PATTERNS = List.of("nosort", "k?", "", "#");

	/** SORT's replies: exact, but see the class comment for ALPHA with a BY pattern. */
	static final ReplyRule TIES = new ReplyRule() {

		@Override
		public String compare(RespReply redis, RespReply kvserver, Servers servers) {
			List<byte[]> argv = servers.command().argv();
			if (!alphaByPattern(argv)) {
				return ReplyRules.EXACT.compare(redis, kvserver, servers);
			}
			if (has(argv, "LIMIT")) {
				return ReplyRules.SHAPE.compare(redis, kvserver, servers);
			}
			int gets = (int) argv.stream().filter(a -> word(a).equals("GET")).count();
			return ReplyRules.normalised("in any order", v -> ReplyRules.sortedGroups(v, Math.max(1, gets)))
				.compare(redis, kvserver, servers);
		}

		@Override
		public ReplyRule inTransaction() {
			return ReplyRules.EXACT; // MULTI blocks hold only the ALPHA SORTs whose order is fixed
		}

	};

	@Override
	public String family() {
		return "sort";
	}

	@Override
	public int weight() {
		return 3;
	}

	@Override
	public List<CommandTemplate> templates() {
		return List.of(sequence("sort", 3, g -> afterClearingErrno(g, "sort", numeric(g, "SORT", true))),
				sequence("sort_ro", 1, g -> afterClearingErrno(g, "sort_ro", numeric(g, "SORT_RO", false))),
				sequence("sort", 1, g -> afterClearingErrno(g, "sort", alphaByPattern(g, "SORT"))),
				sequence("sort_ro", 1, g -> afterClearingErrno(g, "sort_ro", alphaByPattern(g, "SORT_RO"))),
				// never mutated: without ALPHA, in a MULTI block, it could read numbers after a stale errno
				fixed("sort", 2, g -> options(g, Args.of("SORT", g.key()), g.pick(FIXED_ORDER_PATTERNS), true).add("ALPHA")),
				fixed("sort_ro", 1, g -> options(g, Args.of("SORT_RO", g.key()), g.pick(FIXED_ORDER_PATTERNS), false)
					.add("ALPHA")));
	}

	private static List<FuzzCommand> afterClearingErrno(Gen g, String name, Args sort) {
		FuzzCommand clear = g.command("georadius_ro", Args.of("GEORADIUS_RO", "sort:errno", "0", "0", "1", "m").build());
		return List.of(clear, g.command(name, Mutator.maybeMutate(g, sort.build())));
	}

	private static Args numeric(Gen g, String name, boolean store) {
		return options(g, Args.of(name, g.key()), g.pick(PATTERNS), store);
	}

	/** ALPHA by a pattern that reads weights: never stored, see the class comment. */
	private static Args alphaByPattern(Gen g, String name) {
		return options(g, Args.of(name, g.key()), g.pick("k*", "*", "k*->f", "{t}*", "k**"), false).add("ALPHA");
	}

	private static Args options(Gen g, Args args, String by, boolean store) {
		return args.options(g, new Object[] { "BY", by },
				new Object[] { "LIMIT", g.pick("0", "1", "2", "-1", "abc"), g.pick("1", "3", "-1", "0", "100") },
				new Object[] { "GET", g.pick(PATTERNS) }, new Object[] { "GET", "#" }, g.pick("ASC", "DESC"),
				store ? new Object[] { "STORE", g.key() } : new Object[0]);
	}

	private static boolean alphaByPattern(List<byte[]> argv) {
		boolean byPattern = false;
		for (int i = 2; i + 1 < argv.size(); i++) {
			if (word(argv.get(i)).equals("BY")) {
				String pattern = new String(argv.get(i + 1), StandardCharsets.ISO_8859_1);
				int nul = pattern.indexOf('\0');
				byPattern = (nul < 0 ? pattern : pattern.substring(0, nul)).contains("*");
			}
		}
		return byPattern && has(argv, "ALPHA");
	}

	private static boolean has(List<byte[]> argv, String option) {
		return argv.stream().skip(2).anyMatch(a -> word(a).equals(option));
	}

	private static String word(byte[] arg) {
		return new String(arg, StandardCharsets.ISO_8859_1).toUpperCase(Locale.ROOT);
	}

	@Override
	public Map<String, ReplyRule> replyRules() {
		return Map.of("sort", TIES, "sort_ro", TIES);
	}

}
