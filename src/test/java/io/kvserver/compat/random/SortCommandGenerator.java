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
 * <li>With ALPHA, elements that compare equal are not ordered further: with a BY pattern those with
 * equal (or missing) weights, without one those equal up to a NUL (strcoll reads C strings), so a
 * reply is compared in any order when the key holds an element with a NUL. Ties keep
 * the order of the sort's input, for a sorted set or a set its hash table's (which differs
 * from one Redis process to the next), and with LIMIT what pqsort makes of it. BY a pattern without
 * {@code *} sorts nothing, so a set comes in its table's order. Those replies are compared in any
 * order ({@link #TIES}), or by shape with LIMIT; ALPHA by a pattern is never stored. In EXEC's
 * array, where the rule can ask nothing, a SORT's reply is compared by shape.</li>
 * </ul>
 */
public final class SortCommandGenerator implements CommandGenerator {

	private static final List<String> PATTERNS = List.of("k*", "k*", "*", "nosort", "k?", "*->f", "k*->f", "{t}*",
			"", "k**", "#");

	/** SORT's replies: exact, but see the class comment for what Redis leaves open. */
	static final ReplyRule TIES = new ReplyRule() {

		@Override
		public String compare(RespReply redis, RespReply kvserver, Servers servers) {
			List<byte[]> argv = servers.command().argv();
			boolean open = alphaByPattern(argv) || (!has(argv, "STORE") && (unsorted(argv)
					|| (has(argv, "ALPHA") && by(argv) == null && holdsNul(servers.redis(nativeOrder(argv))))));
			if (!open) {
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
		public boolean asks() {
			return true;
		}

		@Override
		public ReplyRule inTransaction() {
			// Nothing can be asked there, and EXEC's array does not say which SORT an element answers.
			return ReplyRules.SHAPE;
		}

	};

	/** The elements of the sorted key in their own order, to see whether two of them tie as C strings. */
	private static List<byte[]> nativeOrder(List<byte[]> argv) {
		return List.of(Gen.bytes("SORT_RO"), argv.get(1), Gen.bytes("BY"), Gen.bytes("nosort"));
	}

	/** Whether an element holds a NUL: strcoll compares up to it, so such elements may tie. */
	private static boolean holdsNul(RespReply elements) {
		return elements.children().stream().anyMatch(e -> e.payload() != null && indexOfNul(e.payload()) >= 0);
	}

	private static int indexOfNul(byte[] bytes) {
		for (int i = 0; i < bytes.length; i++) {
			if (bytes[i] == 0) {
				return i;
			}
		}
		return -1;
	}

	@Override
	public String family() {
		return "sort";
	}

	/** SORT reads lists, sets and sorted sets: any key. */
	@Override
	public String keyGroup() {
		return null;
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
				fixed("sort", 2, g -> options(g, Args.of("SORT", g.key()), null, true).add("ALPHA")),
				fixed("sort_ro", 1, g -> options(g, Args.of("SORT_RO", g.key()), null, false).add("ALPHA")));
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

	/** SORT's options in any order and combination; {@code by} null for none. */
	private static Args options(Gen g, Args args, String by, boolean store) {
		return args.options(g, (by != null) ? new Object[] { "BY", by } : new Object[0],
				new Object[] { "LIMIT", g.pick("0", "1", "2", "-1", "abc"), g.pick("1", "3", "-1", "0", "100") },
				new Object[] { "GET", g.pick(PATTERNS) }, new Object[] { "GET", "#" }, g.pick("ASC", "DESC"),
				store ? new Object[] { "STORE", g.key() } : new Object[0]);
	}

	private static boolean alphaByPattern(List<byte[]> argv) {
		String by = by(argv);
		return by != null && by.contains("*") && has(argv, "ALPHA");
	}

	/** BY a pattern without {@code *}: nothing is sorted, a set comes in its table's order. */
	private static boolean unsorted(List<byte[]> argv) {
		String by = by(argv);
		return by != null && !by.contains("*");
	}

	/** The last BY pattern, up to a NUL as Redis reads it, or null. */
	private static String by(List<byte[]> argv) {
		String by = null;
		for (int i = 2; i + 1 < argv.size(); i++) {
			if (word(argv.get(i)).equals("BY")) {
				String pattern = new String(argv.get(i + 1), StandardCharsets.ISO_8859_1);
				int nul = pattern.indexOf('\0');
				by = (nul < 0) ? pattern : pattern.substring(0, nul);
			}
		}
		return by;
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
