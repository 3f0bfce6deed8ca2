package io.kvserver.command;

import java.util.List;
import java.util.Map;

import io.kvserver.metrics.CommandStats;

/**
 * What Redis's command table says about a command: the name, its arity (positive: exact,
 * negative: at least), flags and key positions (reported by COMMAND for client-side routing and
 * hints), and either a handler or subcommands.
 *
 * @param name lower-case name; for a subcommand "container|sub", as Redis's error texts use it
 * @param stats this command's own counters (INFO commandstats, metrics), so counting needs no lookup
 */
public record CommandSpec(String name, int arity, List<String> flags, int firstKey, int lastKey, int step,
		CommandHandler handler, Map<String, CommandSpec> subcommands, CommandStats stats) {

	public static CommandSpec of(String name, int arity, String flags, int firstKey, int lastKey, int step,
			CommandHandler handler) {
		return new CommandSpec(name, arity, List.of(flags.isBlank() ? new String[0] : flags.split(" ")),
				firstKey, lastKey, step, handler, Map.of(), new CommandStats(name));
	}

	/** A container command such as CONFIG or CLIENT; its subcommands are named "container|sub". */
	public static CommandSpec container(String name, int arity, List<CommandSpec> subcommands) {
		return container(name, arity, "", null, subcommands);
	}

	/** A container that also runs on its own with no subcommand, as COMMAND does, with its own flags. */
	public static CommandSpec container(String name, int arity, String flags, CommandHandler handler,
			List<CommandSpec> subcommands) {
		Map<String, CommandSpec> byName = new java.util.LinkedHashMap<>();
		for (CommandSpec sub : subcommands) {
			byName.put(sub.name().substring(sub.name().indexOf('|') + 1), sub);
		}
		return new CommandSpec(name, arity, List.of(flags.isBlank() ? new String[0] : flags.split(" ")), 0, 0, 0,
				handler, Map.copyOf(byName), new CommandStats(name));
	}

	public boolean arityAccepts(int argc) {
		return this.arity >= 0 ? argc == this.arity : argc >= -this.arity;
	}

	public boolean hasSubcommands() {
		return !this.subcommands.isEmpty();
	}

}
