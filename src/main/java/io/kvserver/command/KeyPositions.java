package io.kvserver.command;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import io.kvserver.command.CommandCatalog.Node;
import io.kvserver.util.Numbers;

/**
 * Which arguments of a call are keys, and with which access flags, exactly as Redis 7.0's
 * getKeysFromCommandWithSpecs finds them (what COMMAND GETKEYS and GETKEYSANDFLAGS answer): the key
 * specs of COMMAND INFO when they are complete and their flags fixed, else the command's own key
 * finder (SET, BITFIELD, SORT, MIGRATE, the numkeys commands, XREAD, GEORADIUS), else none.
 */
public final class KeyPositions {

	/** One key: its index in argv and its flags as COMMAND INFO names them ("RW", "access", ...). */
	public record KeyPosition(int index, List<String> flags) {
	}

	/** The commands with a key finder of their own, used where their specs do not serve. */
	private static final Set<String> OWN_FINDERS = Set.of("set", "bitfield", "sort", "sort_ro", "migrate", "georadius",
			"georadiusbymember", "xread", "xreadgroup", "eval", "evalsha", "eval_ro", "evalsha_ro", "fcall", "fcall_ro",
			"blmpop", "bzmpop", "lmpop", "zmpop", "sintercard", "zunion", "zinter", "zdiff", "zintercard", "zunionstore",
			"zinterstore", "zdiffstore");

	private static final List<String> NO_FLAGS = List.of();

	private static final List<String> READ = List.of("RO", "access");

	private static final List<String> OVERWRITE = List.of("OW", "update");

	private static final List<String> READ_WRITE = List.of("RW", "access", "update");

	private KeyPositions() {
	}

	/**
	 * The keys of {@code argv} (argv[0] the command's name, argv[1] a subcommand's if {@code info}
	 * is one), or an empty list if the call has none that can be found.
	 */
	public static List<KeyPosition> find(String name, Node info, byte[][] argv) {
		List<Node> specs = info.children().size() > 8 ? info.children().get(8).children() : List.of();
		boolean anyKey = false;
		boolean variableFlags = false;
		for (Node spec : specs) {
			List<String> flags = flags(spec);
			anyKey |= !flags.contains("not_key");
			variableFlags |= flags.contains("variable_flags");
		}
		if (anyKey && !variableFlags) {
			List<KeyPosition> keys = fromSpecs(specs, argv, arity(info) < 0);
			if (keys != null) {
				return keys;
			}
		}
		return ownFinder(name, argv);
	}

	/** Whether Redis thinks the command may have keys at all (its doesCommandHaveKeys). */
	public static boolean mayHaveKeys(String name, Node info) {
		if (OWN_FINDERS.contains(name)) {
			return true;
		}
		List<Node> specs = info.children().size() > 8 ? info.children().get(8).children() : List.of();
		return specs.stream().anyMatch((spec) -> !flags(spec).contains("not_key"));
	}

	public static int arity(Node info) {
		return Integer.parseInt(info.children().get(1).text());
	}

	public static boolean hasFlag(Node info, String flag) {
		return info.children().get(2).children().stream().anyMatch((f) -> f.text().equals(flag));
	}

	private static List<String> flags(Node spec) {
		return spec.get("flags").children().stream().map(Node::text).toList();
	}

