package io.kvserver.security;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A command as ACL rules see it. The table holds Redis 7.0's every command, implemented here or not,
 * since rules may name any of them and describing a user counts whole categories.
 */
public final class AclCommand {

	private final int id;

	private final String fullName;

	private final long categories;

	private final boolean noAuth;

	private final @Nullable AclCommand parent;

	private final List<AclCommand> subcommands = new ArrayList<>();

	AclCommand(int id, String fullName, long categories, boolean noAuth, @Nullable AclCommand parent) {
		this.id = id;
		this.fullName = fullName;
		this.categories = categories;
		this.noAuth = noAuth;
		this.parent = parent;
		if (parent != null) {
			parent.subcommands.add(this);
		}
	}

	/** The command's bit in a selector. */
	public int id() {
		return this.id;
	}

	/** "get", or "config|get" for a subcommand. */
	public String fullName() {
		return this.fullName;
	}

	/** {@link AclCategory} bits. */
	public long categories() {
		return this.categories;
	}

	public boolean in(AclCategory category) {
		return (this.categories & category.bit()) != 0;
	}

	/** Whether the command has the no_auth flag (AUTH, HELLO): rules never block it. */
	public boolean noAuth() {
		return this.noAuth;
	}

	/** The container of a subcommand, or null. */
	public @Nullable AclCommand parent() {
		return this.parent;
	}

	public List<AclCommand> subcommands() {
		return Collections.unmodifiableList(this.subcommands);
	}

	@Override
	public String toString() {
		return this.fullName;
	}

}
