package io.kvserver.security;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/** Every command ACL rules may name, with its subcommands, in a fixed order, each with its selector bit. */
public final class AclCommandTable {

	/** One command to add: its name, categories, no_auth flag and subcommands ("container|sub"). */
	public record Entry(String name, long categories, boolean noAuth, List<Entry> subcommands) {
	}

	private final List<AclCommand> commands = new ArrayList<>();

	private final Map<String, AclCommand> byName = new HashMap<>();

	private int size;

	public AclCommandTable(List<Entry> entries) {
		for (Entry entry : entries) {
			AclCommand command = add(entry, null);
			this.commands.add(command);
			for (Entry sub : entry.subcommands()) {
				add(sub, command);
			}
		}
	}

	private AclCommand add(Entry entry, @Nullable AclCommand parent) {
		AclCommand command = new AclCommand(this.size++, entry.name().toLowerCase(Locale.ROOT), entry.categories(),
				entry.noAuth(), parent);
		this.byName.put(command.fullName(), command);
		return command;
	}

	/** Top-level commands, in table order; their subcommands hang off them. */
	public List<AclCommand> commands() {
		return Collections.unmodifiableList(this.commands);
	}

	/** How many bits a selector needs: commands and subcommands. */
	public int size() {
		return this.size;
	}

	/** A command or "container|sub" in any case, as ACL rules name them, or null. */
	public @Nullable AclCommand lookup(String name) {
		return this.byName.get(name.toLowerCase(Locale.ROOT));
	}

}
