package io.kvserver.config;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jspecify.annotations.Nullable;

/**
 * One configuration directive under its Redis name: how the config file, the command line, Spring
 * properties and CONFIG SET set it, how CONFIG GET shows it and how CONFIG REWRITE writes it back.
 * A directive holds its own current value; the subsystem that acts on it reads the value (once at
 * start for immutable ones) and, for values CONFIG SET may change, registers an {@link #onApply}
 * hook, as Redis's apply functions: called after the new value is set, it may refuse it, and the
 * old value is then restored.
 */
public abstract class Directive {

	/** Applies a value that was just set; answers null, or Redis's reason for refusing it. */
	@FunctionalInterface
	public interface ApplyHook {

		@Nullable String apply();

	}

	private final String name;

	private final @Nullable String alias;

	private final Set<DirectiveFlag> flags;

	private final List<ApplyHook> hooks = new CopyOnWriteArrayList<>();

	protected Directive(String name, @Nullable String alias, DirectiveFlag... flags) {
		this.name = name.toLowerCase(Locale.ROOT);
		this.alias = alias;
		this.flags = flags.length == 0 ? EnumSet.noneOf(DirectiveFlag.class) : EnumSet.of(flags[0], flags);
	}

	public final String name() {
		return this.name;
	}

	/** Redis's old name for it (slave-read-only for replica-read-only), or null. */
	public final @Nullable String alias() {
		return this.alias;
	}

	public final boolean has(DirectiveFlag flag) {
		return this.flags.contains(flag);
	}

	/**
	 * Parses and stores the value.
	 * @param args the value's arguments: one for a plain directive, any number for {@link DirectiveFlag#MULTI_ARG}
	 * @return whether the value changed
	 * @throws InvalidValueException with Redis's reason; the value is then unchanged
	 */
	public abstract boolean set(List<String> args) throws InvalidValueException;

	/**
	 * A line of the config file (or command line): as {@link #set} unless the directive accumulates
	 * its lines, as {@code save} does.
	 */
	public boolean load(List<String> args) throws InvalidValueException {
		return set(args);
	}

	/** The value as CONFIG GET shows it. */
	public abstract String get();

	/** Writes this directive's lines into a CONFIG REWRITE of the config file. */
	protected abstract void rewrite(ConfigRewrite rewrite);

	/** Adds a hook run whenever CONFIG SET changes the value (not while the config file loads). */
	public final void onApply(ApplyHook hook) {
		this.hooks.add(hook);
	}

	final @Nullable String apply() {
		for (ApplyHook hook : this.hooks) {
			String refused = hook.apply();
			if (refused != null) {
				return refused;
			}
		}
		return null;
	}

	@Override
	public String toString() {
		return this.name;
	}

}
