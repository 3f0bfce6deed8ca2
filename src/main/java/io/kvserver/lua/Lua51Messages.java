package io.kvserver.lua;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * LuaJ's runtime error texts in Lua 5.1's words ("attempt to perform arithmetic __add on nil and
 * number" is 5.1's "attempt to perform arithmetic on a nil value"). Lua 5.1 adds the variable's
 * name where it can ("on local 'x' (a nil value)"); LuaJ does not track that, so these are the
 * texts 5.1 gives when it cannot name the value either.
 */
final class Lua51Messages {

	private static final Pattern ARITHMETIC_BINARY = Pattern.compile("attempt to perform arithmetic \\S+ on (\\w+) and (\\w+)");

	private static final Pattern ARITHMETIC_UNARY = Pattern.compile("attempt to perform arithmetic (?:'\\w+' )?on (\\w+)");

	private static final Pattern CONCATENATE = Pattern.compile("attempt to concatenate (\\w+) and (\\w+)");

	private static final Pattern COMPARE_TAG = Pattern.compile("attempt to compare \\S+ on (\\w+) and (\\w+)");

	private static final Pattern SIMPLE = Pattern.compile("attempt to (call|get length of) (\\w+)");

	private Lua51Messages() {
	}

	static String rewrite(String message) {
		if (!message.startsWith("attempt to ")) {
			return message;
		}
		Matcher m = ARITHMETIC_BINARY.matcher(message);
		if (m.matches()) {
			return "attempt to perform arithmetic on a " + (m.group(1).equals("number") ? m.group(2) : m.group(1))
					+ " value";
		}
		m = ARITHMETIC_UNARY.matcher(message);
		if (m.matches()) {
			return "attempt to perform arithmetic on a " + m.group(1) + " value";
		}
		m = CONCATENATE.matcher(message);
		if (m.matches()) {
			boolean firstOk = m.group(1).equals("string") || m.group(1).equals("number");
			return "attempt to concatenate a " + (firstOk ? m.group(2) : m.group(1)) + " value";
		}
		m = COMPARE_TAG.matcher(message);
		if (m.matches()) {
			return m.group(1).equals(m.group(2)) ? "attempt to compare two " + m.group(1) + " values"
					: "attempt to compare " + m.group(1) + " with " + m.group(2);
		}
		m = SIMPLE.matcher(message);
		if (m.matches()) {
			return "attempt to " + m.group(1) + " a " + m.group(2) + " value";
		}
		if (message.startsWith("attempt to index ? (")) {
			return "attempt to index " + message.substring("attempt to index ? (".length(), message.length() - 1);
		}
		return message;
	}

}
