package io.kvserver.persistence.aof;

import java.util.ArrayList;
import java.util.List;

/**
 * Redis 7.0's {@code appendonly.aof.manifest}: one line per file, {@code file <name> seq <n> type
 * <b|h|i>}, the base first, then history files (to be deleted), then the incremental files in the
 * order they are loaded. Names with spaces or odd bytes are quoted as Redis's sdscatrepr does.
 */
final class AofManifest {

	static final char BASE = 'b';

	static final char HISTORY = 'h';

	static final char INCR = 'i';

	record Entry(String name, long seq, char type) {

		Entry withType(char newType) {
			return new Entry(this.name, this.seq, newType);
		}

	}

	Entry base;

	final List<Entry> history = new ArrayList<>();

	final List<Entry> incrs = new ArrayList<>();

	long baseSeq;

	long incrSeq;

	AofManifest copy() {
		AofManifest copy = new AofManifest();
		copy.base = this.base;
		copy.history.addAll(this.history);
		copy.incrs.addAll(this.incrs);
		copy.baseSeq = this.baseSeq;
		copy.incrSeq = this.incrSeq;
		return copy;
	}

	/** Parses a manifest as aofLoadManifestFromFile does; throws {@link IllegalArgumentException} with Redis's reason. */
	static AofManifest parse(String text) {
		AofManifest manifest = new AofManifest();
		int lineNumber = 0;
		for (String line : text.split("\n", -1)) {
			lineNumber++;
			if (line.isEmpty() || line.startsWith("#")) {
				continue;
			}
			List<String> words = splitArgs(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
			if (words == null || words.size() < 6 || words.size() % 2 != 0) {
				throw new IllegalArgumentException("Invalid AOF manifest file format (line " + lineNumber + ")");
			}
			String name = null;
			long seq = -1;
			char type = 0;
			for (int i = 0; i < words.size(); i += 2) {
				String value = words.get(i + 1);
				switch (words.get(i)) {
					case "file" -> name = value;
					case "seq" -> seq = Long.parseLong(value);
					case "type" -> type = value.length() == 1 ? value.charAt(0) : 0;
					default -> {
						// unknown keys are ignored, for forward compatibility, as Redis does
					}
				}
			}
			if (name == null || seq < 0 || (type != BASE && type != HISTORY && type != INCR)) {
				throw new IllegalArgumentException("Invalid AOF manifest file format (line " + lineNumber + ")");
			}
			Entry entry = new Entry(name, seq, type);
			switch (type) {
				case BASE -> {
					if (manifest.base != null) {
						throw new IllegalArgumentException("Found duplicate base file information");
					}
					manifest.base = entry;
					manifest.baseSeq = seq;
				}
				case HISTORY -> manifest.history.add(entry);
				default -> {
					if (seq <= manifest.incrSeq) {
						throw new IllegalArgumentException("Found a non-monotonic sequence number");
					}
					manifest.incrs.add(entry);
					manifest.incrSeq = seq;
				}
			}
		}
		return manifest;
	}

	String format() {
		StringBuilder out = new StringBuilder();
		if (this.base != null) {
			line(out, this.base);
		}
		this.history.forEach(entry -> line(out, entry));
		this.incrs.forEach(entry -> line(out, entry));
		return out.toString();
	}

	private static void line(StringBuilder out, Entry entry) {
		out.append("file ").append(needsQuoting(entry.name()) ? quote(entry.name()) : entry.name()).append(" seq ")
			.append(entry.seq()).append(" type ").append(entry.type()).append('\n');
	}

	/** A new base replaces the current one, which becomes history (getNewBaseFileNameAndMarkPreAsHistory). */
	Entry newBase(String prefix, boolean rdb) {
		if (this.base != null) {
			this.history.add(this.base.withType(HISTORY));
		}
		this.baseSeq++;
		this.base = new Entry(prefix + "." + this.baseSeq + ".base." + (rdb ? "rdb" : "aof"), this.baseSeq, BASE);
		return this.base;
	}

	/** A new incremental file after the others (getNewIncrAofName). */
	Entry newIncr(String prefix) {
		this.incrSeq++;
		Entry entry = new Entry(prefix + "." + this.incrSeq + ".incr.aof", this.incrSeq, INCR);
		this.incrs.add(entry);
		return entry;
	}

	/**
	 * After a rewrite: every incremental file before {@code keepFrom} becomes history
	 * (markRewrittenIncrAofAsHistory); with null (no file was opened for the rewrite), all of them.
	 */
	void historyBefore(Entry keepFrom) {
		while (!this.incrs.isEmpty() && this.incrs.getFirst() != keepFrom) {
			this.history.add(this.incrs.removeFirst().withType(HISTORY));
		}
	}

	private static boolean needsQuoting(String name) {
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			if (c <= ' ' || c >= 127 || c == '"' || c == '\'' || c == '\\') {
				return true;
			}
		}
		return name.isEmpty();
	}

	private static String quote(String name) {
		StringBuilder out = new StringBuilder("\"");
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			switch (c) {
				case '\\', '"' -> out.append('\\').append(c);
				case '\n' -> out.append("\\n");
				case '\r' -> out.append("\\r");
				case '\t' -> out.append("\\t");
				default -> {
					if (c < ' ' || c >= 127) {
						out.append(String.format("\\x%02x", (int) c & 0xFF));
					}
					else {
						out.append(c);
					}
				}
			}
		}
		return out.append('"').toString();
	}

	/** sdssplitargs, enough of it for manifest lines: words, double-quoted strings with escapes; null if unbalanced. */
	static List<String> splitArgs(String line) {
		List<String> words = new ArrayList<>();
		int i = 0;
		int n = line.length();
		while (true) {
			while (i < n && Character.isWhitespace(line.charAt(i))) {
				i++;
			}
			if (i >= n) {
				return words;
			}
			StringBuilder word = new StringBuilder();
			if (line.charAt(i) == '"') {
				i++;
				boolean closed = false;
				while (i < n) {
					char c = line.charAt(i);
					if (c == '\\' && i + 1 < n) {
						char e = line.charAt(i + 1);
						if (e == 'x' && i + 3 < n) {
							word.append((char) Integer.parseInt(line.substring(i + 2, i + 4), 16));
							i += 4;
							continue;
						}
						word.append(switch (e) {
							case 'n' -> '\n';
							case 'r' -> '\r';
							case 't' -> '\t';
							case 'b' -> '\b';
							case 'a' -> (char) 7;
							default -> e;
						});
						i += 2;
						continue;
					}
					if (c == '"') {
						closed = true;
						i++;
						break;
					}
					word.append(c);
					i++;
				}
				if (!closed || (i < n && !Character.isWhitespace(line.charAt(i)))) {
					return null;
				}
			}
			else {
				while (i < n && !Character.isWhitespace(line.charAt(i))) {
					word.append(line.charAt(i++));
				}
			}
			words.add(word.toString());
		}
	}

}
