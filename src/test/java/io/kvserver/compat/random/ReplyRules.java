package io.kvserver.compat.random;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

import io.kvserver.compat.ByteEscapes;
import io.kvserver.compat.Replies;
import io.kvserver.protocol.RespReply;

/**
 * The reply rules a generator declares for commands whose replies Redis does not fix byte for byte.
 * Commands without a rule are compared exactly ({@link #EXACT}).
 *
 * <pre>
 * KEYS, SMEMBERS (a hashtable)   UNORDERED            the elements in any order
 * HGETALL in RESP2               UNORDERED_PAIRS      field-value pairs in any order
 * HKEYS, HGETALL, SMEMBERS        unorderedUnlessEncoded(1, "listpack", "intset"): exact when the key's
 *                                 encoding fixes the order (Redis's OBJECT ENCODING, asked afterwards)
 * SCAN, SSCAN, HSCAN              scan(cursorArg, group): each server iterated to cursor 0, the sets compared
 * RANDOMKEY, SRANDMEMBER          sampleOf(universe, group): same shape, each element from the key's content
 * TTL, PTTL, OBJECT IDLETIME      within(n): integers within n of each other; negative ones exactly
 * HELLO, INFO                     masked(fields): the named fields' values masked
 * CLIENT ID, TIME                 SHAPE: reply types and sizes only
 * </pre>
 */
public final class ReplyRules {

	public static final ReplyRule EXACT = normalised("exactly", UnaryOperator.identity());

	public static final ReplyRule UNORDERED = normalised("in any order", v -> sortedGroups(v, 1));

	public static final ReplyRule UNORDERED_PAIRS = normalised("as pairs in any order", v -> sortedGroups(v, 2));

	public static final ReplyRule SHAPE = normalised("by reply types and sizes only", ReplyRules::shape);

	private ReplyRules() {
	}

	/** Integer replies within {@code tolerance} of each other (a clock read at slightly different times). */
	public static ReplyRule within(long tolerance) {
		return (redis, kvserver, servers) -> {
			if (redis.type() == ':' && kvserver.type() == ':') {
				long r = Long.parseLong(redis.line());
				long k = Long.parseLong(kvserver.line());
				boolean agree = (r < 0 || k < 0) ? r == k : Math.abs(r - k) <= tolerance;
				return agree ? null : difference("within " + tolerance, redis, kvserver);
			}
			return EXACT.compare(redis, kvserver, servers);
		};
	}

	/** The named fields' values masked on both sides (see {@link Replies#masked}). */
	public static ReplyRule masked(String... fields) {
		Set<String> names = Set.of(fields);
		return normalised("with " + names + " masked", v -> Replies.masked(v, names));
	}

	/**
	 * {@code outside} for a command on its own, {@code inside} for its reply within EXEC's array (OBJECT
	 * REFCOUNT counts the reference a queued command holds to its argument until EXEC ends).
	 */
	public static ReplyRule inTransaction(ReplyRule outside, ReplyRule inside) {
		return new ReplyRule() {

			@Override
			public String compare(RespReply redis, RespReply kvserver, Servers servers) {
				return outside.compare(redis, kvserver, servers);
			}

			@Override
			public boolean asks() {
				return outside.asks();
			}

			@Override
			public ReplyRule inTransaction() {
				return inside;
			}

		};
	}

	/**
	 * Bulk text with every match of {@code regex} replaced on both sides (INFO keyspace's
	 * {@code avg_ttl=}, an estimate Redis refreshes in its background expiry cycle).
	 */
	public static ReplyRule replacing(String regex, String replacement) {
		Pattern pattern = Pattern.compile(regex);
		return normalised("with /" + regex + "/ replaced", v -> v.payload() == null ? v
				: withPayload(v, Gen.bytes(pattern.matcher(new String(v.payload(), StandardCharsets.ISO_8859_1))
					.replaceAll(replacement))));
	}

