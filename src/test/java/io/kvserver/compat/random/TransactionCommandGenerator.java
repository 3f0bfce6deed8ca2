package io.kvserver.compat.random;

import static io.kvserver.compat.random.CommandTemplate.command;
import static io.kvserver.compat.random.CommandTemplate.sequence;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * MULTI blocks of random commands from every other family (QUEUED replies and EXEC's array compared
 * under each queued command's rule), with WATCH before them and the other client writing to watched
 * keys in between; and the transaction commands out of place (EXEC without MULTI, MULTI inside MULTI,
 * WATCH inside MULTI, DISCARD, UNWATCH).
 */
public final class TransactionCommandGenerator implements CommandGenerator {

	@Override
	public String family() {
		return "transactions";
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
				sequence("multi", 10, TransactionCommandGenerator::block),
				command("watch", 2, g -> Args.of("WATCH").add(g.keys(1, 3))),
				command("unwatch", 1, g -> Args.of("UNWATCH")),
				command("exec", 1, g -> Args.of("EXEC")),
				command("discard", 1, g -> Args.of("DISCARD")));
	}

	/**
	 * [WATCH keys] [the other client's commands] MULTI, commands, [stray transaction commands],
	 * EXEC or DISCARD; all on one client except the interference.
	 */
	private static List<FuzzCommand> block(Gen g) {
		int client = g.client();
		int other = 1 - client;
		List<FuzzCommand> out = new ArrayList<>();
		if (g.chance(0.5)) {
			out.add(on(g, client, "watch", Args.of("WATCH").add(g.keys(1, 3))));
			for (int i = g.between(0, 2); i > 0; i--) {
				out.addAll(g.onClient(other, g.anyCommand()));
			}
		}
		out.add(on(g, client, "multi", Args.of("MULTI")));
		for (int i = g.between(0, 6); i > 0; i--) {
			if (g.chance(0.05)) {
				out.add(on(g, client, "multi", g.pick(Args.of("MULTI"), Args.of("WATCH", g.key()), Args.of("EXEC", "x"),
						Args.of("DISCARD", "x"), Args.of("NOSUCHCOMMAND", g.key()))));
			}
			else {
				out.addAll(g.onClient(client, g.anyCommand()));
			}
			if (g.chance(0.1)) {
				out.addAll(g.onClient(other, g.anyCommand()));
			}
		}
		String end = g.chance(0.85) ? "exec" : "discard";
		out.add(on(g, client, end, Args.of(end.toUpperCase(Locale.ROOT))));
		return out;
	}

	private static FuzzCommand on(Gen g, int client, String name, Args args) {
		return new FuzzCommand(name, args.build(), client, g.chance(0.3));
	}

}
