package io.kvserver.compat.random;

import static io.kvserver.compat.random.CommandTemplate.command;
import static io.kvserver.compat.random.CommandTemplate.fixed;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The hash family (t_hash.c): fields from a small pool (so they collide), values of every kind,
 * counters, random fields, HSCAN, and CONFIG SET of the listpack limits so hashes convert to hash
 * tables within a run.
 */
public final class HashCommandGenerator implements CommandGenerator {

	/** Fields: short ones, the empty one, binary ones, one longer than hash-max-listpack-value (64). */
	private static final List<String> FIELDS = List.of("f1", "f2", "f3", "f4", "f5", "f6", "1", "2", "100", "-1", "",
			"\0", "a b", "x\r\ny", "F".repeat(70), "\u00ff");

	@Override
	public String family() {
		return "hashes";
	}

	@Override
	public String keyGroup() {
		return "hash";
	}

	@Override
	public int weight() {
		return 8;
	}

	@Override
	public List<CommandTemplate> templates() {
		return List.of(
				command("hset", 10, g -> Args.of("HSET", g.key()).add(pairs(g))),
				command("hsetnx", 2, g -> Args.of("HSETNX", g.key(), field(g), g.value())),
				command("hmset", 2, g -> Args.of("HMSET", g.key()).add(pairs(g))),
				command("hget", 5, g -> Args.of("HGET", g.key(), field(g))),
				command("hmget", 3, g -> Args.of("HMGET", g.key()).add(fields(g))),
				command("hdel", 4, g -> Args.of("HDEL", g.key()).add(fields(g))),
				command("hlen", 2, g -> Args.of("HLEN", g.key())),
				command("hstrlen", 2, g -> Args.of("HSTRLEN", g.key(), field(g))),
				command("hexists", 2, g -> Args.of("HEXISTS", g.key(), field(g))),
				command("hkeys", 2, g -> Args.of("HKEYS", g.key())),
				command("hvals", 2, g -> Args.of("HVALS", g.key())),
				command("hgetall", 3, g -> Args.of("HGETALL", g.key())),
				command("hincrby", 4, g -> Args.of("HINCRBY", g.key(), field(g), g.integer())),
				command("hincrbyfloat", 3, g -> Args.of("HINCRBYFLOAT", g.key(), field(g), g.decimal())),
				command("hrandfield", 3, g -> Args.of("HRANDFIELD", g.key())
					.maybe(g, 0.7, g.pick("0", "1", "2", "3", "5", "10", "100", "-1", "-3", "-10", "abc",
							"-9223372036854775808", "9223372036854775807"))
					.maybe(g, 0.4, "WITHVALUES")),
				fixed("hscan", 2, g -> Args.of("HSCAN", g.key(), KeyCommandGenerator.scanCursor(g)).options(g,
						new Object[] { "MATCH", g.pattern() }, new Object[] { "COUNT", g.pick("1", "2", "10", "1000") },
						KeyCommandGenerator.badScanOption(g))),
				command("config|set", 1, g -> Args.of("CONFIG", "SET",
						g.pick("hash-max-listpack-entries", "hash-max-listpack-value", "hash-max-ziplist-entries",
								"hash-max-ziplist-value"),
						g.pick("0", "1", "2", "4", "8", "16", "64", "128", "-1", "abc"))));
	}

	static byte[] field(Gen g) {
		return Gen.bytes(g.pick(FIELDS));
	}

	private static List<byte[]> fields(Gen g) {
		return IntStream.range(0, g.between(1, 4)).mapToObj(i -> field(g)).toList();
	}

	private static Object[] pairs(Gen g) {
		Object[] pairs = new Object[2 * g.between(1, 4)];
		for (int i = 0; i < pairs.length; i += 2) {
			pairs[i] = field(g);
			pairs[i + 1] = g.chance(0.1) ? Gen.bytes("v".repeat(g.between(60, 70))) : g.value();
		}
		return pairs;
	}

	@Override
	public Map<String, ReplyRule> replyRules() {
		return Map.of(
				"hkeys", ReplyRules.unorderedUnlessEncoded(1, 1, "listpack"),
				"hvals", ReplyRules.unorderedUnlessEncoded(1, 1, "listpack"),
				"hgetall", ReplyRules.unorderedUnlessEncoded(1, 2, "listpack"),
				"hscan", ReplyRules.scan(2, 2),
				"hrandfield", ReplyRules.sampleOf(
						c -> Args.of(withValues(c) ? "HGETALL" : "HKEYS", c.argv().get(1)).build(),
						c -> withValues(c) ? 2 : 1));
	}

	private static boolean withValues(FuzzCommand command) {
		return command.argv().stream().anyMatch(a -> new String(a, StandardCharsets.ISO_8859_1)
			.equalsIgnoreCase("WITHVALUES"));
	}

	@Override
	public Map<String, StateRead> stateReads() {
		return Map.of("hash", StateRead.of("HGETALL"));
	}

	@Override
	public List<String> configParameters() {
		return List.of("hash-max-listpack-entries", "hash-max-listpack-value");
	}

}
