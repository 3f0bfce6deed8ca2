package io.kvserver.compat.random;

import static io.kvserver.compat.random.CommandTemplate.command;

import java.util.List;
import java.util.Map;

/**
 * Connection commands (networking.c, server.c): PING, ECHO, SELECT, client names, HELLO switching
 * between RESP2 and RESP3 in the middle of a run, RESET.
 */
public final class ConnectionCommandGenerator implements CommandGenerator {

	@Override
	public String family() {
		return "connection";
	}

	@Override
	public String keyGroup() {
		return null;
	}

	@Override
	public int weight() {
		return 3;
	}

	@Override
	public List<CommandTemplate> templates() {
		return List.of(
				command("ping", 2, g -> Args.of("PING").maybe(g, 0.5, g.value())),
				command("echo", 2, g -> Args.of("ECHO", g.value())),
				command("select", 5, g -> Args.of("SELECT", g.db())),
				command("client|setname", 1, g -> Args.of("CLIENT", "SETNAME", g.pick("fuzz", "a-b", "", "with space", "x\ny"))),
				command("client|getname", 1, g -> Args.of("CLIENT", "GETNAME")),
				command("client|id", 1, g -> Args.of("CLIENT", "ID")),
				command("client|no-evict", 1, g -> Args.of("CLIENT", "NO-EVICT", g.pick("on", "OFF", "maybe"))),
				command("hello", 2, g -> Args.of("HELLO").maybe(g, 0.9, g.pick("2", "3", "3", "4", "0", "abc"))
					.maybe(g, 0.2, "SETNAME", g.pick("fuzz", "bad name"))),
				command("reset", 1, g -> Args.of("RESET")));
	}

	@Override
	public Map<String, ReplyRule> replyRules() {
		return Map.of("client|id", ReplyRules.SHAPE, "hello", ReplyRules.masked("id"));
	}

}
