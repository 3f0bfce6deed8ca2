package io.kvserver.compat.random;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

import io.kvserver.protocol.RespReply;
import io.kvserver.support.RawConnection;

/**
 * A session of the randomized differential test: for each seed, a run of random commands played
 * on Redis and kvserver side by side (see {@link Replay}); a failing run is shrunk and reported with
 * its seed, the failing command's index, the system properties that replay it, and the shrunk
 * commands as a scenario to paste into {@code src/test/resources/compat/}.
 */
public final class DifferentialFuzzer {

	private static final String REPLAY = "./mvnw -B verify -Dit.test=RandomDifferentialIT -Dtest=none "
			+ "-Dsurefire.failIfNoSpecifiedTests=false";

	private final Supplier<RawConnection> redis;

	private final Supplier<RawConnection> kvserver;

	private final FuzzSettings settings;

	private final PrintStream log;

	public DifferentialFuzzer(Supplier<RawConnection> redis, Supplier<RawConnection> kvserver, FuzzSettings settings,
			PrintStream log) {
		this.redis = redis;
		this.kvserver = kvserver;
		this.settings = settings;
		this.log = log;
	}

	/** Plays every run of the settings; returns one report per failing run (empty when all agree). */
	public List<String> run() {
		List<CommandGenerator> chosen = Generators.all().stream().filter(this.settings::includes).toList();
		Set<String> implemented = implemented(chosen);
		Generators generators = new Generators(chosen, implemented, this.settings.weights(), configDefaults(chosen));
		Set<String> skipped = new TreeSet<>(Generators.commandNames(chosen));
		skipped.removeAll(implemented);
		this.log.println("fuzz: " + generators.describe());
		if (!skipped.isEmpty()) {
			this.log.println("fuzz: skipped, kvserver does not implement them yet: " + skipped);
		}
		Replay replay = new Replay(this.redis, this.kvserver, generators);
		List<String> failures = new ArrayList<>();
		Map<String, int[]> replies = new TreeMap<>();
		Map<String, Integer> errors = new HashMap<>();
		long started = System.nanoTime();
		for (long seed : this.settings.seeds()) {
			RunPlan plan = generators.plan(seed, this.settings.commands());
			long t0 = System.nanoTime();
			Replay.Result result = replay.play(plan);
			result.errors().forEach((error, n) -> errors.merge(error, n, Integer::sum));
			result.replies().forEach((name, c) -> {
				int[] total = replies.computeIfAbsent(name, n -> new int[2]);
				total[0] += c[0];
				total[1] += c[1];
			});
			int errorReplies = result.replies().values().stream().mapToInt(c -> c[1]).sum();
			this.log.printf("fuzz: seed %d (%s): %d commands, %d%% error replies, %d ms%s%n", seed,
					plan.resp3() ? "RESP3" : "RESP2", plan.commands().size(), 100 * errorReplies / Math.max(1, plan.commands().size()),
					(System.nanoTime() - t0) / 1_000_000, result.difference() == null ? "" : ": DIFFERS");
			if (result.difference() != null) {
				String report = report(plan, result.difference(), replay);
				this.log.println(report);
				failures.add(report);
			}
		}
		this.log.printf("fuzz: %d runs of %d commands in %d ms; replies per command (ok/error): %s%n",
				this.settings.seeds().size(), this.settings.commands(), (System.nanoTime() - started) / 1_000_000,
				String.join(" ", replies.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()[0] + "/" + e.getValue()[1]).toList()));
		if (Boolean.getBoolean("fuzz.errors")) {
			this.log.println("fuzz: the most frequent errors:");
			errors.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(40)
				.forEach(e -> this.log.printf("fuzz:   %6d  %s%n", e.getValue(), e.getKey()));
		}
		return failures;
	}

	private String report(RunPlan plan, Difference difference, Replay replay) {
		StringBuilder out = new StringBuilder();
		boolean finalState = difference.index() >= plan.commands().size();
		out.append("kvserver differs from Redis in run seed ").append(plan.seed())
			.append(plan.resp3() ? " (RESP3)" : " (RESP2)")
			.append(finalState ? ", in the final state after all " + plan.commands().size() + " commands"
					: ", at command " + difference.index() + " of " + plan.commands().size())
			.append(": ").append(difference.request()).append('\n')
			.append("  ").append(difference.detail()).append('\n')
			.append("  replay: ").append(REPLAY).append(" -Dfuzz.seed=").append(plan.seed())
			.append(" -Dfuzz.commands=").append(Math.min(plan.commands().size(), difference.index() + 1))
			.append(this.settings.families().isEmpty() ? "" : " -Dfuzz.families=" + String.join(",", this.settings.families()))
			.append(weights()).append('\n');
		if (!this.settings.shrink()) {
			return out.toString();
		}
		long t0 = System.nanoTime();
		Shrinker shrinker = new Shrinker(replay, 2000, this.settings.shrinkMillis());
		Shrinker.Shrunk shrunk = shrinker.shrink(plan, difference);
		out.append("  shrunk to ").append(shrunk.plan().commands().size()).append(" commands (")
			.append(shrinker.replays()).append(" replays, ").append((System.nanoTime() - t0) / 1_000_000).append(" ms)")
			.append(", which end in:\n  ").append(shrunk.difference().detail()).append('\n')
			.append("  as a scenario for src/test/resources/compat/ (check it fails before the fix):\n")
			.append(scenario(shrunk.plan(), shrunk.difference()));
		return out.toString();
	}

	private String weights() {
		return this.settings.weights().isEmpty() ? ""
				: " -Dfuzz.weights=" + String.join(",",
						this.settings.weights().entrySet().stream().map(e -> e.getKey() + ":" + e.getValue()).toList());
	}

	/** The shrunk run in scenario syntax; a second client's commands, which a scenario cannot send, as comments. */
	private static String scenario(RunPlan plan, Difference difference) {
		StringBuilder out = new StringBuilder("=== seed ").append(plan.seed()).append(": ").append(difference.signature())
			.append('\n');
		if (plan.resp3()) {
			out.append("masked(id): HELLO 3\n");
		}
		// A scenario has one connection: the client of the first command, unless both take part.
		int main = plan.commands().isEmpty() ? 0 : plan.commands().get(0).client();
		for (FuzzCommand command : plan.commands()) {
			out.append(command.client() == main ? "" : "# on a second connection: ").append("resp: ")
				.append(command.escaped()).append('\n');
		}
		for (FuzzCommand read : difference.reads()) {
			out.append("resp: ").append(read.escaped()).append('\n');
		}
		return out.toString();
	}

	/** The command names (and subcommands) kvserver knows, by COMMAND INFO; Redis must know them all. */
	private Set<String> implemented(List<CommandGenerator> generators) {
		List<String> names = new ArrayList<>(Generators.commandNames(generators));
		Set<String> implemented = new TreeSet<>();
		List<Object> request = new ArrayList<>(List.of("COMMAND", "INFO"));
		request.addAll(names);
		try (Side r = new Side("redis", this.redis, 1); Side k = new Side("kvserver", this.kvserver, 1)) {
			RespReply redisInfo = r.ask(0, Args.of(request.toArray()).build());
			RespReply kvInfo = k.ask(0, Args.of(request.toArray()).build());
			for (int i = 0; i < names.size(); i++) {
				if (isNil(redisInfo.children().get(i))) {
					throw new IllegalStateException("a generator sends " + names.get(i) + ", which Redis 7.0 does not have");
				}
				if (!isNil(kvInfo.children().get(i))) {
					implemented.add(names.get(i));
				}
			}
		}
		return implemented;
	}

	private static boolean isNil(RespReply value) {
		return value.type() == '_' || (value.line().equals("-1") && value.children().isEmpty());
	}

	/** Redis's default value of each configuration parameter the generators may change. */
	private Map<String, String> configDefaults(List<CommandGenerator> generators) {
		Map<String, String> defaults = new LinkedHashMap<>();
		try (Side r = new Side("redis", this.redis, 1)) {
			for (String name : Generators.configParameters(generators)) {
				RespReply reply = r.ask(0, Args.of("CONFIG", "GET", name).build());
				if (reply.children().size() != 2) {
					throw new IllegalStateException("Redis has no configuration parameter " + name);
				}
				defaults.put(name, reply.children().get(1).text());
			}
		}
		return defaults;
	}

}
