package io.kvserver.compat.random;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

/**
 * The random source of one run and the vocabulary generators share: a small key space (so commands
 * collide on keys and types), values, numbers and the tokens that make a request invalid. Families
 * needing more (hash fields, set members) build on these.
 *
 * Time never decides a reply: expiries are either in the past (the key goes at once) or at least a
 * day away, read back only through rules that tolerate the clock ({@link ReplyRules#within}).
 */
public final class Gen {

	/** Keys every run draws from: plain, empty, binary, with CR LF, hash-tagged, long. */
	private static final List<String> KEY_POOL = List.of("k1", "k2", "k3", "k4", "k5", "k6", "k7", "k8", "a", "b",
			"", "\0", "k\r\n1", "{t}x", "{t}y", "key:with:colons", "\u00ff\u00fe", "k*", "k?", "[k]",
			"l".repeat(120));

	/** Values that parse as numbers, almost do, or do not; embstr's 44-byte boundary; binary. */
	private static final List<String> VALUES = List.of("", "0", "1", "-1", "7", "42", "100", "10000", "-99",
			"9223372036854775807", "-9223372036854775808", "9223372036854775806", "9223372036854775808",
			"3.14", "-0.5", "1e3", "1.5e-3", "inf", "nan", " 1", "1 ", "01", "+1", "0x1f", "abc", "hello world",
			"\0", "a\0b", "\r\n", "x\r\ny", "\u00ff\u0080", "x".repeat(44), "y".repeat(45), "z".repeat(64),
			"12345678901234567890", "4294967296", "-0", "00", "+0", "1e2", "0.1", "1e17", "-1e-300", "17e-1",
			"-9223372036854775809", "18446744073709551615");

	/** Tokens that are wrong almost wherever an argument is expected; none is a small positive number. */
	private static final List<String> NASTY = List.of("", "-1", "0", "abc", "-9223372036854775808",
			"9223372036854775807", "9223372036854775808", "99999999999999999999", "1.5", "nan", "inf", "-inf",
			"\0", "\r\n", " ", "0x10", "+5", "-0", "1e1000", "NX", "XX", "GT", "LT", "EX", "PX", "KEEPTTL", "GET",
			"COUNT", "MATCH", "TYPE", "LIMIT", "WITHSCORES", "BYTE", "BIT", "IDX", "LEN", "MINMATCHLEN",
			"WITHMATCHLEN", "REPLACE", "DB");

	private final Random random;

	private final List<byte[]> keys;

	private final Generators generators;

	private static final int GROUP_KEYS = 3;

	private static final double GROUP_SHARE = 0.75;

	private final double clientOneShare = 0.1;

	private final List<byte[]> grouped;

	private final Map<String, List<byte[]>> groups = new HashMap<>();

	private int nextGrouped;

	private String keyGroup;

	Gen(Random random, Generators generators) {
		this.random = random;
		List<String> pool = new ArrayList<>(KEY_POOL);
		Collections.shuffle(pool, random);
		this.keys = pool.subList(0, 10 + random.nextInt(7)).stream().map(Gen::bytes).toList();
		List<byte[]> shuffled = new ArrayList<>(this.keys);
		Collections.shuffle(shuffled, random);
		this.grouped = List.copyOf(shuffled);
		this.generators = generators;
	}

