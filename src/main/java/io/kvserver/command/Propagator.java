package io.kvserver.command;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.kvserver.persistence.CommandLog;
import io.kvserver.store.ExpiryListener;
import io.kvserver.store.Keyspace;
import io.kvserver.store.Store;

/**
 * Hands executed writes to the {@link CommandLog} as Redis's call() and propagatePendingCommands()
 * do: a command that changed data (the store's dirty counter moved) is recorded in its effect form
 * ({@link Session#propagateAs}), keys removed on expiry as {@code DEL} before it, and everything
 * one top-level command recorded (EXEC's commands, a script's, an expiry and the write that met it) is wrapped
 * in {@code MULTI}/{@code EXEC} when it is more than one command. Used under the database lock.
 */
public final class Propagator {

	static final byte[] MULTI = bytes("MULTI");

	static final byte[] EXEC = bytes("EXEC");

	static final byte[] DEL = bytes("DEL");

	/**
	 * Commands whose writes are the commands they run, recorded one by one (EXEC's queue; a
	 * script's calls, as Redis 7.0 replicates script effects), never themselves.
	 */
	private static final Set<String> RUNS_OTHERS = Set.of("exec", "eval", "evalsha", "eval_ro", "evalsha_ro", "fcall",
			"fcall_ro");

	/**
	 * Commands that change data but are never recorded: DEBUG's RELOAD, LOADAOF and POPULATE leave
	 * Redis's server.dirty as it was (or reset it), so a replayed file never runs them again.
	 */
	private static final Set<String> NEVER_RECORDED = Set.of("debug");

	private final Store store;

	private volatile CommandLog log = CommandLog.NONE;

	private final List<Op> pending = new ArrayList<>();

	/** Commands running now: 1 for a client's command, 2 inside EXEC. */
	private int depth;

	public Propagator(Store store) {
		this.store = store;
		store.setExpiryListener(new ExpiryListener() {

			@Override
			public void expired(Keyspace db, byte[] key) {
				Propagator.this.expired(db, key);
			}

			@Override
			public void evicted(Keyspace db, byte[] key) {
				Propagator.this.evicted(db, key);
			}

		});
	}

	/** Where writes go from now on ({@link CommandLog#NONE}: nowhere). */
	public void logTo(CommandLog log) {
		this.log = log;
	}

	/** Before a command runs: the dirty counter to compare with afterwards, or -1 if nothing is recorded. */
	long begin() {
		this.depth++;
		return this.log.enabled() ? this.store.dirty() : -1;
	}

	/** After it ran: its effect is recorded if it changed data; at the top level the pending ones go out. */
	void end(Session session, CommandSpec spec, byte[][] argv, long dirtyBefore) {
		byte[][] effect = session.takeEffect();
		boolean prevented = session.takePropagationPrevented();
		boolean changedBesidesKeys = session.takeChangedBesidesKeys();
		this.depth--;
		if (dirtyBefore >= 0 && !prevented && !session.isAofClient() && !RUNS_OTHERS.contains(spec.name())
				&& !NEVER_RECORDED.contains(spec.name())
				&& (changedBesidesKeys || this.store.dirty() != dirtyBefore)) {
			this.pending.add(new Op(session.db(), effect != null ? effect : argv));
		}
		if (this.depth == 0 && !this.pending.isEmpty()) {
			flush();
		}
	}

	private void flush() {
		CommandLog target = this.log;
		if (target.enabled()) {
			boolean transaction = this.pending.size() > 1;
			if (transaction) {
				target.append(this.pending.getFirst().db(), new byte[][] { MULTI });
			}
			for (Op op : this.pending) {
				target.append(op.db(), op.argv());
			}
			if (transaction) {
				target.append(this.pending.getLast().db(), new byte[][] { EXEC });
			}
		}
		this.pending.clear();
	}

	/** A key was evicted: a DEL on its own at once, as Redis's performEvictions propagates it (no MULTI). */
	private void evicted(Keyspace db, byte[] key) {
		CommandLog target = this.log;
		if (target.enabled()) {
			target.append(this.store.indexOf(db), new byte[][] { DEL, key });
		}
	}

	/** A key expired: inside a command, recorded before the command's own effect; else at once (active expiry). */
	private void expired(Keyspace db, byte[] key) {
		if (!this.log.enabled()) {
			return;
		}
		this.pending.add(new Op(this.store.indexOf(db), new byte[][] { DEL, key }));
		if (this.depth == 0) {
			flush();
		}
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

	private record Op(int db, byte[][] argv) {
	}

}
