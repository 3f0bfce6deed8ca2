package io.kvserver.command;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import io.kvserver.protocol.ReplyWriter;

/**
 * Every command's declaration: what Redis 7.0 itself answers to COMMAND INFO and COMMAND DOCS for
 * every command it has (arity, flags, key positions, ACL categories, key specs; summary, since,
 * group, complexity, arguments), captured from a real redis-server into
 * {@code redis-7.0-commands.txt} by {@code CommandDocsIT}, plus {@code kvserver-commands.txt} for
 * what Redis 7.0 lacks (CLIENT SETINFO, from Redis 7.2). A command family names its commands and
 * handlers; arity, flags and key positions come from here ({@link CommandSpec#of}), so they are
 * declared once, as Redis declares them.
 * <p>
 * The files hold each reply as RESP3 typed lines without lengths: {@code *n ~n %n} open an array, set
 * or map (n entries), {@code $text +text :n} are bulk, status and integer replies, one per line;
 * {@code $} text escapes backslash, CR and LF. Replies are written back through {@link ReplyWriter},
 * so a RESP2 connection gets exactly Redis's RESP2 form (maps and sets as arrays).
 */
public final class CommandCatalog {

	/** The Redis version whose behaviour, and whose command table, kvserver matches; clients use it to pick features. */
	public static final String REDIS_VERSION = "7.0.15";

	static final String REDIS_FILE = "redis-7.0-commands.txt";

	static final String EXTRA_FILE = "kvserver-commands.txt";

	/** One value of a captured reply. */
	public record Node(char type, String text, List<Node> children) {

		/** For a map: the value of the entry whose key is {@code key}, or null. */
		public Node get(String key) {
			for (int i = 0; i + 1 < this.children.size(); i += 2) {
				if (key.equals(this.children.get(i).text())) {
					return this.children.get(i + 1);
				}
			}
			return null;
		}

		public void write(ReplyWriter out) {
			switch (this.type) {
				case '*' -> out.arrayHeader(this.children.size());
				case '~' -> out.setHeader(this.children.size());
				case '%' -> out.mapHeader(this.children.size() / 2);
				case '$' -> out.bulkText(this.text);
				case '+' -> out.simpleString(this.text);
				case ':' -> out.integer(Long.parseLong(this.text));
				default -> throw new IllegalStateException("unexpected type " + this.type);
			}
			for (Node child : this.children) {
				child.write(out);
			}
		}

	}

	/** "name info" / "name docs" -> the reply, for top-level commands and for the extra subcommands. */
	private final Map<String, Node> replies;

	private static final CommandCatalog SHARED = load();

	private CommandCatalog(Map<String, Node> replies) {
		this.replies = replies;
	}

	/** The catalog, read once from the resources. */
	public static CommandCatalog shared() {
		return SHARED;
	}

	static CommandCatalog load() {
		Map<String, Node> replies = new HashMap<>();
		read(REDIS_FILE, replies);
		read(EXTRA_FILE, replies);
		return new CommandCatalog(replies);
	}

	/** COMMAND INFO's ten-element reply for a command or "container|sub", or null if none was captured. */
	public Node info(String name) {
		Node own = this.replies.get(name + " info");
		if (own != null || name.indexOf('|') < 0) {
			return own;
		}
		Node parent = this.replies.get(name.substring(0, name.indexOf('|')) + " info");
		if (parent == null) {
			return null;
		}
		for (Node sub : parent.children().get(9).children()) {
			if (sub.children().get(0).text().equals(name)) {
				return sub;
			}
		}
		return null;
	}

	/** Every top-level command the catalog holds (Redis 7.0's whole table, implemented or not), in name order. */
	public List<String> commandNames() {
		List<String> names = new ArrayList<>();
		for (String key : this.replies.keySet()) {
			if (key.endsWith(" info") && key.indexOf('|') < 0) {
				names.add(key.substring(0, key.length() - " info".length()));
			}
		}
		names.sort(null);
		return names;
	}

	/** COMMAND DOCS's map for a command or "container|sub", or null if none was captured. */
	public Node docs(String name) {
		Node own = this.replies.get(name + " docs");
		if (own != null || name.indexOf('|') < 0) {
			return own;
		}
		Node parent = this.replies.get(name.substring(0, name.indexOf('|')) + " docs");
		Node subs = parent != null ? parent.get("subcommands") : null;
		return subs != null ? subs.get(name) : null;
	}

	private static void read(String file, Map<String, Node> into) {
		InputStream in = CommandCatalog.class.getResourceAsStream(file);
		if (in == null) {
			throw new IllegalStateException("missing resource io/kvserver/command/" + file);
		}
		List<String> lines = new ArrayList<>();
		try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
			String line;
			while ((line = reader.readLine()) != null) {
				if (!line.isEmpty() && !line.startsWith("#")) {
					lines.add(line);
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		Iterator<String> it = lines.iterator();
		while (it.hasNext()) {
			String header = it.next();
			if (!header.startsWith("=== ")) {
				throw new IllegalStateException(file + ": expected '=== name info|docs', got: " + header);
			}
			into.put(header.substring(4), parse(it, file));
		}
	}

	private static Node parse(Iterator<String> lines, String file) {
		String line = lines.next();
		char type = line.charAt(0);
		String text = line.substring(1);
		return switch (type) {
			case '*', '~', '%' -> {
				int count = Integer.parseInt(text) * (type == '%' ? 2 : 1);
				List<Node> children = new ArrayList<>(count);
				for (int i = 0; i < count; i++) {
					children.add(parse(lines, file));
				}
				yield new Node(type, null, List.copyOf(children));
			}
			case '$' -> new Node(type, unescape(text), List.of());
			case '+', ':' -> new Node(type, text, List.of());
			default -> throw new IllegalStateException(file + ": unexpected line: " + line);
		};
	}

	static String unescape(String text) {
		if (text.indexOf('\\') < 0) {
			return text;
		}
		StringBuilder out = new StringBuilder(text.length());
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '\\' && i + 1 < text.length()) {
				char next = text.charAt(++i);
				out.append(switch (next) {
					case 'n' -> '\n';
					case 'r' -> '\r';
					default -> next;
				});
			}
			else {
				out.append(c);
			}
		}
		return out.toString();
	}

	static String escape(String text) {
		return text.replace("\\", "\\\\").replace("\r", "\\r").replace("\n", "\\n");
	}

}
