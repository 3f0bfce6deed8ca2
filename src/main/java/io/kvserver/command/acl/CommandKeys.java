package io.kvserver.command.acl;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import io.kvserver.command.CommandCatalog.Node;
import io.kvserver.security.AccessRequest.KeyRef;
import io.kvserver.util.Numbers;

/**
 * Where a command's keys are among its arguments, found from its key specs (COMMAND INFO's eighth
 * element) as Redis's getKeysUsingKeySpecs finds them: a begin search (an index, or a keyword
 * searched forwards or backwards) and a find-keys rule (a range with a step, or a count argument).
 * Each key carries its spec's access: read (access) and write (insert, delete, update).
 */
final class CommandKeys {

	static final CommandKeys NONE = new CommandKeys(List.of());

	/** One key spec. A negative {@code startFrom} searches the keyword from the end. */
	private record Spec(boolean read, boolean write, boolean notKey, boolean incomplete, int index,
			@Nullable String keyword, int startFrom, boolean keyNum, int lastKey, int keyStep, int limit,
			int keyNumIndex, int firstKey) {
	}

	private final List<Spec> specs;

	private CommandKeys(List<Spec> specs) {
		this.specs = specs;
	}

	/**
	 * The keys of a command by name: from its key specs, or for the few whose specs Redis does not
	 * trust (variable flags: SET, BITFIELD; incomplete: MIGRATE) as its own key finders find them.
	 */
	static KeyFinder finder(String name, @Nullable Node info) {
		return switch (name) {
			case "set" -> CommandKeys::setKeys;
			case "bitfield" -> CommandKeys::bitfieldKeys;
			case "migrate" -> CommandKeys::migrateKeys;
			default -> of(info)::keys;
		};
	}

	/** Where a call's keys are. */
	@FunctionalInterface
	interface KeyFinder {

		List<KeyRef> keys(byte[][] argv);

	}

	/** Redis's setGetKeys: read and write with GET, else write only. */
	private static List<KeyRef> setKeys(byte[][] argv) {
		for (int i = 3; i < argv.length; i++) {
			if (new String(argv[i], StandardCharsets.ISO_8859_1).equalsIgnoreCase("get")) {
				return List.of(new KeyRef(1, true, true));
			}
		}
		return List.of(new KeyRef(1, false, true));
	}

	/** Redis's bitfieldGetKeys: read only when every operation is GET (and OVERFLOW). */
	private static List<KeyRef> bitfieldKeys(byte[][] argv) {
		boolean readOnly = true;
		for (int i = 2; i < argv.length; i++) {
			int remaining = argv.length - i - 1;
			String arg = new String(argv[i], StandardCharsets.ISO_8859_1);
			if (arg.equalsIgnoreCase("get") && remaining >= 2) {
				i += 2;
			}
			else if ((arg.equalsIgnoreCase("set") || arg.equalsIgnoreCase("incrby")) && remaining >= 3) {
				readOnly = false;
				break;
			}
			else if (arg.equalsIgnoreCase("overflow") && remaining >= 1) {
				i += 1;
			}
			else {
				readOnly = false;
				break;
			}
		}
		return List.of(new KeyRef(1, true, !readOnly));
	}

	/** Redis's migrateGetKeys: the key argument, or with an empty one the keys after KEYS. */
	private static List<KeyRef> migrateKeys(byte[][] argv) {
		if (argv.length > 6 && argv[3].length == 0) {
			for (int i = 6; i < argv.length; i++) {
				if (new String(argv[i], StandardCharsets.ISO_8859_1).equalsIgnoreCase("keys")) {
					List<KeyRef> keys = new ArrayList<>();
					for (int j = i + 1; j < argv.length; j++) {
						keys.add(new KeyRef(j, true, true));
					}
					return keys;
				}
			}
		}
		return argv.length > 3 ? List.of(new KeyRef(3, true, true)) : List.of();
	}

	/** From a COMMAND INFO reply (a command or a subcommand). */
	static CommandKeys of(@Nullable Node info) {
		if (info == null || info.children().size() < 9) {
			return NONE;
		}
		List<Spec> specs = new ArrayList<>();
		for (Node spec : info.children().get(8).children()) {
			Spec parsed = parse(spec);
			if (parsed == null) {
				return NONE; // a spec of a kind Redis 7.0 does not have: no keys rather than wrong ones
			}
			specs.add(parsed);
		}
		return specs.isEmpty() ? NONE : new CommandKeys(List.copyOf(specs));
	}

