package io.kvserver.metrics;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The live values of INFO's fields, registered by the parts of the server that own them: the
 * server and its connections, the store, persistence, pub/sub, scripting. INFO prints every field
 * Redis 7.0 has, in Redis's order; a field nobody registered shows the value a server without that
 * feature shows (see {@code redis-7.0-info.txt}). Values are read when INFO runs, under the
 * database lock.
 */
public final class InfoFields {

	private final Map<String, Supplier<?>> values = new ConcurrentHashMap<>();

	private final Map<String, Supplier<Map<String, ?>>> linesAfter = new ConcurrentHashMap<>();

	/**
	 * Registers the live value of a field, replacing any earlier one. The supplier's result is
	 * printed with {@code toString()}: give a String where Redis formats specially ("%.2f", "1.5K").
	 */
	public InfoFields register(String field, Supplier<?> value) {
		this.values.put(field, value);
		return this;
	}

	/**
	 * Registers fields Redis prints only in some states, right after {@code field}: the supplier
	 * answers them in order (an empty map when there are none), as Redis adds aof_current_size and
	 * its siblings while the AOF is on.
	 */
	public InfoFields registerLinesAfter(String field, Supplier<Map<String, ?>> lines) {
		this.linesAfter.put(field, lines);
		return this;
	}

	/** The conditional fields to print after {@code field}; empty if none. */
	public Map<String, ?> linesAfter(String field) {
		Supplier<Map<String, ?>> lines = this.linesAfter.get(field);
		return lines == null ? Map.of() : lines.get();
	}

	/** The field's live value, or null if nothing registered one. */
	public Object value(String field) {
		Supplier<?> supplier = this.values.get(field);
		return supplier == null ? null : supplier.get();
	}

	public boolean has(String field) {
		return this.values.containsKey(field);
	}

	/** Bytes as Redis's bytesToHuman prints them: "1023B", "1.50K", "2.00M". */
	public static String human(long bytes) {
		double value = bytes;
		if (bytes < 1024) {
			return bytes + "B";
		}
		String[] units = { "K", "M", "G", "T", "P" };
		int unit = -1;
		do {
			value /= 1024;
			unit++;
		}
		while (value >= 1024 && unit < units.length - 1);
		return String.format(Locale.ROOT, "%.2f%s", value, units[unit]);
	}

}
