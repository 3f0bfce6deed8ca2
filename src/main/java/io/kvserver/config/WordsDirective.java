package io.kvserver.config;

import java.util.List;

/**
 * A directive whose value is a list of words (bind): given as several arguments, shown joined by
 * spaces, and a single empty argument means an empty list.
 */
public final class WordsDirective extends Directive {

	private final List<String> defaultValue;

	private final int maxWords;

	private final String tooMany;

	private volatile List<String> value;

	/**
	 * @param maxWords most words accepted
	 * @param tooMany Redis's reason when there are more
	 */
	public WordsDirective(String name, List<String> defaultValue, int maxWords, String tooMany,
			DirectiveFlag... flags) {
		super(name, null, withMultiArg(flags));
		this.defaultValue = List.copyOf(defaultValue);
		this.maxWords = maxWords;
		this.tooMany = tooMany;
		this.value = this.defaultValue;
	}

	private static DirectiveFlag[] withMultiArg(DirectiveFlag[] flags) {
		DirectiveFlag[] all = java.util.Arrays.copyOf(flags, flags.length + 1);
		all[flags.length] = DirectiveFlag.MULTI_ARG;
		return all;
	}

	public List<String> value() {
		return this.value;
	}

	@Override
	public boolean set(List<String> args) throws InvalidValueException {
		if (args.size() > this.maxWords) {
			throw new InvalidValueException(this.tooMany);
		}
		List<String> parsed = args.size() == 1 && args.get(0).isEmpty() ? List.of() : List.copyOf(args);
		boolean changed = !parsed.equals(this.value);
		this.value = parsed;
		return changed;
	}

	@Override
	public String get() {
		return String.join(" ", this.value);
	}

	@Override
	protected void rewrite(ConfigRewrite rewrite) {
		List<String> current = this.value;
		if (current.equals(this.defaultValue)) {
			rewrite.processed(name());
			return;
		}
		rewrite.line(name(), name() + " " + (current.isEmpty() ? "\"\"" : String.join(" ", current)), true);
	}

}
