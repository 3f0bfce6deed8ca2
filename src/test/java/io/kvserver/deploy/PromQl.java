package io.kvserver.deploy;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Just enough PromQL reading to list the metric names an expression selects. */
final class PromQl {

	private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without", "on",
			"ignoring", "group_left", "group_right", "inf", "nan", "atan2");

	private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w:.$])([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?");

	private PromQl() {
	}

	static Set<String> metricNames(String expr) {
		String stripped = expr.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"") // label values
			.replaceAll("\\{[^}]*}", " ") // label matchers
			.replaceAll("\\[[^]]*]", " ") // ranges, $__rate_interval included
			.replaceAll("(?i)\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " "); // label lists
		Set<String> names = new LinkedHashSet<>();
		Matcher m = IDENTIFIER.matcher(stripped);
		while (m.find()) {
			boolean call = m.group(2) != null;
			if (!call && !KEYWORDS.contains(m.group(1).toLowerCase(Locale.ROOT))) {
				names.add(m.group(1));
			}
		}
		return names;
	}

}