	/**
	 * A SCAN-style reply {@code [cursor, [elements]]}: each server is iterated on from its own cursor
	 * until it answers cursor 0, and the sets of elements (in groups of {@code group}: 2 for HSCAN's
	 * field-value pairs) must be equal; SCAN may repeat an element, so repeats are ignored. Inside
	 * EXEC only a complete page (cursor 0 on both) is compared by content, a partial one by its form.
	 *
	 * @param cursorArg the cursor's index in the request (1 for SCAN, 2 for HSCAN key cursor)
	 */
	public static ReplyRule scan(int cursorArg, int group) {
		ReplyRule page = scanPage(group);
		return new ReplyRule() {

			@Override
			public String compare(RespReply redis, RespReply kvserver, Servers servers) {
				if (!isScanPage(redis) || !isScanPage(kvserver)) {
					return EXACT.compare(redis, kvserver, servers);
				}
				List<byte[]> argv = servers.command().argv();
				Set<List<Bytes>> r = scanAll(redis, argv, cursorArg, group, servers::redis);
				Set<List<Bytes>> k = scanAll(kvserver, argv, cursorArg, group, servers::kvserver);
				if (r.equals(k)) {
					return null;
				}
				Set<List<Bytes>> onlyRedis = new HashSet<>(r);
				onlyRedis.removeAll(k);
				Set<List<Bytes>> onlyKv = new HashSet<>(k);
				onlyKv.removeAll(r);
				return "iterated to cursor 0, the elements differ: only Redis has " + onlyRedis + ", only kvserver has "
						+ onlyKv + "\n    first pages: redis " + show(redis) + " kvserver " + show(kvserver);
			}

			@Override
			public boolean asks() {
				return true;
			}

			@Override
			public ReplyRule inTransaction() {
				return page;
			}

		};
	}

	/**
	 * A random pick from a key's content (RANDOMKEY, SRANDMEMBER, HRANDFIELD): the replies must have
	 * the same shape, and every element (in groups of {@code group}) must be in the universe that
	 * {@code universe} reads from the same server afterwards (KEYS *, SMEMBERS key, HGETALL key).
	 */
	public static ReplyRule sampleOf(Function<FuzzCommand, List<byte[]>> universe, int group) {
		return sampleOf(universe, c -> group);
	}

	/** As {@link #sampleOf(Function, int)}, with the group size depending on the request (WITHVALUES). */
	public static ReplyRule sampleOf(Function<FuzzCommand, List<byte[]>> universe, ToIntFunction<FuzzCommand> groups) {
		return new ReplyRule() {

			@Override
			public String compare(RespReply redis, RespReply kvserver, Servers servers) {
				String shape = SHAPE.compare(redis, kvserver, servers);
				if (shape != null || redis.type() == '-') {
					return shape;
				}
				List<byte[]> read;
				try {
					read = universe.apply(servers.command());
				}
				catch (IndexOutOfBoundsException ex) {
					return EXACT.compare(redis, kvserver, servers); // a mutated request without its key
				}
				int group = groups.applyAsInt(servers.command());
				String r = outside(redis, servers.redis(read), group);
				String k = outside(kvserver, servers.kvserver(read), group);
				if (r != null) {
					throw new IllegalStateException("the sample rule is wrong: Redis's own pick " + r
							+ " is not in what it answers to " + new FuzzCommand("", read, 0, false).escaped());
				}
				return k == null ? null : "kvserver picked " + k + ", which it does not hold; its reply: " + show(kvserver);
			}

			@Override
			public boolean asks() {
				return true;
			}

			@Override
			public ReplyRule inTransaction() {
				return SHAPE;
			}

		};
	}

	/**
	 * Exact when Redis's {@code OBJECT ENCODING} of the key (asked after the command) is one whose
	 * order is fixed (a listpack keeps insertion order, an intset sorts), else in any order (a hash
	 * table's), in groups of {@code group}.
	 */
	public static ReplyRule unorderedUnlessEncoded(int keyArg, int group, String... orderedEncodings) {
		ReplyRule unordered = normalised("in any order", v -> sortedGroups(v, group));
		Set<String> ordered = Set.of(orderedEncodings);
		return dependingOnRedis(c -> List.of(Gen.bytes("OBJECT"), Gen.bytes("ENCODING"), c.argv().get(keyArg)),
				encoding -> encoding.text() != null && ordered.contains(encoding.text()), EXACT, unordered, unordered);
	}

