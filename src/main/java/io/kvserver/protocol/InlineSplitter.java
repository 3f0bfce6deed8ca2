package io.kvserver.protocol;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits an inline command line into arguments exactly as Redis's {@code sdssplitargs} does:
 * whitespace separates arguments; "double quotes" take \xHH, \n, \r, \t, \b, \a and \\-escapes;
 * 'single quotes' take only \'; a closing quote must be followed by whitespace or the end.
 */
public final class InlineSplitter {

	private static final byte[][] NONE = new byte[0][];

	private InlineSplitter() {
	}

	/** The whole line; config files are split the same way (Redis's config.c calls sdssplitargs too). */
	public static byte[][] split(byte[] line) {
		return split(line, 0, line.length);
	}

	/** @return the arguments, or null for unbalanced quotes */
	static byte[][] split(byte[] s, int from, int to) {
		int end = from;
		while (end < to && s[end] != 0) {
			end++; // sdssplitargs works on a C string: a NUL ends the line
		}
		List<byte[]> out = new ArrayList<>();
		int p = from;
		while (true) {
			while (p < end && isSpace(s[p])) {
				p++;
			}
			if (p == end) {
				return out.isEmpty() ? NONE : out.toArray(NONE);
			}
			boolean inDouble = false;
			boolean inSingle = false;
			boolean done = false;
			ByteArrayOutputStream current = new ByteArrayOutputStream();
			while (!done) {
				byte c = p < end ? s[p] : 0;
				if (inDouble) {
					if (p == end) {
						return null;
					}
					if (c == '\\' && p + 3 < end && s[p + 1] == 'x' && isHex(s[p + 2]) && isHex(s[p + 3])) {
						current.write(hex(s[p + 2]) * 16 + hex(s[p + 3]));
						p += 3;
					}
					else if (c == '\\' && p + 1 < end) {
						p++;
						current.write(switch (s[p]) {
							case 'n' -> '\n';
							case 'r' -> '\r';
							case 't' -> '\t';
							case 'b' -> '\b';
							case 'a' -> 7;
							default -> s[p];
						});
					}
					else if (c == '"') {
						if (p + 1 < end && !isSpace(s[p + 1])) {
							return null;
						}
						done = true;
					}
					else {
						current.write(c);
					}
				}
				else if (inSingle) {
					if (p == end) {
						return null;
					}
					if (c == '\\' && p + 1 < end && s[p + 1] == '\'') {
						p++;
						current.write('\'');
					}
					else if (c == '\'') {
						if (p + 1 < end && !isSpace(s[p + 1])) {
							return null;
						}
						done = true;
					}
					else {
						current.write(c);
					}
				}
				else {
					switch (c) {
						case ' ', '\n', '\r', '\t', 0 -> done = true;
						case '"' -> inDouble = true;
						case '\'' -> inSingle = true;
						default -> current.write(c);
					}
				}
				if (p < end) {
					p++;
				}
			}
			out.add(current.toByteArray());
		}
	}

	private static boolean isSpace(byte c) {
		return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0b || c == '\f';
	}

	private static boolean isHex(byte c) {
		return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
	}

	private static int hex(byte c) {
		return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
	}

}
