package io.kvserver.memory;

import java.util.Set;

import org.jspecify.annotations.Nullable;

import io.kvserver.command.BusyScript;
import io.kvserver.command.CommandFlag;
import io.kvserver.command.CommandGate;
import io.kvserver.command.CommandSpec;
import io.kvserver.command.Session;
import io.kvserver.command.Transaction;

/**
 * maxmemory before each command, as Redis's processCommand: eviction runs first, and if memory is
 * still over the limit with nothing left to evict, a command that may grow memory (denyoom) is
 * refused with {@code -OOM}; inside MULTI every command but EXEC, DISCARD, QUIT and RESET is, since
 * the queue itself grows, and EXEC is when it queued a denyoom command. Nothing is checked while a
 * busy script lets other clients in (they get -BUSY instead).
 */
public final class MemoryGate implements CommandGate {

	/** Redis's shared.oomerr. */
	public static final String OOM = "OOM command not allowed when used memory > 'maxmemory'.";

	private static final Set<String> ALWAYS_IN_MULTI = Set.of("exec", "discard", "quit", "reset");

	private final MemoryLimit limit;

	private final BusyScript busyScript;

	public MemoryGate(MemoryLimit limit, BusyScript busyScript) {
		this.limit = limit;
		this.busyScript = busyScript;
	}

	@Override
	public @Nullable String refuse(Session session, CommandSpec spec, byte[][] argv) {
		if (this.limit.maxmemory() == 0 || this.busyScript.isBusy()
				|| (session.inMulti() && spec.is(CommandFlag.NO_MULTI))) {
			return null; // a no_multi command inside MULTI is refused for that first
		}
		if (this.limit.evict() != MemoryLimit.Result.FAIL) {
			return null;
		}
		boolean refuse = spec.is(CommandFlag.DENYOOM) || (spec.name().equals("exec") && queuedDenyoom(session));
		if (session.inMulti() && !ALWAYS_IN_MULTI.contains(spec.name())) {
			refuse = true;
		}
		return refuse ? OOM : null;
	}

	private static boolean queuedDenyoom(Session session) {
		Transaction tx = session.transactionOrNull();
		if (tx == null || !tx.inMulti()) {
			return false;
		}
		for (Transaction.Queued queued : tx.queue()) {
			if (queued.spec().is(CommandFlag.DENYOOM)) {
				return true;
			}
		}
		return false;
	}

}