	private static @Nullable Spec parse(Node spec) {
		List<String> flags = spec.get("flags").children().stream().map(n -> n.text().toLowerCase(Locale.ROOT)).toList();
		boolean read = flags.contains("access");
		boolean write = flags.contains("insert") || flags.contains("delete") || flags.contains("update");
		Node begin = spec.get("begin_search");
		Node find = spec.get("find_keys");
		String beginType = begin.get("type").text();
		Node beginSpec = begin.get("spec");
		int index = 0;
		String keyword = null;
		int startFrom = 0;
		if (beginType.equals("index")) {
			index = integer(beginSpec, "index");
		}
		else if (beginType.equals("keyword")) {
			keyword = beginSpec.get("keyword").text();
			startFrom = integer(beginSpec, "startfrom");
		}
		else {
			return null;
		}
		String findType = find.get("type").text();
		Node findSpec = find.get("spec");
		if (findType.equals("range")) {
			return new Spec(read, write, flags.contains("not_key"), flags.contains("incomplete"), index, keyword,
					startFrom, false, integer(findSpec, "lastkey"), integer(findSpec, "keystep"),
					integer(findSpec, "limit"), 0, 0);
		}
		if (findType.equals("keynum")) {
			return new Spec(read, write, flags.contains("not_key"), flags.contains("incomplete"), index, keyword,
					startFrom, true, 0, integer(findSpec, "keystep"), 0, integer(findSpec, "keynumidx"),
					integer(findSpec, "firstkey"));
		}
		return null;
	}

	private static int integer(Node map, String key) {
		return Integer.parseInt(map.get(key).text());
	}

	boolean hasKeys() {
		return !this.specs.isEmpty();
	}

	/**
	 * The keys of this call. A spec that does not fit the arguments contributes nothing (Redis then
	 * turns to the command's own key finder; the command itself will answer a syntax error).
	 */
	List<KeyRef> keys(byte[][] argv) {
		List<KeyRef> keys = new ArrayList<>();
		int argc = argv.length;
		for (Spec spec : this.specs) {
			if (spec.notKey()) {
				continue;
			}
			int first = spec.keyword() == null ? spec.index() : keywordPosition(spec, argv);
			if (first == 0) {
				continue;
			}
			int last;
			int step = spec.keyStep();
			if (!spec.keyNum()) {
				if (spec.lastKey() >= 0) {
					last = first + spec.lastKey();
				}
				else if (spec.limit() == 0) {
					last = argc + spec.lastKey();
				}
				else {
					last = first + ((argc - first) / spec.limit() + spec.lastKey());
				}
			}
			else {
				if (first + spec.keyNumIndex() >= argc) {
					continue;
				}
				long[] count = new long[1];
				byte[] text = argv[first + spec.keyNumIndex()];
				if (!Numbers.parseLong(text, 0, text.length, count) || count[0] < 0 || count[0] > argc) {
					continue;
				}
				first += spec.firstKey();
				last = first + (int) count[0] - 1;
			}
			if (last >= argc || last < first || first >= argc || step <= 0) {
				continue;
			}
			for (int i = first; i <= last; i += step) {
				keys.add(new KeyRef(i, spec.read(), spec.write()));
			}
		}
		return keys;
	}

	/** Redis's keyword begin search: the argument after the keyword, or 0 if it is not there. */
	private static int keywordPosition(Spec spec, byte[][] argv) {
		int argc = argv.length;
		int start = spec.startFrom() > 0 ? spec.startFrom() : argc + spec.startFrom();
		int end = spec.startFrom() > 0 ? argc - 1 : 1;
		for (int i = start; i != end; i = start <= end ? i + 1 : i - 1) {
			if (i >= argc || i < 1) {
				break;
			}
			if (new String(argv[i], StandardCharsets.ISO_8859_1).equalsIgnoreCase(spec.keyword())) {
				return i + 1;
			}
		}
		return 0;
	}

}
