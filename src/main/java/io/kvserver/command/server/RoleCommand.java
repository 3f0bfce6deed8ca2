package io.kvserver.command.server;

import java.util.List;

import io.kvserver.command.CommandFamily;
import io.kvserver.command.CommandSpec;

/** ROLE: kvserver is always a master without replicas (replication.c's roleCommand). */
public final class RoleCommand implements CommandFamily {

	@Override
	public List<CommandSpec> commands() {
		return List.of(CommandSpec.of("role", (s, a, o) -> {
			o.arrayHeader(3);
			o.bulkText("master");
			o.integer(0);
			o.arrayHeader(0);
		}));
	}

	@Override
	public String familyName() {
		return "server";
	}

}
