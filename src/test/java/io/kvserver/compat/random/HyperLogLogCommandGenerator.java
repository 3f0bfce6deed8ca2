package io.kvserver.compat.random;

import static io.kvserver.compat.random.CommandTemplate.command;

import java.util.List;
import java.util.stream.IntStream;

/**
 * HyperLogLog (hyperloglog.c): PFADD, PFCOUNT over one key and several, PFMERGE, on keys that other
 * families also write (so plain strings meet PFADD: Redis's "not a valid HyperLogLog" error), with
 * enough elements now and then to turn a sparse HLL dense; GET (the final state) compares the bytes.
 */
public final class HyperLogLogCommandGenerator implements CommandGenerator {

	@Override
	public String family() {
		return "hyperloglog";
	}

	@Override
	public String keyGroup() {
		return "hyperloglog";
	}

	@Override
	public int weight() {
		return 4;
	}

	@Override
	public List<CommandTemplate> templates() {
		return List.of(
				command("pfadd", 6, g -> Args.of("PFADD", g.key()).add(elements(g))),
				command("pfcount", 4, g -> Args.of("PFCOUNT").add(g.keys(1, 3))),
				command("pfmerge", 2, g -> Args.of("PFMERGE", g.key()).add(g.keys(0, 3))),
				command("config|set", 1, g -> Args.of("CONFIG", "SET", "hll-sparse-max-bytes",
						g.pick("0", "100", "300", "3000", "-1"))));
	}

	private static List<byte[]> elements(Gen g) {
		int count = g.chance(0.1) ? g.between(100, 3000) : g.between(0, 5);
		int space = g.pick(10, 1000, 100_000);
		return IntStream.range(0, count).mapToObj(i -> Gen.bytes("e" + g.random().nextInt(space))).toList();
	}

	@Override
	public List<String> configParameters() {
		return List.of("hll-sparse-max-bytes");
	}

}
