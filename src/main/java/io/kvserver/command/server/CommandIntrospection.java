package io.kvserver.command.server;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import io.kvserver.command.Args;
import io.kvserver.command.CommandCatalog;
import io.kvserver.command.CommandCatalog.Node;
import io.kvserver.command.CommandException;
import io.kvserver.command.CommandFamily;
import io.kvserver.command.CommandSpec;
import io.kvserver.command.CommandTable;
import io.kvserver.util.GlobMatcher;
import io.kvserver.command.HelpReply;
import io.kvserver.command.KeyPositions;
import io.kvserver.command.KeyPositions.KeyPosition;
import io.kvserver.command.Session;
import io.kvserver.protocol.ReplyWriter;

/**
 * COMMAND, COMMAND COUNT|INFO|DOCS|LIST|HELP: describes the command table as Redis 7.0 describes its
 * own, from the replies captured from a real server ({@link CommandCatalog}). A container's
 * subcommands are listed only as far as kvserver implements them.
 */
public final class CommandIntrospection implements CommandFamily {

	private static final List<String> HELP = List.of(
			"COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
			"(no subcommand)",
			"    Return details about all Redis commands.",
			"COUNT",
			"    Return the total number of commands in this Redis server.",
			"LIST",
			"    Return a list of all commands in this Redis server.",
			"INFO [<command-name> ...]",
			"    Return details about multiple Redis commands.",
			"    If no command names are given, documentation details for all",
			"    commands are returned.",
			"DOCS [<command-name> ...]",
			"    Return documentation details about multiple Redis commands.",
			"    If no command names are given, documentation details for all",
			"    commands are returned.",
			"GETKEYS <full-command>",
			"    Return the keys from a full Redis command.",
			"GETKEYSANDFLAGS <full-command>",
			"    Return the keys and the access flags from a full Redis command.",
			"HELP",
			"    Prints this help.");

	private final CommandCatalog docs = CommandCatalog.shared();

	private CommandTable table;

	@Override
	public void describe(CommandTable table) {
		this.table = table;
	}

	@Override
	public List<CommandSpec> commands() {
		return List.of(CommandSpec.container("command", this::infoOfAll, List.of(
				CommandSpec.of("command|count", (s, a, o) -> o.integer(this.table.all().size())),
				CommandSpec.of("command|docs", this::docs),
				CommandSpec.of("command|getkeys", (s, a, o) -> getKeys(a, o, false)),
				CommandSpec.of("command|getkeysandflags", (s, a, o) -> getKeys(a, o, true)),
				CommandSpec.of("command|info", this::info),
				CommandSpec.of("command|list", this::list),
				CommandSpec.of("command|help", (s, a, o) -> HelpReply.write(HELP, o)))));
	}

	/**
	 * COMMAND GETKEYS|GETKEYSANDFLAGS command [arg ...]: the keys Redis would find in that call, for
	 * any command of Redis 7.0's table, with Redis's errors where it finds none.
	 */
	private void getKeys(byte[][] argv, ReplyWriter out, boolean withFlags) {
		byte[][] call = Arrays.copyOfRange(argv, 2, argv.length);
		String name = Args.text(call[0]).toLowerCase(Locale.ROOT);
		Node info = this.docs.info(name);
		if (info != null && call.length > 1 && !info.children().get(9).children().isEmpty()) {
			name = name + "|" + Args.text(call[1]).toLowerCase(Locale.ROOT);
			info = this.docs.info(name);
		}
		if (info == null) {
			throw new CommandException("ERR Invalid command specified");
		}
		if (!KeyPositions.mayHaveKeys(name, info)) {
			throw new CommandException("ERR The command has no key arguments");
		}
		int arity = KeyPositions.arity(info);
		if ((arity > 0 && arity != call.length) || call.length < -arity) {
			throw new CommandException("ERR Invalid number of arguments specified for command");
		}
		List<KeyPosition> keys = KeyPositions.find(name, info, call);
		if (keys.isEmpty() && !KeyPositions.hasFlag(info, "no_mandatory_keys")) {
			throw new CommandException("ERR Invalid arguments specified for command");
		}
		out.arrayHeader(keys.size());
		for (KeyPosition key : keys) {
			if (withFlags) {
				out.arrayHeader(2);
				out.bulk(call[key.index()]);
				out.setHeader(key.flags().size());
				key.flags().forEach(out::simpleString);
			}
			else {
				out.bulk(call[key.index()]);
			}
		}
	}

	private List<CommandSpec> topLevel() {
		List<CommandSpec> all = new ArrayList<>(this.table.all());
		all.sort(Comparator.comparing(CommandSpec::name));
		return all;
	}

