package io.kvserver.command;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.kvserver.command.CommandCatalog.Node;
import io.kvserver.metrics.CommandStats;

/**
 * A command as Redis's command table describes it: the name, its arity (positive: exact, negative:
 * at least), flags, legacy key positions and ACL categories, and either a handler or subcommands.
 * Families give only the name and the handler; everything else is read from the
 * {@link CommandCatalog}, which holds what Redis 7.0 declares, so it is written down once.
 *
 * @param name lower-case name; for a subcommand "container|sub", as Redis's error texts use it
 * @param flagBits the flags as {@link CommandFlag} bits
 * @param stats this command's own counters (INFO commandstats, metrics), so counting needs no lookup
 */
public record CommandSpec(String name, int arity, List<String> flags, int flagBits, int firstKey, int lastKey,
		int step, List<String> aclCategories, CommandHandler handler, Map<String, CommandSpec> subcommands,
		CommandStats stats) {

	/** A command (or "container|sub") as the catalog declares it, run by {@code handler}. */
	public static CommandSpec of(String name, CommandHandler handler) {
		return declared(name, handler, Map.of());
	}

	/** A container command such as CONFIG or CLIENT; its subcommands are named "container|sub". */
	public static CommandSpec container(String name, List<CommandSpec> subcommands) {
		return container(name, null, subcommands);
	}

	/** A container that also runs on its own with no subcommand, as COMMAND does. */
	public static CommandSpec container(String name, CommandHandler handler, List<CommandSpec> subcommands) {
		Map<String, CommandSpec> byName = new LinkedHashMap<>();
		for (CommandSpec sub : subcommands) {
			if (!sub.name().startsWith(name + "|")) {
				throw new IllegalArgumentException(sub.name() + " is not a subcommand of " + name);
			}
			byName.put(sub.name().substring(name.length() + 1), sub);
		}
		return declared(name, handler, Map.copyOf(byName));
	}

	private static CommandSpec declared(String name, CommandHandler handler, Map<String, CommandSpec> subcommands) {
		Node info = CommandCatalog.shared().info(name);
		if (info == null) {
			throw new IllegalStateException("command '" + name + "' is not declared in the command catalog");
		}
		List<Node> e = info.children();
		List<String> flags = texts(e.get(2));
		int bits = CommandFlag.bits(flags);
		if (name.equals("debug") || name.equals("module")) {
			// COMMAND INFO does not show CMD_PROTECTED, which Redis 7.0 gives these two.
			bits |= CommandFlag.PROTECTED.bit();
		}
		return new CommandSpec(name, Integer.parseInt(e.get(1).text()), flags, bits,
				Integer.parseInt(e.get(3).text()), Integer.parseInt(e.get(4).text()), Integer.parseInt(e.get(5).text()),
				texts(e.get(6)), handler, subcommands, new CommandStats(name));
	}

	private static List<String> texts(Node list) {
		return list.children().stream().map(Node::text).toList();
	}

	public boolean arityAccepts(int argc) {
		return this.arity >= 0 ? argc == this.arity : argc >= -this.arity;
	}

	public boolean hasSubcommands() {
		return !this.subcommands.isEmpty();
	}

	public boolean is(CommandFlag flag) {
		return (this.flagBits & flag.bit()) != 0;
	}

}
