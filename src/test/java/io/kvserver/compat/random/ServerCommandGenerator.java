package io.kvserver.compat.random;

import static io.kvserver.compat.random.CommandTemplate.command;
import static io.kvserver.compat.random.CommandTemplate.fixed;

import java.util.List;
import java.util.Map;

/**
 * Server commands whose replies depend on the data (DBSIZE, INFO keyspace, FLUSHDB, FLUSHALL) or
 * have a fixed shape (TIME, LASTSAVE); WAIT with no replica to wait for.
 */
public final class ServerCommandGenerator implements CommandGenerator {

	/** INFO keyspace's average TTL is an estimate Redis refreshes in its background expiry cycle. */
	static final ReplyRule AVG_TTL = ReplyRules.replacing("avg_ttl=\\d+", "avg_ttl=?");

	@Override
	public String family() {
		return "server";
	}

	@Override
	public String keyGroup() {
		return null;
	}

	@Override
	public int weight() {
		return 2;
	}

	@Override
	public List<CommandTemplate> templates() {
		return List.of(
				command("dbsize", 4, g -> Args.of("DBSIZE")),
				command("flushdb", 1, g -> Args.of("FLUSHDB").maybe(g, 0.3, g.pick("ASYNC", "SYNC", "async", "LAZY"))),
				command("flushall", 1, g -> Args.of("FLUSHALL").maybe(g, 0.3, g.pick("ASYNC", "SYNC", "sync", "NOW"))),
				// Only the keyspace section depends on the data alone (never mutated: INFO without it is everything).
				fixed("info", 2, g -> Args.of("INFO", g.pick("keyspace", "KEYSPACE"))),
				command("time", 1, g -> Args.of("TIME")),
				command("lastsave", 1, g -> Args.of("LASTSAVE")),
				// WAIT 0 answers at once; a broken WAIT could wait for a replica that never comes.
				fixed("wait", 1, g -> Args.of("WAIT", "0", g.pick("0", "1", "100"))));
	}

	@Override
	public Map<String, ReplyRule> replyRules() {
		return Map.of("info", AVG_TTL, "time", ReplyRules.SHAPE, "lastsave", ReplyRules.SHAPE);
	}

}
