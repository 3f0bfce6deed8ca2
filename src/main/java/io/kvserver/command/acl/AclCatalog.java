package io.kvserver.command.acl;

import java.util.ArrayList;
import java.util.List;

import io.kvserver.command.CommandCatalog;
import io.kvserver.command.CommandCatalog.Node;
import io.kvserver.security.AclCategory;
import io.kvserver.security.AclCommandTable;

/**
 * The commands ACL rules know: every command of the {@link CommandCatalog} (Redis 7.0's whole table,
 * implemented here or not), with its categories and subcommands, as Redis's server.orig_commands.
 */
public final class AclCatalog {

	private static final AclCommandTable TABLE = build(CommandCatalog.shared());

	private AclCatalog() {
	}

	public static AclCommandTable table() {
		return TABLE;
	}

	static AclCommandTable build(CommandCatalog catalog) {
		List<AclCommandTable.Entry> entries = new ArrayList<>();
		for (String name : catalog.commandNames()) {
			List<AclCommandTable.Entry> subs = new ArrayList<>();
			for (String sub : redisSubcommands(catalog, name)) {
				subs.add(entry(sub, catalog.info(sub), List.of()));
			}
			entries.add(entry(name, catalog.info(name), subs));
		}
		return new AclCommandTable(entries);
	}

	/** Redis 7.0's own subcommands only: kvserver's additions (CLIENT SETINFO, from 7.2) are not in its ACL table. */
	private static List<String> redisSubcommands(CommandCatalog catalog, String container) {
		return catalog.info(container).children().get(9).children().stream().map(sub -> sub.children().get(0).text()).toList();
	}

	private static AclCommandTable.Entry entry(String name, Node info, List<AclCommandTable.Entry> subs) {
		List<String> flags = texts(info.children().get(2));
		List<String> categories = texts(info.children().get(6));
		return new AclCommandTable.Entry(name, AclCategory.bits(categories), flags.contains("no_auth"), subs);
	}

	private static List<String> texts(Node list) {
		return list.children().stream().map(Node::text).toList();
	}

}
