package io.kvserver.compat.random;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.LongStream;

/**
 * What a randomized differential session runs, from system properties (see docs/testing.md):
 *
 * <pre>
 * -Dfuzz.seed=S          replay one run: seed S (its protocol and commands follow from the seed)
 * -Dfuzz.commands=M      commands per run (a replay takes the failing index + 1)
 * -Dfuzz.runs=N          how many runs, seeds baseSeed, baseSeed+1, ...
 * -Dfuzz.baseSeed=B      the first seed; "random" for a new one each session (printed)
 * -Dfuzz.families=a,b    only these families (strings, keys, server, connection, transactions, ...)
 * -Dfuzz.weights=a:5,b:0 family weights instead of the generators' own (0 leaves a family out)
 * -Dfuzz.shrink=false    report a failure without shrinking it first
 * -Dfuzz.shrinkSeconds=T time budget for shrinking one failure
 * </pre>
 */
public record FuzzSettings(List<Long> seeds, int commands, Set<String> families, Map<String, Integer> weights,
		boolean shrink, long shrinkMillis) {

	/** The build's default: fixed seeds, so a red build is a reproducible one. */
	static final long DEFAULT_BASE_SEED = 20_240_601L;

	static final int DEFAULT_RUNS = 10;

	static final int DEFAULT_COMMANDS = 2000;

	/**
	 * For checking the generators against Redis itself: a few fixed runs (the families and weights of
	 * the system properties, and {@code -Dfuzz.selfCheckRuns}).
	 */
	public static FuzzSettings selfCheck() {
		FuzzSettings asked = fromSystemProperties();
		int runs = Integer.getInteger("fuzz.selfCheckRuns", 3);
		List<Long> seeds = LongStream.range(DEFAULT_BASE_SEED, DEFAULT_BASE_SEED + runs).boxed().toList();
		return new FuzzSettings(seeds, DEFAULT_COMMANDS, asked.families(), asked.weights(), asked.shrink(),
				asked.shrinkMillis());
	}

	public static FuzzSettings fromSystemProperties() {
		int commands = Integer.getInteger("fuzz.commands", DEFAULT_COMMANDS);
		List<Long> seeds;
		String seed = System.getProperty("fuzz.seed");
		if (seed != null && !seed.isBlank()) {
			seeds = List.of(Long.parseLong(seed.trim()));
		}
		else {
			String base = System.getProperty("fuzz.baseSeed", Long.toString(DEFAULT_BASE_SEED)).trim();
			long first = base.equals("random") ? System.nanoTime() % 1_000_000_000_000L : Long.parseLong(base);
			int runs = Integer.getInteger("fuzz.runs", DEFAULT_RUNS);
			seeds = LongStream.range(first, first + runs).boxed().toList();
		}
		String families = System.getProperty("fuzz.families", "").trim();
		Map<String, Integer> weights = new HashMap<>();
		for (String entry : System.getProperty("fuzz.weights", "").split(",")) {
			if (!entry.isBlank()) {
				String[] parts = entry.trim().split(":");
				weights.put(parts[0], Integer.parseInt(parts[1]));
			}
		}
		return new FuzzSettings(seeds, commands, families.isEmpty() ? Set.of() : Set.of(families.split(",")), weights,
				Boolean.parseBoolean(System.getProperty("fuzz.shrink", "true")),
				Long.getLong("fuzz.shrinkSeconds", 60) * 1000);
	}

	boolean includes(CommandGenerator generator) {
		return this.families.isEmpty() || this.families.contains(generator.family());
	}

}
