package io.kvserver.config;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A directive that takes one of a few names (maxmemory-policy, tls-auth-clients), matched in any
 * case; the value is kept as its canonical name from the list.
 */
public final class EnumDirective extends Directive {

	private final List<String> names;

	private final String defaultValue;

	private volatile String value;

	/**
	 * @param names the accepted names in Redis's order, which its error message lists
	 */
	public EnumDirective(String name, @Nullable String alias, List<String> names, String defaultValue,
			DirectiveFlag... flags) {
		super(name, alias, flags);
		this.names = List.copyOf(names);
		this.defaultValue = defaultValue;
		this.value = defaultValue;
	}

	public String value() {
		return this.value;
	}

	@Override
	public boolean set(List<String> args) throws InvalidValueException {
		String matched = args.size() == 1 ? match(args.get(0)) : null;
		if (matched == null) {
			throw new InvalidValueException("argument(s) must be one of the following: " + String.join(", ", this.names));
		}
		boolean changed = !matched.equals(this.value);
		this.value = matched;
		return changed;
	}

	private @Nullable String match(String text) {
		for (String candidate : this.names) {
			if (candidate.equalsIgnoreCase(text)) {
				return candidate;
			}
		}
		return null;
	}

	@Override
	public String get() {
		return this.value;
	}

	@Override
	protected void rewrite(ConfigRewrite rewrite) {
		rewrite.line(name(), name() + " " + this.value, !this.value.equals(this.defaultValue));
	}

}
