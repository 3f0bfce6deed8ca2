package io.kvserver.compat.random;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.Predicate;

import io.kvserver.compat.random.CommandGenerator.StateRead;

/**
 * The families taking part in a run, each with the templates kvserver implements, and what they
 * declare: reply rules, whole-value reads per type, configuration parameters to reset.
 */
public final class Generators {

	/** Every family's generator. A new family adds its generator here. */
	public static List<CommandGenerator> all() {
		return List.of(new StringCommandGenerator(), new KeyCommandGenerator(), new ServerCommandGenerator(),
				new ConnectionCommandGenerator(), new TransactionCommandGenerator(), new HashCommandGenerator(),
				new SetCommandGenerator(), new BitmapCommandGenerator(), new HyperLogLogCommandGenerator());
	}

	private static final String CONFIG_SET = "config|set";

	private final List<Family> families = new ArrayList<>();

	private final Map<String, ReplyRule> rules = new HashMap<>();

	private final Map<String, StateRead> stateReads = new HashMap<>();

	private final Map<String, String> configDefaults = new LinkedHashMap<>();

	private final Set<String> implemented;

	private record Family(CommandGenerator generator, int weight, List<CommandTemplate> templates, int total) {
	}

	/**
	 * @param generators the families to draw from
	 * @param implemented the command names (and {@code container|sub} names) kvserver implements
	 * @param weights family weights that replace the generators' own
	 * @param configDefaults Redis's default value of every configuration parameter a family lists
	 */
	public Generators(List<CommandGenerator> generators, Set<String> implemented, Map<String, Integer> weights,
			Map<String, String> configDefaults) {
		this.implemented = Set.copyOf(implemented);
		for (CommandGenerator generator : generators) {
			List<CommandTemplate> templates = generator.templates().stream()
				.filter(t -> implemented.contains(t.name()))
				.toList();
			int weight = weights.getOrDefault(generator.family(), generator.weight());
			// CONFIG SET alone (of the family's encoding limits) is no reason to draw a family.
			boolean active = templates.stream().anyMatch(t -> !t.name().equals(CONFIG_SET)) && weight > 0;
			if (!active) {
				continue;
			}
			this.families.add(new Family(generator, weight, templates,
					templates.stream().mapToInt(CommandTemplate::weight).sum()));
			generator.replyRules().forEach((name, rule) -> {
				if (this.rules.put(name, rule) != null) {
					throw new IllegalStateException("two reply rules for " + name);
				}
			});
			this.stateReads.putAll(generator.stateReads());
			generator.configParameters().forEach(p -> this.configDefaults.put(p, configDefaults.get(p)));
		}
		if (this.families.isEmpty()) {
			throw new IllegalStateException("no family has a command kvserver implements");
		}
	}

	/** Every command name any family may send, for asking which of them kvserver implements. */
	public static Set<String> commandNames(List<CommandGenerator> generators) {
		Set<String> names = new TreeSet<>(List.of("dump", "keys", "type", "ttl", "object|encoding", "select"));
		for (CommandGenerator generator : generators) {
			generator.templates().forEach(t -> names.add(t.name()));
			generator.stateReads().values().forEach(r -> names.add(r.name()));
		}
		return names;
	}

	/** Every configuration parameter the families reset before a run. */
	public static Set<String> configParameters(List<CommandGenerator> generators) {
		Set<String> names = new TreeSet<>();
		generators.forEach(g -> names.addAll(g.configParameters()));
		return names;
	}

	/** The families that take part, with their weights and numbers of templates, for the log. */
	public String describe() {
		return String.join(", ", this.families.stream()
			.map(f -> f.generator().family() + " (weight " + f.weight() + ", " + f.templates().size() + " commands)")
			.toList());
	}

	/** A run of {@code count} commands drawn from the seed; the same seed always gives the same run. */
	public RunPlan plan(long seed, int count) {
		// Spread consecutive seeds: java.util.Random's first draws from seeds n and n+1 are alike.
		Random random = new Random(new SplittableRandom(seed).nextLong());
		boolean resp3 = random.nextBoolean();
		Gen g = new Gen(random, this);
		List<FuzzCommand> commands = new ArrayList<>();
		while (commands.size() < count) {
			commands.addAll(draw(g, t -> true));
		}
		return new RunPlan(seed, resp3, List.copyOf(commands.subList(0, count)));
	}

	/** One single command from any family that a MULTI block may queue. */
	List<FuzzCommand> single(Gen g) {
		return draw(g, t -> t.single() && t.queueable());
	}

	/** A family by weight, one of its allowed templates by weight, and its commands, built on the family's keys. */
	private List<FuzzCommand> draw(Gen g, Predicate<CommandTemplate> allowed) {
		while (true) {
			int total = this.families.stream().mapToInt(Family::weight).sum();
			int n = g.random().nextInt(total);
			for (Family family : this.families) {
				n -= family.weight();
				if (n < 0) {
					CommandTemplate template = pickTemplate(g, family);
					if (allowed.test(template)) {
						return g.withKeyGroup(family.generator().keyGroup(), () -> template.build().apply(g));
					}
					break;
				}
			}
		}
	}

	private static CommandTemplate pickTemplate(Gen g, Family family) {
		int n = g.random().nextInt(family.total());
		for (CommandTemplate template : family.templates()) {
			n -= template.weight();
			if (n < 0) {
				return template;
			}
		}
		throw new IllegalStateException("weights");
	}

	ReplyRule rule(String name) {
		return this.rules.getOrDefault(name, ReplyRules.EXACT);
	}

	Map<String, StateRead> stateReads() {
		return this.stateReads;
	}

	Map<String, String> configDefaults() {
		return this.configDefaults;
	}

	boolean implemented(String name) {
		return this.implemented.contains(name);
	}

}