	/** Redis's getKeysUsingKeySpecs; null where a spec does not fit the call (its invalid_spec). */
	private static @Nullable List<KeyPosition> fromSpecs(List<Node> specs, byte[][] argv, boolean variadic) {
		int argc = argv.length;
		List<KeyPosition> keys = new ArrayList<>();
		for (Node spec : specs) {
			List<String> flags = flags(spec);
			if (flags.contains("not_key")) {
				continue;
			}
			Node begin = spec.get("begin_search");
			Node beginSpec = begin.get("spec");
			int first = 0;
			switch (begin.get("type").text()) {
				case "index" -> first = integer(beginSpec, "index");
				case "keyword" -> {
					first = keywordPosition(argv, beginSpec.get("keyword").text(), integer(beginSpec, "startfrom"));
					if (first == 0) {
						continue;
					}
				}
				default -> {
					return null;
				}
			}
			Node find = spec.get("find_keys");
			Node findSpec = find.get("spec");
			int last;
			int step;
			switch (find.get("type").text()) {
				case "range" -> {
					step = integer(findSpec, "keystep");
					int lastKey = integer(findSpec, "lastkey");
					int limit = integer(findSpec, "limit");
					if (lastKey >= 0) {
						last = first + lastKey;
					}
					else if (limit == 0) {
						last = argc + lastKey;
					}
					else {
						last = first + ((argc - first) / limit + lastKey);
					}
				}
				case "keynum" -> {
					step = integer(findSpec, "keystep");
					int numIndex = first + integer(findSpec, "keynumidx");
					if (numIndex >= argc) {
						return null;
					}
					long[] count = new long[1];
					if (!Numbers.parseLong(argv[numIndex], 0, argv[numIndex].length, count) || count[0] < 0) {
						return null;
					}
					first += integer(findSpec, "firstkey");
					last = first + (int) count[0] - 1;
				}
				default -> {
					return null;
				}
			}
			if (last >= argc || last < first || first >= argc) {
				return null;
			}
			for (int i = first; i <= last; i += step) {
				if (i >= argc && variadic) {
					continue;
				}
				keys.add(new KeyPosition(i, flags));
			}
			if (flags.contains("incomplete")) {
				return null;
			}
		}
		return keys;
	}

	private static int keywordPosition(byte[][] argv, String keyword, int startFrom) {
		int argc = argv.length;
		int start = startFrom > 0 ? startFrom : argc + startFrom;
		int end = startFrom > 0 ? argc - 1 : 1;
		for (int i = start; i != end; i = start <= end ? i + 1 : i - 1) {
			if (i >= argc || i < 1) {
				break;
			}
			if (is(argv[i], keyword)) {
				return i + 1;
			}
		}
		return 0;
	}

	private static int integer(Node map, String key) {
		return Integer.parseInt(map.get(key).text());
	}

	/** The key finder Redis 7.0 gives the command (its getkeys_proc), or none. */
	private static List<KeyPosition> ownFinder(String name, byte[][] argv) {
		return switch (name) {
			case "set" -> setKeys(argv);
			case "bitfield" -> bitfieldKeys(argv);
			case "sort" -> sortKeys(argv);
			case "sort_ro" -> List.of(new KeyPosition(1, READ));
			case "migrate" -> migrateKeys(argv);
			case "georadius", "georadiusbymember" -> georadiusKeys(argv);
			case "xread", "xreadgroup" -> xreadKeys(argv);
			case "eval", "evalsha", "eval_ro", "evalsha_ro", "fcall", "fcall_ro", "blmpop", "bzmpop" ->
				numkeysKeys(argv, 0, 2, 3);
			case "lmpop", "zmpop", "sintercard", "zunion", "zinter", "zdiff", "zintercard" -> numkeysKeys(argv, 0, 1, 2);
			case "zunionstore", "zinterstore", "zdiffstore" -> numkeysKeys(argv, 1, 2, 3);
			default -> List.of();
		};
	}

	private static List<KeyPosition> setKeys(byte[][] argv) {
		for (int i = 3; i < argv.length; i++) {
			if (is(argv[i], "get")) {
				return List.of(new KeyPosition(1, READ_WRITE));
			}
		}
		return List.of(new KeyPosition(1, OVERWRITE));
	}

	private static List<KeyPosition> bitfieldKeys(byte[][] argv) {
		boolean readOnly = true;
		for (int i = 2; i < argv.length; i++) {
			int remaining = argv.length - i - 1;
			if (is(argv[i], "get") && remaining >= 2) {
				i += 2;
			}
			else if ((is(argv[i], "set") || is(argv[i], "incrby")) && remaining >= 3) {
				readOnly = false;
				break;
			}
			else if (is(argv[i], "overflow") && remaining >= 1) {
				i += 1;
			}
			else {
				readOnly = false;
				break;
			}
		}
		return List.of(new KeyPosition(1, readOnly ? READ : READ_WRITE));
	}

