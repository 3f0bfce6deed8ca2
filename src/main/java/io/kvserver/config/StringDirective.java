package io.kvserver.config;

import java.util.List;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * A string directive (requirepass, tls-cert-file, aclfile). For most, as in Redis, an empty string
 * means "not set" (null): CONFIG GET shows it as "" and CONFIG REWRITE leaves it out of the file.
 */
public final class StringDirective extends Directive {

	private final @Nullable String defaultValue;

	private final boolean emptyIsNull;

	private final Function<String, @Nullable String> validator;

	private volatile @Nullable String value;

	/**
	 * @param emptyIsNull whether "" unsets the value (Redis's EMPTY_STRING_IS_NULL)
	 * @param validator Redis's reason to refuse a value, or null to accept it
	 */
	public StringDirective(String name, @Nullable String alias, @Nullable String defaultValue, boolean emptyIsNull,
			Function<String, @Nullable String> validator, DirectiveFlag... flags) {
		super(name, alias, flags);
		this.defaultValue = defaultValue;
		this.emptyIsNull = emptyIsNull;
		this.validator = validator;
		this.value = defaultValue;
	}

	public StringDirective(String name, @Nullable String defaultValue, boolean emptyIsNull, DirectiveFlag... flags) {
		this(name, null, defaultValue, emptyIsNull, text -> null, flags);
	}

	/** The value, or null when unset. */
	public @Nullable String value() {
		return this.value;
	}

	@Override
	public boolean set(List<String> args) throws InvalidValueException {
		String text = args.get(0);
		String refused = this.validator.apply(text);
		if (refused != null) {
			throw new InvalidValueException(refused);
		}
		String parsed = this.emptyIsNull && text.isEmpty() ? null : text;
		String previous = this.value;
		boolean changed = parsed == null ? previous != null : !parsed.equals(previous);
		this.value = parsed;
		return changed;
	}

	@Override
	public String get() {
		String current = this.value;
		return current == null ? "" : current;
	}

	@Override
	protected void rewrite(ConfigRewrite rewrite) {
		String current = this.value;
		if (current == null) {
			rewrite.processed(name()); // absent from the file, so that it is unset again at the next start
			return;
		}
		rewrite.line(name(), name() + " " + ConfigRewrite.quoted(current),
				this.defaultValue == null || !current.equals(this.defaultValue));
	}

}
