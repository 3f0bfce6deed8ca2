package io.kvserver.config;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.jspecify.annotations.Nullable;

import io.kvserver.util.Numbers;

/**
 * A numeric directive as Redis's config.c parses, bounds, shows and rewrites it: a plain integer
 * (string2ll), a memory size ("1gb", "512mb", "100k"), a memory size or a percentage ("10%", kept
 * negative as Redis keeps it), or an octal number. Unsigned directives (maxclients, maxmemory) compare
 * their bounds unsigned, as Redis's unsigned types do.
 */
public final class NumericDirective extends Directive {

	/** How the text is read: Redis's INTEGER_CONFIG, MEMORY_CONFIG, MEMORY_CONFIG | PERCENT_CONFIG, OCTAL_CONFIG. */
	public enum Format {
		INTEGER, MEMORY, MEMORY_OR_PERCENT, OCTAL
	}

	private final long min;

	private final long max;

	private final boolean unsigned;

	private final Format format;

	private final long defaultValue;

	private volatile long value;

	/**
	 * @param min lower bound (for a percentage: minus the highest percentage)
	 * @param max upper bound
	 * @param unsigned whether Redis keeps it in an unsigned type (bounds compared unsigned)
	 */
	public NumericDirective(String name, @Nullable String alias, long min, long max, boolean unsigned, Format format,
			long defaultValue, DirectiveFlag... flags) {
		super(name, alias, flags);
		this.min = min;
		this.max = max;
		this.unsigned = unsigned;
		this.format = format;
		this.defaultValue = defaultValue;
		this.value = defaultValue;
	}

	/** A signed integer directive. */
	public static NumericDirective integer(String name, long min, long max, long defaultValue, DirectiveFlag... flags) {
		return new NumericDirective(name, null, min, max, false, Format.INTEGER, defaultValue, flags);
	}

	/** A memory-size directive. */
	public static NumericDirective memory(String name, long min, long max, boolean unsigned, long defaultValue,
			DirectiveFlag... flags) {
		return new NumericDirective(name, null, min, max, unsigned, Format.MEMORY, defaultValue, flags);
	}

	/** The value; a percentage is negative (-10 for "10%"), as Redis stores it. */
	public long value() {
		return this.value;
	}

	@Override
	public boolean set(List<String> args) throws InvalidValueException {
		long parsed = parse(args.get(0));
		checkBounds(parsed);
		boolean changed = parsed != this.value;
		this.value = parsed;
		return changed;
	}

	private long parse(String text) throws InvalidValueException {
		if (this.format == Format.MEMORY || this.format == Format.MEMORY_OR_PERCENT) {
			Long memory = memoryValue(text);
			if (memory != null) {
				return memory;
			}
		}
		if (this.format == Format.MEMORY_OR_PERCENT && text.length() > 1 && text.endsWith("%")) {
			Long percent = string2ll(text.substring(0, text.length() - 1));
			if (percent != null && percent >= 0) {
				return -percent;
			}
		}
		if (this.format == Format.OCTAL && text.matches("[+-]?[0-7]+")) {
			try {
				return Long.parseLong(text, 8);
			}
			catch (NumberFormatException ex) {
				// out of range: refused below
			}
		}
		if (this.format == Format.INTEGER) {
			Long integer = string2ll(text);
			if (integer != null) {
				return integer;
			}
		}
		throw new InvalidValueException(switch (this.format) {
			case MEMORY_OR_PERCENT -> "argument must be a memory or percent value";
			case MEMORY -> "argument must be a memory value";
			case OCTAL -> "argument couldn't be parsed as an octal number";
			case INTEGER -> "argument couldn't be parsed into an integer";
		});
	}

	private void checkBounds(long parsed) throws InvalidValueException {
		if (this.unsigned) {
			if (Long.compareUnsigned(parsed, this.max) > 0 || Long.compareUnsigned(parsed, this.min) < 0) {
				throw new InvalidValueException(this.format == Format.OCTAL
						? "argument must be between " + Long.toOctalString(this.min) + " and "
								+ Long.toOctalString(this.max) + " inclusive"
						: "argument must be between " + Long.toUnsignedString(this.min) + " and "
								+ Long.toUnsignedString(this.max) + " inclusive");
			}
		}
		else if (this.format == Format.MEMORY_OR_PERCENT && parsed < 0) {
			if (parsed < this.min) {
				throw new InvalidValueException("percentage argument must be less or equal to " + -this.min);
			}
		}
		else if (parsed > this.max || parsed < this.min) {
			throw new InvalidValueException(
					"argument must be between " + this.min + " and " + this.max + " inclusive");
		}
	}

	@Override
	public String get() {
		long current = this.value;
		if (this.format == Format.MEMORY_OR_PERCENT && current < 0) {
			return -current + "%";
		}
		return switch (this.format) {
			case MEMORY, MEMORY_OR_PERCENT -> Long.toUnsignedString(current);
			case OCTAL -> Long.toOctalString(current);
			case INTEGER -> Long.toString(current);
		};
	}

	@Override
	protected void rewrite(ConfigRewrite rewrite) {
		long current = this.value;
		String text;
		if (this.format == Format.MEMORY_OR_PERCENT && current < 0) {
			text = -current + "%";
		}
		else if (this.format == Format.MEMORY || this.format == Format.MEMORY_OR_PERCENT) {
			text = ConfigRewrite.memory(current);
		}
		else {
			text = get();
		}
		rewrite.line(name(), name() + " " + text, current != this.defaultValue);
	}

	/**
	 * Redis's {@code memtoull}: digits with an optional unit b, k, kb, m, mb, g, gb (any case; k is
	 * 1000, kb 1024), or null. Overflow wraps as Redis's unsigned arithmetic does (strtoull
	 * saturates, then the unit multiplies).
	 */
	public static @Nullable Long memoryValue(String text) {
		if (text.startsWith("-")) {
			return null;
		}
		int end = 0;
		while (end < text.length() && text.charAt(end) >= '0' && text.charAt(end) <= '9') {
			end++;
		}
		long multiplier = switch (text.substring(end).toLowerCase(java.util.Locale.ROOT)) {
			case "", "b" -> 1;
			case "k" -> 1000;
			case "kb" -> 1024;
			case "m" -> 1000 * 1000;
			case "mb" -> 1024 * 1024;
			case "g" -> 1000L * 1000 * 1000;
			case "gb" -> 1024L * 1024 * 1024;
			default -> 0;
		};
		if (multiplier == 0 || end >= 128) {
			return null;
		}
		if (end == 0) {
			return 0L; // strtoull of "" is 0 without EINVAL on glibc, so a bare unit is zero
		}
		long digits;
		try {
			digits = Long.parseUnsignedLong(text.substring(0, end));
		}
		catch (NumberFormatException ex) {
			digits = -1; // ULLONG_MAX
		}
		return digits * multiplier;
	}

	/** Redis's string2ll, or null. */
	static @Nullable Long string2ll(String text) {
		long[] parsed = new long[1];
		byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
		return Numbers.parseLong(bytes, 0, bytes.length, parsed) ? parsed[0] : null;
	}

}
