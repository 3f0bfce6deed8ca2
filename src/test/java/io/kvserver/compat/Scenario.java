package io.kvserver.compat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One compatibility scenario: requests sent in order on one fresh connection, each with what to
 * read back. The file format (see {@code src/test/resources/compat/README.md}):
 *
 * <pre>
 * # comment; blank lines are ignored
 * === name                 starts a scenario
 * SET a "b c"              an inline request: the line as written plus CRLF; one reply
 * raw: *1\r\n$4\r\nPING\r\n  Java-style escaped bytes, sent as they are; one reply
 * raw/2: PING\r\nPING\r\n     the same, with the number of replies to read (0 for a partial frame)
 * raw/close: *abc\r\n       everything up to the server closing the connection (only as the last step)
 * resp: SET a\0b \r\n       a RESP multibulk request of the space-separated escaped arguments ("" is empty); one reply
 * type: INFO               inline, but only the reply's RESP type byte is compared (replies that may differ)
 * unordered: KEYS *        inline; the elements of an array or set, or the entries of a map, in any order
 * masked(id,addr): CLIENT INFO  inline; the named fields' values are masked on both sides, the rest compared
 * aclrules: ACL LIST       inline; in every string, runs of single-command ACL rules (+get -set +select|0) in any order
 * </pre>
 */
record Scenario(String file, String name, int line, List<Step> steps) {

	private static final Pattern RAW = Pattern.compile("raw(?:/(\\d+|close))?: ?(.*)");

	private static final Pattern MASKED = Pattern.compile("masked\\(([^)]+)\\): ?(.*)");

	enum Read {
		/** Read {@code replies} complete replies and compare them byte for byte. */
		REPLIES,
		/** Read one reply and compare only its type byte. */
		TYPE_ONLY,
		/** Read one array, set or map reply and compare its elements (entries) in any order. */
		UNORDERED,
		/** Read one reply and compare it with the values of some fields masked. */
		MASKED,
		/**
		 * Read one reply and compare it with each run of single-command ACL rules sorted: Redis lists
		 * them in its command table's hash order, which is random per process.
		 */
		ACL_RULES,
		/** Read until end of stream: the server must close the connection. */
		UNTIL_CLOSED
	}

	/**
	 * @param line line number in the scenario file
	 * @param source the line as written, for messages
	 */
	record Step(int line, String source, byte[] request, Read read, int replies, Set<String> masked) {

		Step(int line, String source, byte[] request, Read read, int replies) {
			this(line, source, request, read, replies, Set.of());
		}

	}

	@Override
	public String toString() {
		return this.file + ": " + this.name;
	}

	static List<Scenario> parse(Path path) {
		List<String> lines;
		try {
			lines = Files.readAllLines(path, StandardCharsets.ISO_8859_1);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		String file = path.getFileName().toString();
		List<Scenario> scenarios = new ArrayList<>();
		String name = null;
		int start = 0;
		List<Step> steps = null;
		for (int i = 0; i < lines.size(); i++) {
			String text = lines.get(i);
			int lineNo = i + 1;
			if (text.isBlank() || text.startsWith("#")) {
				continue;
			}
			if (text.startsWith("===")) {
				if (name != null) {
					scenarios.add(finish(file, name, start, steps));
				}
				name = text.substring(3).trim();
				start = lineNo;
				steps = new ArrayList<>();
				continue;
			}
			if (name == null) {
				throw new IllegalArgumentException(file + ":" + lineNo + ": a request before the first '=== name' line");
			}
			if (!steps.isEmpty() && steps.getLast().read() == Read.UNTIL_CLOSED) {
				throw new IllegalArgumentException(file + ":" + lineNo + ": nothing can follow a raw/close step");
			}
			steps.add(step(file, lineNo, text));
		}
		if (name != null) {
			scenarios.add(finish(file, name, start, steps));
		}
		return scenarios;
	}

	private static Scenario finish(String file, String name, int line, List<Step> steps) {
		if (steps.isEmpty()) {
			throw new IllegalArgumentException(file + ":" + line + ": scenario '" + name + "' has no requests");
		}
		return new Scenario(file, name, line, List.copyOf(steps));
	}

	private static Step step(String file, int lineNo, String text) {
		try {
			Matcher raw = RAW.matcher(text);
			if (raw.matches()) {
				byte[] bytes = ByteEscapes.decode(raw.group(2));
				String mode = raw.group(1);
				if (mode == null) {
					return new Step(lineNo, text, bytes, Read.REPLIES, 1);
				}
				if (mode.equals("close")) {
					return new Step(lineNo, text, bytes, Read.UNTIL_CLOSED, 0);
				}
				return new Step(lineNo, text, bytes, Read.REPLIES, Integer.parseInt(mode));
			}
			Matcher masked = MASKED.matcher(text);
			if (masked.matches()) {
				return new Step(lineNo, text, inline(masked.group(2)), Read.MASKED, 1,
						Set.of(masked.group(1).split(",")));
			}
			if (text.startsWith("resp:")) {
				return new Step(lineNo, text, multibulk(text.substring(5).trim()), Read.REPLIES, 1);
			}
			if (text.startsWith("type:")) {
				return new Step(lineNo, text, inline(text.substring(5).trim()), Read.TYPE_ONLY, 1);
			}
			if (text.startsWith("aclrules:")) {
				return new Step(lineNo, text, inline(text.substring(9).trim()), Read.ACL_RULES, 1);
			}
			if (text.startsWith("unordered:")) {
				return new Step(lineNo, text, inline(text.substring(10).trim()), Read.UNORDERED, 1);
			}
			return new Step(lineNo, text, inline(text), Read.REPLIES, 1);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(file + ":" + lineNo + ": " + ex.getMessage(), ex);
		}
	}

	/** Spares scenario authors from counting bytes for {@code $len} headers. */
	private static byte[] multibulk(String args) {
		String[] tokens = args.split(" ", -1);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.writeBytes(("*" + tokens.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
		for (String token : tokens) {
			byte[] arg = token.equals("\"\"") ? new byte[0] : ByteEscapes.decode(token);
			out.writeBytes(("$" + arg.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
			out.writeBytes(arg);
			out.writeBytes(new byte[] { '\r', '\n' });
		}
		return out.toByteArray();
	}

	private static byte[] inline(String line) {
		return (line + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
	}

}
