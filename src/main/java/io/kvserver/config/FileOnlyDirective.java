package io.kvserver.config;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * A directive that only the config file and the command line know, repeated once per item and
 * never seen by CONFIG GET or SET: Redis's {@code user} lines. The lines are kept in order for the
 * subsystem that reads them at start; CONFIG REWRITE writes what that subsystem says they are now.
 */
public final class FileOnlyDirective {

	private final String name;

	private final int minArgs;

	private final Function<List<String>, @Nullable String> validator;

	private final List<List<String>> lines = new ArrayList<>();

	private volatile @Nullable Supplier<List<String>> current;

	/**
	 * @param minArgs fewest arguments after the name; fewer is Redis's "Bad directive"
	 * @param validator Redis's error for a line's arguments, or null to accept them
	 */
	public FileOnlyDirective(String name, int minArgs, Function<List<String>, @Nullable String> validator) {
		this.name = name;
		this.minArgs = minArgs;
		this.validator = validator;
	}

	public String name() {
		return this.name;
	}

	int minArgs() {
		return this.minArgs;
	}

	@Nullable String accept(List<String> args) {
		String refused = this.validator.apply(args);
		if (refused == null) {
			this.lines.add(List.copyOf(args));
		}
		return refused;
	}

	/** Every line read so far, in order, each as its arguments after the directive's name. */
	public List<List<String>> lines() {
		return List.copyOf(this.lines);
	}

	/**
	 * What CONFIG REWRITE writes for this directive: complete lines, name included, as the
	 * subsystem holds them now. Until one is set, the lines read are written back as they were.
	 */
	public void rewriteWith(Supplier<List<String>> lines) {
		this.current = lines;
	}

	void rewrite(ConfigRewrite rewrite) {
		Supplier<List<String>> supplier = this.current;
		if (supplier != null) {
			supplier.get().forEach(line -> rewrite.line(this.name, line, true));
			rewrite.processed(this.name);
		}
	}

}
