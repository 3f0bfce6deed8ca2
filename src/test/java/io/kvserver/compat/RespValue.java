package io.kvserver.compat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One complete RESP2 or RESP3 reply as a tree, so the differential test can compare replies whose
 * parts legitimately differ (a client id) or whose order Redis leaves open (a map, a set) without
 * giving up comparing the rest byte for byte.
 *
 * @param type the type byte: {@code + - : _ # , ( $ = ! * ~ > % |}
 * @param line what follows the type byte on the first line (for aggregates and strings: the count or length)
 * @param payload the bytes of a bulk, verbatim or blob error string, else null
 * @param children the elements of an aggregate (a map's keys and values alternate), else empty
 */
record RespValue(char type, String line, byte[] payload, List<RespValue> children) {

	private static final String MASK = "<masked>";

	/** Parses exactly one reply; null if the bytes are not exactly one complete reply. */
	static RespValue parse(byte[] bytes) {
		int[] pos = { 0 };
		try {
			RespValue value = read(bytes, pos);
			return pos[0] == bytes.length ? value : null;
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	private static RespValue read(byte[] b, int[] pos) {
		int start = pos[0];
		int end = start;
		while (!(b[end] == '\r' && b[end + 1] == '\n')) {
			end++;
		}
		char type = (char) b[start];
		String line = new String(b, start + 1, end - start - 1, StandardCharsets.ISO_8859_1);
		pos[0] = end + 2;
		switch (type) {
			case '$', '=', '!' -> {
				int length = Integer.parseInt(line);
				if (length < 0) {
					return new RespValue(type, line, null, List.of());
				}
				byte[] payload = Arrays.copyOfRange(b, pos[0], pos[0] + length);
				if (b[pos[0] + length] != '\r' || b[pos[0] + length + 1] != '\n') {
					throw new IllegalArgumentException("no CRLF after a string");
				}
				pos[0] += length + 2;
				return new RespValue(type, line, payload, List.of());
			}
			case '*', '~', '>', '%', '|' -> {
				int count = Integer.parseInt(line);
				int elements = (type == '%' || type == '|') ? 2 * count : count;
				List<RespValue> children = new ArrayList<>();
				for (int i = 0; i < elements; i++) {
					children.add(read(b, pos));
				}
				return new RespValue(type, line, null, children);
			}
			default -> {
				return new RespValue(type, line, null, List.of());
			}
		}
	}

	byte[] toBytes() {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		write(out);
		return out.toByteArray();
	}

	private void write(ByteArrayOutputStream out) {
		out.write(this.type);
		if (this.payload != null) {
			out.writeBytes(Integer.toString(this.payload.length).getBytes(StandardCharsets.US_ASCII));
			out.writeBytes(new byte[] { '\r', '\n' });
			out.writeBytes(this.payload);
		}
		else {
			out.writeBytes(this.line.getBytes(StandardCharsets.ISO_8859_1));
		}
		out.writeBytes(new byte[] { '\r', '\n' });
		for (RespValue child : this.children) {
			child.write(out);
		}
	}

	/** The text of a string reply (simple, bulk, verbatim), or null for anything else. */
	String text() {
		if (this.payload != null) {
			return new String(this.payload, StandardCharsets.ISO_8859_1);
		}
		return this.type == '+' ? this.line : null;
	}

	/**
	 * The same reply with the values of the named fields replaced by a placeholder, wherever they
	 * occur: the element after a string equal to a name, inside any array or map (HELLO's id), and
	 * {@code name=value} or {@code name:value} inside text (CLIENT INFO, INFO).
	 */
	RespValue masked(Set<String> fields) {
		if (this.payload != null) {
			String text = new String(this.payload, StandardCharsets.ISO_8859_1);
			// A verbatim string starts with its format ("txt:"), which is not part of the text.
			int prefix = (this.type == '=' && text.length() >= 4) ? 4 : 0;
			return withText(text.substring(0, prefix) + maskText(text.substring(prefix), fields));
		}
		if (this.children.isEmpty()) {
			return this;
		}
		List<RespValue> masked = new ArrayList<>(this.children.size());
		for (int i = 0; i < this.children.size(); i++) {
			RespValue child = this.children.get(i);
			masked.add(child.masked(fields));
			String name = child.text();
			if (name != null && fields.contains(name) && i + 1 < this.children.size()) {
				masked.add(new RespValue('+', MASK, null, List.of()));
				i++;
			}
		}
		return new RespValue(this.type, this.line, null, masked);
	}

	/** Every string with its runs of single-command ACL rules sorted (see {@link Scenario.Read#ACL_RULES}). */
	RespValue aclRulesSorted() {
		if (this.payload != null) {
			String text = new String(this.payload, StandardCharsets.ISO_8859_1);
			int prefix = (this.type == '=' && text.length() >= 4) ? 4 : 0;
			return withText(text.substring(0, prefix) + sortCommandRules(text.substring(prefix)));
		}
		if (this.children.isEmpty()) {
			return this;
		}
		return new RespValue(this.type, this.line, null, this.children.stream().map(RespValue::aclRulesSorted).toList());
	}

	/** "-@all +set +get" and "(~k -@all +set +get)": each run of +cmd/-cmd tokens sorted, the rest in place. */
	static String sortCommandRules(String text) {
		String[] tokens = text.replace("(", "( ").replace(")", " )").split(" ", -1);
		List<String> out = new ArrayList<>();
		List<String> run = new ArrayList<>();
		for (String token : tokens) {
			if ((token.startsWith("+") || token.startsWith("-")) && token.length() > 1 && token.charAt(1) != '@') {
				run.add(token);
				continue;
			}
			run.sort(null);
			out.addAll(run);
			run.clear();
			out.add(token);
		}
		run.sort(null);
		out.addAll(run);
		return String.join(" ", out).replace("( ", "(").replace(" )", ")");
	}

	private RespValue withText(String text) {
		return new RespValue(this.type, this.line, text.getBytes(StandardCharsets.ISO_8859_1), List.of());
	}

	private static String maskText(String text, Set<String> fields) {
		String result = text;
		for (String field : fields) {
			Matcher m = Pattern.compile("(^|[ \\n])" + Pattern.quote(field) + "([=:])[^ \\r\\n]*").matcher(result);
			result = m.replaceAll(r -> Matcher.quoteReplacement(r.group(1) + field + r.group(2) + MASK));
		}
		return result;
	}

	/**
	 * The same reply with the elements of an array or set, or the entries of a map, in byte order,
	 * so that two replies holding the same elements compare equal. Only the top level is sorted.
	 */
	RespValue sorted() {
		if (this.type == '%') {
			List<RespValue[]> pairs = new ArrayList<>();
			for (int i = 0; i < this.children.size(); i += 2) {
				pairs.add(new RespValue[] { this.children.get(i), this.children.get(i + 1) });
			}
			pairs.sort(Comparator.comparing((RespValue[] p) -> p[0].toBytes(), Arrays::compare));
			List<RespValue> flat = new ArrayList<>();
			pairs.forEach(p -> flat.addAll(List.of(p)));
			return new RespValue(this.type, this.line, null, flat);
		}
		if (this.type == '*' || this.type == '~') {
			List<RespValue> copy = new ArrayList<>(this.children);
			copy.sort(Comparator.comparing(RespValue::toBytes, Arrays::compare));
			return new RespValue(this.type, this.line, null, copy);
		}
		return this;
	}

}
