package io.kvserver.command;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.kvserver.metrics.CommandStats;

/** Every command this server knows, looked up case-insensitively by the raw name bytes. */
public final class CommandTable {

	private final Map<String, CommandSpec> byName = new HashMap<>();

	private final List<CommandStats> stats = new ArrayList<>();

	public CommandTable(List<CommandFamily> families) {
		for (CommandFamily family : families) {
			CommandStats.Family statsFamily = new CommandStats.Family(family.familyName());
			for (CommandSpec spec : family.commands()) {
				if (this.byName.put(spec.name(), spec) != null) {
					throw new IllegalStateException("command defined twice: " + spec.name());
				}
				addStats(spec, statsFamily);
			}
		}
	}

	private void addStats(CommandSpec spec, CommandStats.Family family) {
		spec.stats().assignFamily(family);
		this.stats.add(spec.stats());
		for (CommandSpec sub : spec.subcommands().values()) {
			addStats(sub, family);
		}
	}

	public CommandSpec lookup(byte[] name) {
		if (name.length > 32) {
			return null;
		}
		char[] lower = new char[name.length];
		for (int i = 0; i < name.length; i++) {
			int c = name[i] & 0xff;
			lower[i] = (char) (c >= 'A' && c <= 'Z' ? c + 32 : c);
		}
		return this.byName.get(new String(lower));
	}

	/**
	 * A command by its full name, as COMMAND INFO and COMMAND DOCS look names up: "get", or a
	 * subcommand as "container|sub" (Redis's lookupCommandBySds), case-insensitively; null if unknown.
	 */
	public CommandSpec lookupFullName(byte[] fullName) {
		String name = CommandDispatcher.text(fullName).toLowerCase(java.util.Locale.ROOT);
		int bar = name.indexOf('|');
		if (bar < 0) {
			return name.length() == fullName.length ? this.byName.get(name) : null;
		}
		if (name.indexOf('|', bar + 1) >= 0) {
			return null;
		}
		CommandSpec container = this.byName.get(name.substring(0, bar));
		if (container == null || !container.hasSubcommands()) {
			return null;
		}
		return container.subcommands().get(name.substring(bar + 1));
	}

	public Collection<CommandSpec> all() {
		return this.byName.values();
	}

	/** The counters of every command and subcommand, for INFO commandstats and the metrics. */
	public List<CommandStats> stats() {
		return List.copyOf(this.stats);
	}

}
