package io.kvserver.command.scripting;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.kvserver.command.CommandException;

/**
 * The flags a script declares in its {@code #!lua flags=...} first line (eval.c's
 * evalExtractShebangFlags), or compatibility mode when it has no such line.
 *
 * @param compat no shebang: EVAL's behaviour before Redis 7 (writes allowed, flags ignored)
 * @param shebangLength bytes of the first line (without its LF), skipped when compiling so lines keep their numbers
 */
record ScriptFlags(boolean compat, boolean noWrites, boolean allowOom, boolean allowStale, boolean noCluster,
		boolean allowCrossSlot, int shebangLength) {

	static final ScriptFlags COMPAT = new ScriptFlags(true, false, false, false, false, false, 0);

	/** Reads the shebang of a script body. @throws CommandException with Redis's error text */
	static ScriptFlags of(byte[] body) {
		if (body.length < 2 || body[0] != '#' || body[1] != '!') {
			return COMPAT;
		}
		int end = 0;
		while (end < body.length && body[end] != '\n') {
			end++;
		}
		if (end == body.length) {
			throw new CommandException("ERR Invalid script shebang");
		}
		List<String> parts = splitArgs(new String(body, 0, end, StandardCharsets.ISO_8859_1));
		if (parts.isEmpty()) {
			throw new CommandException("ERR Invalid engine in script shebang");
		}
		if (!parts.get(0).equals("#!lua")) {
			throw new CommandException("ERR Unexpected engine in script shebang: " + parts.get(0));
		}
		boolean noWrites = false;
		boolean allowOom = false;
		boolean allowStale = false;
		boolean noCluster = false;
		boolean allowCrossSlot = false;
		for (String part : parts.subList(1, parts.size())) {
			if (!part.startsWith("flags=")) {
				throw new CommandException("ERR Unknown lua shebang option: " + part);
			}
			String list = part.substring("flags=".length());
			if (list.isEmpty()) {
				continue;
			}
			for (String flag : list.split(",", -1)) {
				switch (flag) {
					case "no-writes" -> noWrites = true;
					case "allow-oom" -> allowOom = true;
					case "allow-stale" -> allowStale = true;
					case "no-cluster" -> noCluster = true;
					case "allow-cross-slot-keys" -> allowCrossSlot = true;
					default -> throw new CommandException("ERR Unexpected flag in script shebang: " + flag);
				}
			}
		}
		return new ScriptFlags(false, noWrites, allowOom, allowStale, noCluster, allowCrossSlot, end);
	}

	/** Redis's sdssplitargs, enough for a shebang line: words split on blanks, "..." and '...' quoting. */
	static List<String> splitArgs(String line) {
		List<String> parts = new ArrayList<>();
		int i = 0;
		int n = line.length();
		while (true) {
			while (i < n && Character.isWhitespace(line.charAt(i))) {
				i++;
			}
			if (i >= n) {
				return parts;
			}
			StringBuilder word = new StringBuilder();
			char quote = 0;
			while (i < n) {
				char c = line.charAt(i);
				if (quote != 0) {
					if (c == quote) {
						quote = 0;
					}
					else {
						word.append(c);
					}
				}
				else if (c == '"' || c == '\'') {
					quote = c;
				}
				else if (Character.isWhitespace(c)) {
					break;
				}
				else {
					word.append(c);
				}
				i++;
			}
			parts.add(word.toString());
		}
	}

}