	private static List<CommandSpec> subcommands(CommandSpec spec) {
		List<CommandSpec> subs = new ArrayList<>(spec.subcommands().values());
		subs.sort(Comparator.comparing(CommandSpec::name));
		return subs;
	}

	private void infoOfAll(Session session, byte[][] argv, ReplyWriter out) {
		List<CommandSpec> all = topLevel();
		out.arrayHeader(all.size());
		all.forEach(spec -> writeInfo(spec, out));
	}

	/** COMMAND INFO [name ...]: each command's description, null for an unknown name; none means all. */
	private void info(Session session, byte[][] argv, ReplyWriter out) {
		if (argv.length == 2) {
			infoOfAll(session, argv, out);
			return;
		}
		out.arrayHeader(argv.length - 2);
		for (int i = 2; i < argv.length; i++) {
			CommandSpec spec = this.table.lookupFullName(argv[i]);
			if (spec == null) {
				out.nullBulk();
			}
			else {
				writeInfo(spec, out);
			}
		}
	}

	/** COMMAND DOCS [name ...]: a map of the commands found (unknown names are left out); none means all. */
	private void docs(Session session, byte[][] argv, ReplyWriter out) {
		List<CommandSpec> chosen = new ArrayList<>();
		if (argv.length == 2) {
			chosen.addAll(topLevel());
		}
		for (int i = 2; i < argv.length; i++) {
			CommandSpec spec = this.table.lookupFullName(argv[i]);
			if (spec != null) {
				chosen.add(spec);
			}
		}
		out.mapHeader(chosen.size());
		for (CommandSpec spec : chosen) {
			out.bulkText(spec.name());
			writeDocs(spec, out);
		}
	}

	/** COMMAND LIST [FILTERBY MODULE name | ACLCAT category | PATTERN pattern], subcommands included. */
	private void list(Session session, byte[][] argv, ReplyWriter out) {
		String filter = null;
		String value = null;
		if (argv.length == 5 && Args.is(argv[2], "FILTERBY")) {
			filter = Args.text(argv[3]).toUpperCase(Locale.ROOT);
			value = Args.text(argv[4]).toLowerCase(Locale.ROOT);
			if (!filter.equals("MODULE") && !filter.equals("ACLCAT") && !filter.equals("PATTERN")) {
				throw new CommandException(CommandException.SYNTAX);
			}
		}
		else if (argv.length != 2) {
			throw new CommandException(CommandException.SYNTAX);
		}
		List<String> names = new ArrayList<>();
		for (CommandSpec spec : topLevel()) {
			List<CommandSpec> candidates = new ArrayList<>();
			candidates.add(spec);
			candidates.addAll(subcommands(spec));
			for (CommandSpec candidate : candidates) {
				if (filter == null || matches(candidate, filter, value)) {
					names.add(candidate.name());
				}
			}
		}
		out.arrayHeader(names.size());
		names.forEach(out::bulkText);
	}

	private boolean matches(CommandSpec spec, String filter, String value) {
		return switch (filter) {
			case "MODULE" -> false; // no modules
			case "ACLCAT" -> spec.aclCategories().contains("@" + value);
			default -> GlobMatcher.matches(value.getBytes(StandardCharsets.ISO_8859_1),
					spec.name().getBytes(StandardCharsets.ISO_8859_1));
		};
	}

	/** COMMAND INFO's ten elements: as Redis answers, with a container's subcommands cut to kvserver's. */
	private void writeInfo(CommandSpec spec, ReplyWriter out) {
		Node info = this.docs.info(spec.name()); // every command is declared there (CommandSpec.of)
		if (!spec.hasSubcommands()) {
			info.write(out);
			return;
		}
		out.arrayHeader(10);
		for (int i = 0; i < 9; i++) {
			info.children().get(i).write(out);
		}
		List<CommandSpec> subs = subcommands(spec);
		out.setHeader(subs.size());
		subs.forEach(sub -> writeInfo(sub, out));
	}

	/** COMMAND DOCS's map for one command, with a container's subcommands cut to kvserver's. */
	private void writeDocs(CommandSpec spec, ReplyWriter out) {
		Node docs = this.docs.docs(spec.name());
		if (docs == null) {
			out.mapHeader(0);
			return;
		}
		if (!spec.hasSubcommands()) {
			docs.write(out);
			return;
		}
		List<Node> entries = docs.children();
		out.mapHeader(entries.size() / 2);
		for (int i = 0; i < entries.size(); i += 2) {
			entries.get(i).write(out);
			if ("subcommands".equals(entries.get(i).text())) {
				List<CommandSpec> subs = subcommands(spec);
				out.mapHeader(subs.size());
				for (CommandSpec sub : subs) {
					out.bulkText(sub.name());
					writeDocs(sub, out);
				}
			}
			else {
				entries.get(i + 1).write(out);
			}
		}
	}

}
