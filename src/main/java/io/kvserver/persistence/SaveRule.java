package io.kvserver.persistence;

import java.util.ArrayList;
import java.util.List;

/** One {@code save <seconds> <changes>} point: save when at least this many changes are this old. */
public record SaveRule(long seconds, long changes) {

	/** Redis 7.0's default: {@code 3600 1 300 100 60 10000}. */
	public static final List<SaveRule> REDIS_DEFAULT = List.of(new SaveRule(3600, 1), new SaveRule(300, 100),
			new SaveRule(60, 10000));

	/**
	 * The rules of a {@code save} value: pairs of non-negative integers, or none for the empty
	 * string; null if the text is not that (Redis's "Invalid save parameters").
	 */
	public static List<SaveRule> parse(String text) {
		String trimmed = text.trim();
		if (trimmed.isEmpty()) {
			return List.of();
		}
		String[] parts = trimmed.split("\\s+");
		if (parts.length % 2 != 0) {
			return null;
		}
		List<SaveRule> rules = new ArrayList<>();
		for (int i = 0; i < parts.length; i += 2) {
			try {
				long seconds = Long.parseLong(parts[i]);
				long changes = Long.parseLong(parts[i + 1]);
				if (seconds < 1 || changes < 0) {
					return null;
				}
				rules.add(new SaveRule(seconds, changes));
			}
			catch (NumberFormatException ex) {
				return null;
			}
		}
		return List.copyOf(rules);
	}

	/** As CONFIG GET save prints the rules. */
	public static String format(List<SaveRule> rules) {
		StringBuilder text = new StringBuilder();
		for (SaveRule rule : rules) {
			if (!text.isEmpty()) {
				text.append(' ');
			}
			text.append(rule.seconds()).append(' ').append(rule.changes());
		}
		return text.toString();
	}

}
