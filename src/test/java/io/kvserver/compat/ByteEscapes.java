package io.kvserver.compat;

import java.io.ByteArrayOutputStream;

/**
 * Byte strings written and shown as Java-style escaped text, so scenario files can hold any
 * frame (NULs, bare CR or LF, bytes above 0x7f) and failure messages show exactly what was on the wire.
 */
public final class ByteEscapes {

	/** Failure messages show at most this much of one reply. */
	private static final int SHOWN_BYTES = 600;

	private ByteEscapes() {
	}

	/**
	 * Decodes {@code \r \n \t \0 \\ \" \' \xHH} and one extension for long frames: {@code \{N:text}}
	 * stands for {@code text} (itself escaped, without braces) repeated N times. Every other
	 * character is one byte (ISO-8859-1).
	 */
	public static byte[] decode(String text) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c > 0xff) {
				throw new IllegalArgumentException("not a byte: '" + c + "' in " + text + " (use \\xHH)");
			}
			if (c != '\\') {
				out.write(c);
				continue;
			}
			if (++i == text.length()) {
				throw new IllegalArgumentException("dangling backslash at the end of: " + text);
			}
			char e = text.charAt(i);
			switch (e) {
				case 'r' -> out.write('\r');
				case 'n' -> out.write('\n');
				case 't' -> out.write('\t');
				case '0' -> out.write(0);
				case '\\', '"', '\'' -> out.write(e);
				case 'x' -> {
					if (i + 2 >= text.length()) {
						throw new IllegalArgumentException("\\x needs two hex digits in: " + text);
					}
					out.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
					i += 2;
				}
				case '{' -> {
					int colon = text.indexOf(':', i);
					int close = text.indexOf('}', colon);
					if (colon < 0 || close < 0) {
						throw new IllegalArgumentException("\\{ needs the form \\{N:text} in: " + text);
					}
					int count = Integer.parseInt(text.substring(i + 1, colon));
					byte[] unit = decode(text.substring(colon + 1, close));
					for (int n = 0; n < count; n++) {
						out.writeBytes(unit);
					}
					i = close;
				}
				default -> throw new IllegalArgumentException("unknown escape \\" + e + " in: " + text);
			}
		}
		return out.toByteArray();
	}

	/** The bytes as escaped text, cut after {@value #SHOWN_BYTES} bytes. */
	public static String show(byte[] bytes) {
		return show(bytes, SHOWN_BYTES);
	}

	/** The bytes as escaped text, cut after {@code limit} bytes. */
	public static String show(byte[] bytes, int limit) {
		StringBuilder s = new StringBuilder();
		int shown = Math.min(bytes.length, limit);
		for (int i = 0; i < shown; i++) {
			int b = bytes[i] & 0xff;
			switch (b) {
				case '\r' -> s.append("\\r");
				case '\n' -> s.append("\\n");
				case '\t' -> s.append("\\t");
				case '\\' -> s.append("\\\\");
				case '"' -> s.append("\\\"");
				default -> {
					if (b >= 0x20 && b < 0x7f) {
						s.append((char) b);
					}
					else {
						s.append(String.format("\\x%02x", b));
					}
				}
			}
		}
		if (shown < bytes.length) {
			s.append("...(").append(bytes.length).append(" bytes in all)");
		}
		return s.toString();
	}

}
