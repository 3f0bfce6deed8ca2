package io.kvserver.config;

import java.util.List;

import org.jspecify.annotations.Nullable;

/** A yes/no directive (protected-mode), parsed as Redis's yesnotoi: "yes" or "no" in any case. */
public final class BoolDirective extends Directive {

	private final boolean defaultValue;

	private volatile boolean value;

	public BoolDirective(String name, @Nullable String alias, boolean defaultValue, DirectiveFlag... flags) {
		super(name, alias, flags);
		this.defaultValue = defaultValue;
		this.value = defaultValue;
	}

	public boolean value() {
		return this.value;
	}

	@Override
	public boolean set(List<String> args) throws InvalidValueException {
		boolean parsed;
		if (args.get(0).equalsIgnoreCase("yes")) {
			parsed = true;
		}
		else if (args.get(0).equalsIgnoreCase("no")) {
			parsed = false;
		}
		else {
			throw new InvalidValueException("argument must be 'yes' or 'no'");
		}
		boolean changed = parsed != this.value;
		this.value = parsed;
		return changed;
	}

	@Override
	public String get() {
		return this.value ? "yes" : "no";
	}

	@Override
	protected void rewrite(ConfigRewrite rewrite) {
		rewrite.line(name(), name() + " " + get(), this.value != this.defaultValue);
	}

}
