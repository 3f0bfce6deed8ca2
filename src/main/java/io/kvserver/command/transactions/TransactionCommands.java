package io.kvserver.command.transactions;

import java.util.List;

import io.kvserver.command.CommandFamily;
import io.kvserver.command.CommandSpec;
import io.kvserver.command.TransactionManager;

/** MULTI, EXEC, DISCARD, WATCH and UNWATCH (Redis's multi.c); the machinery is {@link TransactionManager}. */
public final class TransactionCommands implements CommandFamily {

	private final TransactionManager transactions;

	public TransactionCommands(TransactionManager transactions) {
		this.transactions = transactions;
	}

	@Override
	public List<CommandSpec> commands() {
		return List.of(CommandSpec.of("multi", (s, a, o) -> this.transactions.multi(s, o)),
				CommandSpec.of("exec", (s, a, o) -> this.transactions.exec(s, o)),
				CommandSpec.of("discard", (s, a, o) -> this.transactions.discard(s, o)),
				CommandSpec.of("watch", this.transactions::watch),
				CommandSpec.of("unwatch", (s, a, o) -> this.transactions.unwatch(s, o)));
	}

	@Override
	public String familyName() {
		return "transactions";
	}

}
