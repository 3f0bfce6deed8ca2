package io.kvserver.command;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.kvserver.metrics.CommandStats;
import io.kvserver.metrics.LatencyTracking;

/** Every command this server knows, looked up case-insensitively by the raw name bytes. */
public final class CommandTable {

	/** Longer names are never commands; Redis's longest is well under this. */
	private static final int MAX_NAME = 32;

	private final Map<String, CommandSpec> byName = new HashMap<>();

	/**
	 * The commands again, in an open-addressed table keyed by the lower-case name's bytes, so that
	 * looking up each request's name allocates nothing (a String per command was all the garbage a
	 * GET made in the dispatcher).
	 */
	private final CommandSpec[] slots;

	private final byte[][] slotNames;

	private final List<CommandStats> stats = new ArrayList<>();

	private final LatencyTracking latencyTracking = new LatencyTracking();

	public CommandTable(List<CommandFamily> families) {
		Map<String, CommandStats.Family> statsFamilies = new HashMap<>();
		for (CommandFamily family : families) {
			CommandStats.Family statsFamily = statsFamilies.computeIfAbsent(family.familyName(),
					CommandStats.Family::new);
			for (CommandSpec spec : family.commands()) {
				if (this.byName.put(spec.name(), spec) != null) {
					throw new IllegalStateException("command defined twice: " + spec.name());
				}
				addStats(spec, statsFamily);
			}
		}
		int size = Integer.highestOneBit(Math.max(1, this.byName.size()) * 4 - 1) << 1;
		this.slots = new CommandSpec[size];
		this.slotNames = new byte[size][];
		for (CommandSpec spec : this.byName.values()) {
			byte[] name = spec.name().getBytes(StandardCharsets.ISO_8859_1);
			int i = foldedHash(name) & (size - 1);
			while (this.slots[i] != null) {
				i = (i + 1) & (size - 1);
			}
			this.slots[i] = spec;
			this.slotNames[i] = name;
		}
		for (CommandFamily family : families) {
			family.describe(this);
		}
	}

	private void addStats(CommandSpec spec, CommandStats.Family family) {
		spec.stats().assignFamily(family);
		spec.stats().track(this.latencyTracking);
		this.stats.add(spec.stats());
		for (CommandSpec sub : spec.subcommands().values()) {
			addStats(sub, family);
		}
	}

	public CommandSpec lookup(byte[] name) {
		if (name.length > MAX_NAME) {
			return null;
		}
		int mask = this.slots.length - 1;
		for (int i = foldedHash(name) & mask; this.slots[i] != null; i = (i + 1) & mask) {
			if (equalsFolded(this.slotNames[i], name)) {
				return this.slots[i];
			}
		}
		return null;
	}

	/** Only ASCII letters fold, as Redis compares command names (strcasecmp in the C locale). */
	private static int fold(byte b) {
		return (b >= 'A' && b <= 'Z') ? b + 32 : b & 0xff;
	}

	private static int foldedHash(byte[] name) {
		int h = 0x811c9dc5; // FNV-1a
		for (byte b : name) {
			h = (h ^ fold(b)) * 0x01000193;
		}
		return h ^ (h >>> 16);
	}

	private static boolean equalsFolded(byte[] lowerName, byte[] name) {
		if (lowerName.length != name.length) {
			return false;
		}
		for (int i = 0; i < name.length; i++) {
			if (lowerName[i] != (byte) fold(name[i])) {
				return false;
			}
		}
		return true;
	}

	/**
	 * A command by its full name, as COMMAND INFO and COMMAND DOCS look names up: "get", or a
	 * subcommand as "container|sub" (Redis's lookupCommandBySds), case-insensitively; null if unknown.
	 */
	public CommandSpec lookupFullName(byte[] fullName) {
		String name = CommandDispatcher.text(fullName).toLowerCase(Locale.ROOT);
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

	/** Redis's latency-tracking settings for every command of the table. */
	public LatencyTracking latencyTracking() {
		return this.latencyTracking;
	}

	/** The counters of every command and subcommand, for INFO commandstats and the metrics. */
	public List<CommandStats> stats() {
		return List.copyOf(this.stats);
	}

}