	/**
	 * One rule or another depending on what Redis answers to a question asked after the command (a
	 * key's encoding, whether it holds a shared integer); a command too short to ask about is
	 * compared exactly.
	 *
	 * @param inTransaction the rule inside EXEC's array, where nothing can be asked
	 */
	public static ReplyRule dependingOnRedis(Function<FuzzCommand, List<byte[]>> question, Predicate<RespReply> test,
			ReplyRule then, ReplyRule otherwise, ReplyRule inTransaction) {
		return new ReplyRule() {

			@Override
			public String compare(RespReply redis, RespReply kvserver, Servers servers) {
				List<byte[]> asked;
				try {
					asked = question.apply(servers.command());
				}
				catch (IndexOutOfBoundsException ex) {
					return EXACT.compare(redis, kvserver, servers);
				}
				return (test.test(servers.redis(asked)) ? then : otherwise).compare(redis, kvserver, servers);
			}

			@Override
			public boolean asks() {
				return true;
			}

			@Override
			public ReplyRule inTransaction() {
				return inTransaction;
			}

		};
	}

	/**
	 * For a command that changes a key at random (SPOP): the replies are compared under
	 * {@code compare}, then the key is rebuilt on both servers by the same requests, made from
	 * Redis's copy of it, so the run goes on from equal states. The template must be
	 * {@link CommandTemplate#notQueued()}: inside EXEC nothing could be rebuilt in time.
	 *
	 * @param rebuild the requests that recreate a key as Redis holds it, given a way to ask Redis
	 */
	public static ReplyRule resyncing(ReplyRule compare, int keyArg, Rebuild rebuild) {
		return new ReplyRule() {

			@Override
			public String compare(RespReply redis, RespReply kvserver, Servers servers) {
				String difference = compare.compare(redis, kvserver, servers);
				List<byte[]> argv = servers.command().argv();
				if (difference != null || argv.size() <= keyArg) {
					return difference;
				}
				for (List<byte[]> request : rebuild.requests(argv.get(keyArg), servers::redis)) {
					RespReply r = servers.redis(request);
					RespReply k = servers.kvserver(request);
					if (!Arrays.equals(r.toBytes(), k.toBytes())) {
						return "rebuilding the key after a random change with " + new FuzzCommand("", request, 0, false)
								+ ":\n    redis:    " + show(r) + "\n    kvserver: " + show(k);
					}
				}
				return null;
			}

			@Override
			public boolean asks() {
				return true;
			}

		};
	}

	/** The requests that recreate a key, from what Redis answers about it. */
	@FunctionalInterface
	public interface Rebuild {

		List<List<byte[]>> requests(byte[] key, Function<List<byte[]>, RespReply> askRedis);

	}

	/** Compares the replies after the same normalisation of both. */
	public static ReplyRule normalised(String how, UnaryOperator<RespReply> normalise) {
		return (redis, kvserver, servers) -> {
			RespReply r = normalise.apply(redis);
			RespReply k = normalise.apply(kvserver);
			return Arrays.equals(r.toBytes(), k.toBytes()) ? null : difference(how, r, k);
		};
	}

	static String difference(String how, RespReply redis, RespReply kvserver) {
		return "compared " + how + ":\n    redis:    " + show(redis) + "\n    kvserver: " + show(kvserver);
	}

	static String show(RespReply value) {
		return ByteEscapes.show(value.toBytes());
	}

	private static ReplyRule scanPage(int group) {
		return (redis, kvserver, servers) -> {
			if (isScanPage(redis) && isScanPage(kvserver) && "0".equals(redis.children().get(0).text())
					&& "0".equals(kvserver.children().get(0).text())) {
				RespReply r = new RespReply(redis.type(), redis.line(), null,
						List.of(redis.children().get(0), sortedGroups(redis.children().get(1), group)));
				RespReply k = new RespReply(kvserver.type(), kvserver.line(), null,
						List.of(kvserver.children().get(0), sortedGroups(kvserver.children().get(1), group)));
				return EXACT.compare(r, k, servers);
			}
			// How much one call returns (and its cursor) is each server's own business.
			return isScanPage(redis) == isScanPage(kvserver) ? null : difference("as SCAN pages", redis, kvserver);
		};
	}

	private static boolean isScanPage(RespReply v) {
		return v.type() == '*' && v.children().size() == 2 && v.children().get(0).type() == '$'
				&& v.children().get(1).type() == '*';
	}

