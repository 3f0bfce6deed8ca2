package io.kvserver.command;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import io.kvserver.util.Numbers;

/**
 * The settings CONFIG GET reports and CONFIG SET may change, under Redis's parameter names. Most are
 * fixed while the server runs (CONFIG SET answers Redis's "can't set immutable config"); the
 * protocol limits can be changed, with Redis's parsing of memory values and its bounds.
 */
public final class ConfigParameters {

	/** One parameter: how to read it and, if it can change, how to set it. */
	public interface Parameter {

		String get();

		/** Null if the value was applied, else Redis's reason ("argument must be a memory value"). */
		default String set(String value) {
			throw new UnsupportedOperationException();
		}

		default boolean mutable() {
			return false;
		}

		/** Why CONFIG SET may not change it (Redis's words), null if it may. */
		default String refusal() {
			return mutable() ? null : "can't set immutable config";
		}

	}

	public static final String MAXCLIENTS = "maxclients";

	private final Map<String, Parameter> parameters = new LinkedHashMap<>();

	/** A parameter fixed for the server's lifetime. */
	public ConfigParameters fixed(String name, Supplier<String> value) {
		this.parameters.put(name, value::get);
		return this;
	}

	/**
	 * A parameter Redis protects (enable-protected-configs, off by default, which kvserver does not
	 * offer): CONFIG SET refuses it as a protected config.
	 */
	public ConfigParameters protectedFixed(String name, Supplier<String> value) {
		this.parameters.put(name, new Parameter() {

			@Override
			public String get() {
				return value.get();
			}

			@Override
			public String refusal() {
				return "can't set protected config";
			}

		});
		return this;
	}

	/** A memory-sized parameter ("1mb", "512MB", "1048576") that CONFIG SET may change within bounds. */
	public ConfigParameters memory(String name, LongSupplier value, LongConsumer setter, long min, long max) {
		return mutable(name, () -> Long.toString(value.getAsLong()), text -> {
			long parsed = memoryValue(text);
			if (parsed == NOT_A_MEMORY_VALUE) {
				return "argument must be a memory value";
			}
			if (parsed < min || parsed > max) {
				return "argument must be between " + min + " and " + max + " inclusive";
			}
			setter.accept(parsed);
			return null;
		});
	}

	/** An integer parameter that CONFIG SET may change within Redis's bounds for it. */
	public ConfigParameters integer(String name, LongSupplier value, LongConsumer setter, long min, long max) {
		return mutable(name, () -> Long.toString(value.getAsLong()), text -> {
			long[] parsed = new long[1];
			if (!Numbers.parseLong(text.getBytes(StandardCharsets.ISO_8859_1), parsed)) {
				return "argument couldn't be parsed into an integer";
			}
			if (parsed[0] < min || parsed[0] > max) {
				return "argument must be between " + min + " and " + max + " inclusive";
			}
			setter.accept(parsed[0]);
			return null;
		});
	}

	/**
	 * A parameter CONFIG SET may change; the setter applies a value and answers null, or answers
	 * Redis's reason for refusing it ("Invalid save parameters").
	 */
	public ConfigParameters text(String name, Supplier<String> value, UnaryOperator<String> setter) {
		return mutable(name, value, setter);
	}

	/** A yes/no parameter, parsed as Redis parses booleans. */
	public ConfigParameters yesNo(String name, BooleanSupplier value, Consumer<Boolean> setter) {
		return mutable(name, () -> value.getAsBoolean() ? "yes" : "no", text -> {
			String lower = text.toLowerCase(Locale.ROOT);
			if (!lower.equals("yes") && !lower.equals("no")) {
				return "argument must be 'yes' or 'no'";
			}
			setter.accept(lower.equals("yes"));
			return null;
		});
	}

	/** Redis's maxclients, which CONFIG SET may change and INFO clients reports; the transport enforces it. */
	public ConfigParameters maxClients(MaxClients maxClients) {
		return mutable(MAXCLIENTS, () -> Long.toString(maxClients.get()), maxClients::set);
	}

	/**
	 * @param setter applies the value and answers null, or answers Redis's reason for refusing it
	 */
	private ConfigParameters mutable(String name, Supplier<String> value, UnaryOperator<String> setter) {
		this.parameters.put(name, new Parameter() {

			@Override
			public String get() {
				return value.get();
			}

			@Override
			public String set(String text) {
				return setter.apply(text);
			}

			@Override
			public boolean mutable() {
				return true;
			}

		});
		return this;
	}

	public Map<String, Parameter> all() {
		return this.parameters;
	}

	public Parameter get(String name) {
		return this.parameters.get(name.toLowerCase(Locale.ROOT));
	}

	private static final long NOT_A_MEMORY_VALUE = Long.MIN_VALUE;

	/** Beyond the range of a long: reported as out of bounds, as Redis's unsigned parse does. */
	private static final long TOO_BIG = -1;

	/**
	 * Redis's {@code memtoull}: digits with an optional unit b, k, kb, m, mb, g, gb (any case; k is
	 * 1000, kb 1024). {@link #NOT_A_MEMORY_VALUE} for anything else; a value too big for a long comes
	 * back as {@code -1}, which every bound rejects.
	 */
	public static long memoryValue(String text) {
		int end = 0;
		while (end < text.length() && text.charAt(end) >= '0' && text.charAt(end) <= '9') {
			end++;
		}
		long multiplier = switch (text.substring(end).toLowerCase(Locale.ROOT)) {
			case "", "b" -> 1;
			case "k" -> 1000;
			case "kb" -> 1024;
			case "m" -> 1000 * 1000;
			case "mb" -> 1024 * 1024;
			case "g" -> 1000L * 1000 * 1000;
			case "gb" -> 1024L * 1024 * 1024;
			default -> 0;
		};
		if (multiplier == 0) {
			return NOT_A_MEMORY_VALUE;
		}
		if (end == 0) {
			return 0;
		}
		try {
			return Math.multiplyExact(Long.parseLong(text.substring(0, end)), multiplier);
		}
		catch (NumberFormatException | ArithmeticException ex) {
			return TOO_BIG;
		}
	}

}