	public static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.ISO_8859_1);
	}

	public Random random() {
		return this.random;
	}

	public boolean chance(double p) {
		return this.random.nextDouble() < p;
	}

	/** A number in [min, max]. */
	public int between(int min, int max) {
		return min + this.random.nextInt(max - min + 1);
	}

	@SafeVarargs
	public final <T> T pick(T... choices) {
		return choices[this.random.nextInt(choices.length)];
	}

	public <T> T pick(List<T> choices) {
		return choices.get(this.random.nextInt(choices.size()));
	}

	/**
	 * One of this run's keys: mostly one of the few that the drawing family's key group favours (see
	 * {@link CommandGenerator#keyGroup()}), otherwise any.
	 */
	public byte[] key() {
		if (this.keyGroup != null && chance(GROUP_SHARE)) {
			return pick(this.groups.computeIfAbsent(this.keyGroup, g -> nextGroup()));
		}
		return pick(this.keys);
	}

	/** The next few keys of the run's shuffled list: each group its own, as far as the keys go round. */
	private List<byte[]> nextGroup() {
		List<byte[]> group = new ArrayList<>();
		for (int i = 0; i < GROUP_KEYS; i++) {
			group.add(this.grouped.get(this.nextGrouped++ % this.grouped.size()));
		}
		return group;
	}

	/** Builds a draw with the keys of {@code keyGroup} favoured; nested draws (MULTI blocks) restore the outer one. */
	<T> T withKeyGroup(String keyGroup, Supplier<T> draw) {
		String outer = this.keyGroup;
		this.keyGroup = keyGroup;
		try {
			return draw.get();
		}
		finally {
			this.keyGroup = outer;
		}
	}

	/** The run's keys, for reading the final state. */
	public List<byte[]> keys() {
		return this.keys;
	}

	/** Between min and max keys, repeats allowed (Redis accepts them). */
	public List<byte[]> keys(int min, int max) {
		List<byte[]> chosen = new ArrayList<>();
		for (int i = between(min, max); i > 0; i--) {
			chosen.add(key());
		}
		return chosen;
	}

	/** A string value: mostly from the pool, sometimes random bytes or a long run. */
	public byte[] value() {
		int kind = this.random.nextInt(10);
		if (kind < 7) {
			return bytes(pick(VALUES));
		}
		if (kind < 9) {
			return randomBytes(between(0, 20));
		}
		return bytes(String.valueOf((char) ('a' + this.random.nextInt(26))).repeat(between(1, 3000)));
	}

	public byte[] randomBytes(int length) {
		byte[] b = new byte[length];
		for (int i = 0; i < length; i++) {
			// Mostly a few letters, so random values still collide and compare.
			b[i] = chance(0.8) ? (byte) ('a' + this.random.nextInt(4)) : (byte) this.random.nextInt(256);
		}
		return b;
	}

	/** An integer argument: mostly small, sometimes at or past the 64-bit limits, sometimes not one. */
	public byte[] integer() {
		int kind = this.random.nextInt(10);
		if (kind < 6) {
			return bytes(Integer.toString(between(-20, 100)));
		}
		if (kind < 8) {
			return bytes(pick("9223372036854775807", "-9223372036854775808", "9223372036854775806",
					"-9223372036854775807", "4611686018427387904", "1000000", "-1000000"));
		}
		return nasty();
	}

	/** A floating-point argument as Redis parses them (strtold): exponents, inf, nan, hex, junk. */
	public byte[] decimal() {
		int kind = this.random.nextInt(10);
		if (kind < 5) {
			return bytes(pick("0", "1", "-1", "0.1", "-0.1", "1.5", "3.0e3", "10.5", "-2.25", "1e-5", "100",
					"0.0000001", "123456789.123456789", "5.0e3", "-0", "0.2", "0.3", "1e17", "1.1e-10", "-1e-300",
					"9007199254740993", "3.3333333333333333", "1e-17", "12345678901234567890"));
		}
		if (kind < 8) {
			return bytes(pick("1e308", "-1e308", "1.7976931348623157e308", "4.9e-324", "1e400", "inf", "+inf",
					"-inf", "nan", "0x10", "1.", ".5", "1e", "1.5x", " 1", "1 ", "+1.5", "e5"));
		}
		return nasty();
	}

	/** A string offset or range bound: around the value lengths, negative, or out of range. */
	public byte[] offset() {
		int kind = this.random.nextInt(10);
		if (kind < 7) {
			return bytes(Integer.toString(between(-60, 60)));
		}
		if (kind < 9) {
			return bytes(pick("9223372036854775807", "-9223372036854775808", "2147483647", "-2147483648",
					"4294967296", "536870912", "1000"));
		}
		return nasty();
	}

	/** A glob pattern for KEYS, SCAN MATCH and the like, including Redis's escapes and bad brackets. */
	public byte[] pattern() {
		return bytes(pick("*", "*", "k*", "k?", "k[1-3]", "k[^1]", "k[!2]", "*1", "?", "??", "{t}*", "*:*", "k\\*",
				"\\k1", "[", "k[", "k[1-", "[a-]", "[]]", "*\0*", "k\r*", "\u00ff*", "", "a", "[ab]", "[b-a]",
				"k[\\]]*", "***", "l*"));
	}

	/** An invalid token for any argument (none of them is a small positive number: see the class). */
	public byte[] nasty() {
		return bytes(pick(NASTY));
	}

	/** EX / EXPIRE seconds: far enough away never to pass during a run, or already passed. */
	public byte[] seconds() {
		return bytes(chance(0.85) ? Long.toString(100_000 + this.random.nextInt(1_000_000))
				: pick("0", "-1", "-100", "9223372036854775807", "9223372036854775", "abc", "1.5"));
	}

	/** PX / PEXPIRE milliseconds, on the same terms as {@link #seconds()}. */
	public byte[] millis() {
		return bytes(chance(0.85) ? Long.toString(100_000_000L + this.random.nextInt(1_000_000_000))
				: pick("0", "-1", "-100", "9223372036854775807", "9223372036854775", "abc"));
	}

	/** EXAT / EXPIREAT: a Unix time in seconds, long gone or far ahead. */
	public byte[] unixSeconds() {
		return bytes(chance(0.8) ? Long.toString(pick(1L, 100L, 1_000_000_000L) + this.random.nextInt(1000))
				: chance(0.5) ? Long.toString(4_000_000_000L + this.random.nextInt(1000)) : pick("0", "-1", "abc"));
	}

	/** PXAT / PEXPIREAT: a Unix time in milliseconds, long gone or far ahead. */
	public byte[] unixMillis() {
		return bytes(chance(0.8) ? Long.toString(pick(1L, 100_000L, 1_000_000_000_000L) + this.random.nextInt(1000))
				: chance(0.5) ? Long.toString(4_000_000_000_000L + this.random.nextInt(1000)) : pick("0", "-1", "x"));
	}

	/** EXAT / EXPIREAT far ahead only (or invalid). */
	public byte[] futureUnixSeconds() {
		return bytes(chance(0.9) ? Long.toString(4_000_000_000L + this.random.nextInt(1000)) : pick("0", "-1", "abc"));
	}

	/** PXAT / PEXPIREAT far ahead only (or invalid). */
	public byte[] futureUnixMillis() {
		return bytes(chance(0.9) ? Long.toString(4_000_000_000_000L + this.random.nextInt(1000)) : pick("0", "-1", "x"));
	}

	/** A database index: the few the run uses, sometimes one that does not exist. */
	public byte[] db() {
		return bytes(chance(0.9) ? Integer.toString(this.random.nextInt(FinalState.DATABASES))
				: pick("16", "-1", "99", "abc", ""));
	}

	/** A command as the run sends it: on a random client, sometimes pipelined with the one before. */
	FuzzCommand command(String name, List<byte[]> argv) {
		return new FuzzCommand(name, argv, client(), chance(0.3));
	}

	/** Which connection sends a command: mostly the first, so the second mainly interferes (WATCH). */
	int client() {
		return chance(this.clientOneShare) ? 1 : 0;
	}

	/** A random command of any single-command family, for sequences built of others (MULTI blocks). */
	public List<FuzzCommand> anyCommand() {
		return this.generators.single(this);
	}

	/** Commands of another client, in the order given; for sequences that interleave both. */
	public List<FuzzCommand> onClient(int client, List<FuzzCommand> commands) {
		return commands.stream().map(c -> new FuzzCommand(c.name(), c.argv(), client, c.pipelined())).toList();
	}

}