	private static Set<List<Bytes>> scanAll(RespReply first, List<byte[]> argv, int cursorArg, int group,
			Function<List<byte[]>, RespReply> ask) {
		Set<List<Bytes>> all = new HashSet<>(groups(first.children().get(1), group));
		RespReply page = first;
		for (int pages = 0; pages < 100_000 && !"0".equals(page.children().get(0).text()); pages++) {
			List<byte[]> next = new ArrayList<>(argv);
			next.set(cursorArg, page.children().get(0).payload());
			page = ask.apply(next);
			if (!isScanPage(page)) {
				all.add(List.of(new Bytes(page.toBytes())));
				return all;
			}
			all.addAll(groups(page.children().get(1), group));
		}
		return all;
	}

	/** The first element (group) of the pick that is not in the universe, or null. */
	private static String outside(RespReply pick, RespReply universe, int group) {
		Set<List<Bytes>> members = new HashSet<>(groups(universe, group));
		List<List<Bytes>> picked;
		if (pick.type() == '$' || pick.type() == '=') {
			picked = pick.payload() == null ? List.of() : List.of(List.of(new Bytes(pick.payload())));
		}
		else {
			picked = groups(pick, group);
		}
		for (List<Bytes> p : picked) {
			if (!members.contains(p)) {
				return p.toString();
			}
		}
		return null;
	}

	/** The elements of an aggregate in groups (a map's entries, or nested pairs, are groups of 2). */
	private static List<List<Bytes>> groups(RespReply aggregate, int group) {
		List<Bytes> flat = new ArrayList<>();
		for (RespReply child : aggregate.children()) {
			if (child.children().isEmpty()) {
				flat.add(new Bytes(child.payload() != null ? child.payload() : child.toBytes()));
			}
			else {
				child.children().forEach(c -> flat.add(new Bytes(c.payload() != null ? c.payload() : c.toBytes())));
			}
		}
		List<List<Bytes>> out = new ArrayList<>();
		for (int i = 0; i + group <= flat.size(); i += group) {
			out.add(List.copyOf(flat.subList(i, i + group)));
		}
		return out;
	}

	/** The aggregate with its top-level elements sorted in groups of {@code group} (a map's by entry). */
	static RespReply sortedGroups(RespReply v, int group) {
		if (v.type() == '%') {
			return Replies.sorted(v);
		}
		if ((v.type() != '*' && v.type() != '~') || v.children().size() % group != 0) {
			return v;
		}
		List<List<RespReply>> chunks = new ArrayList<>();
		for (int i = 0; i < v.children().size(); i += group) {
			chunks.add(v.children().subList(i, i + group));
		}
		chunks.sort(Comparator.comparing(ReplyRules::bytesOf, Arrays::compare));
		List<RespReply> flat = new ArrayList<>();
		chunks.forEach(flat::addAll);
		return new RespReply(v.type(), v.line(), null, flat);
	}

	private static byte[] bytesOf(List<RespReply> chunk) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		chunk.forEach(c -> out.writeBytes(c.toBytes()));
		return out.toByteArray();
	}

	/** A string reply with other bytes, its length line to match. */
	private static RespReply withPayload(RespReply v, byte[] payload) {
		return new RespReply(v.type(), Integer.toString(payload.length), payload, List.of());
	}

	/** Types and sizes only: every bulk emptied, every line but an error's replaced. */
	private static RespReply shape(RespReply v) {
		if (v.type() == '-' || v.type() == '!') {
			return v;
		}
		if (v.payload() != null) {
			return withPayload(v, new byte[0]);
		}
		if (!v.children().isEmpty() || "*%~>|".indexOf(v.type()) >= 0) {
			return new RespReply(v.type(), v.line(), null, v.children().stream().map(ReplyRules::shape).toList());
		}
		return new RespReply(v.type(), v.line().startsWith("-") ? v.line() : "?", null, List.of());
	}

	/** Bytes with value equality, for sets of elements. */
	record Bytes(byte[] bytes) {

		@Override
		public boolean equals(Object other) {
			return other instanceof Bytes b && Arrays.equals(this.bytes, b.bytes);
		}

		@Override
		public int hashCode() {
			return Arrays.hashCode(this.bytes);
		}

		@Override
		public String toString() {
			return ByteEscapes.show(this.bytes, 80);
		}

	}

}