	/** The sorted key, and the last STORE's key; LIMIT, GET and BY skip their arguments. */
	private static List<KeyPosition> sortKeys(byte[][] argv) {
		int store = 0;
		for (int i = 2; i < argv.length; i++) {
			if (is(argv[i], "limit")) {
				i += 2;
			}
			else if (is(argv[i], "get") || is(argv[i], "by")) {
				i += 1;
			}
			else if (is(argv[i], "store") && i + 1 < argv.length) {
				store = i + 1;
			}
		}
		KeyPosition sorted = new KeyPosition(1, READ);
		return store == 0 ? List.of(sorted) : List.of(sorted, new KeyPosition(store, OVERWRITE));
	}

	private static List<KeyPosition> migrateKeys(byte[][] argv) {
		int first = 3;
		int count = 1;
		if (argv.length > 6) {
			for (int i = 6; i < argv.length; i++) {
				if (is(argv[i], "keys")) {
					if (argv[3].length > 0) {
						count = 0;
					}
					else {
						first = i + 1;
						count = argv.length - first;
					}
					break;
				}
				if (is(argv[i], "auth")) {
					i += 1;
				}
				else if (is(argv[i], "auth2")) {
					i += 2;
				}
			}
		}
		List<KeyPosition> keys = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			keys.add(new KeyPosition(first + i, List.of("RW", "access", "delete")));
		}
		return keys;
	}

	private static List<KeyPosition> georadiusKeys(byte[][] argv) {
		int stored = -1;
		for (int i = 5; i < argv.length; i++) {
			if ((is(argv[i], "store") || is(argv[i], "storedist")) && i + 1 < argv.length) {
				stored = i + 1;
				i++;
			}
		}
		KeyPosition key = new KeyPosition(1, NO_FLAGS);
		return stored < 0 ? List.of(key) : List.of(key, new KeyPosition(stored, NO_FLAGS));
	}

	private static List<KeyPosition> xreadKeys(byte[][] argv) {
		int streams = -1;
		for (int i = 1; i < argv.length; i++) {
			if (is(argv[i], "block") || is(argv[i], "count")) {
				i++;
			}
			else if (is(argv[i], "group")) {
				i += 2;
			}
			else if (is(argv[i], "noack")) {
				continue;
			}
			else {
				if (is(argv[i], "streams")) {
					streams = i;
				}
				break;
			}
		}
		int num = streams < 0 ? 0 : argv.length - streams - 1;
		if (streams < 0 || num == 0 || num % 2 != 0) {
			return List.of();
		}
		List<KeyPosition> keys = new ArrayList<>();
		for (int i = streams + 1; i < argv.length - num / 2; i++) {
			keys.add(new KeyPosition(i, NO_FLAGS));
		}
		return keys;
	}

	/** Redis's genericGetKeys: the count read as C's atoi reads it, then that many keys (and a destination). */
	private static List<KeyPosition> numkeysKeys(byte[][] argv, int store, int countAt, int firstKey) {
		long num = atoi(argv[countAt]);
		if (num < 1 || num > argv.length - firstKey) {
			return List.of();
		}
		List<KeyPosition> keys = new ArrayList<>();
		for (int i = 0; i < num; i++) {
			keys.add(new KeyPosition(firstKey + i, NO_FLAGS));
		}
		if (store > 0) {
			keys.add(new KeyPosition(store, NO_FLAGS));
		}
		return keys;
	}

	private static long atoi(byte[] text) {
		int i = 0;
		while (i < text.length && (text[i] == ' ' || (text[i] >= '\t' && text[i] <= '\r'))) {
			i++;
		}
		boolean negative = false;
		if (i < text.length && (text[i] == '+' || text[i] == '-')) {
			negative = text[i] == '-';
			i++;
		}
		long value = 0;
		while (i < text.length && text[i] >= '0' && text[i] <= '9' && value < Integer.MAX_VALUE) {
			value = value * 10 + (text[i++] - '0');
		}
		return negative ? -value : value;
	}

	private static boolean is(byte[] arg, String word) {
		return new String(arg, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT).equals(word.toLowerCase(Locale.ROOT));
	}

}
