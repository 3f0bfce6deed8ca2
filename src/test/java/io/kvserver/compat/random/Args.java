package io.kvserver.compat.random;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A request's arguments under construction. Parts are {@code String}s (ISO-8859-1, so any byte
 * can be written as a char), {@code byte[]}s, or {@code Object[]} groups that stay together (an
 * option and its value).
 */
public final class Args {

	private final List<byte[]> argv = new ArrayList<>();

	private Args() {
	}

	public static Args of(Object... parts) {
		return new Args().add(parts);
	}

	public Args add(Object... parts) {
		for (Object part : parts) {
			addPart(part);
		}
		return this;
	}

	/** Adds the parts with probability {@code p}. */
	public Args maybe(Gen g, double p, Object... parts) {
		return g.chance(p) ? add(parts) : this;
	}

	/**
	 * A random selection of the options in random order, as a client may write them; each option is
	 * a word or an {@code Object[]} group (e.g. {@code new Object[] { "EX", seconds }}). Redis parses
	 * most options in any order and refuses contradictory ones, so both are exercised.
	 */
	public Args options(Gen g, Object... options) {
		List<Object> chosen = new ArrayList<>();
		for (Object option : options) {
			if (g.chance(1.0 / Math.max(2, options.length))) {
				chosen.add(option);
			}
		}
		Collections.shuffle(chosen, g.random());
		chosen.forEach(this::addPart);
		return this;
	}

	public List<byte[]> build() {
		return List.copyOf(this.argv);
	}

	private void addPart(Object part) {
		switch (part) {
			case byte[] bytes -> this.argv.add(bytes);
			case String text -> this.argv.add(text.getBytes(StandardCharsets.ISO_8859_1));
			case Object[] group -> add(group);
			case List<?> list -> list.forEach(this::addPart);
			case Number number -> this.argv.add(number.toString().getBytes(StandardCharsets.US_ASCII));
			default -> throw new IllegalArgumentException("not an argument: " + part);
		}
	}

}
