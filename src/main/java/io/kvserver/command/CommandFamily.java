package io.kvserver.command;

import java.util.List;
import java.util.Locale;

/** A group of related commands (strings, keys, connection, server) contributed to the command table. */
public interface CommandFamily {

	List<CommandSpec> commands();

	/**
	 * Called once the table holding every family is built, for the families that describe it
	 * (COMMAND, INFO commandstats, CONFIG RESETSTAT).
	 */
	default void describe(CommandTable table) {
	}

	/**
	 * The family's name in metrics (latency is published per family): by default the class name
	 * without "Commands", so StringCommands is "string" and KeyCommands is "key".
	 */
	default String familyName() {
		String simple = getClass().getSimpleName();
		if (simple.endsWith("Commands") && simple.length() > "Commands".length()) {
			simple = simple.substring(0, simple.length() - "Commands".length());
		}
		return simple.isEmpty() ? "other" : simple.toLowerCase(Locale.ROOT);
	}

}
