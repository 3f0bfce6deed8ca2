package io.kvserver.command;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiPredicate;

import org.jspecify.annotations.Nullable;

import io.kvserver.metrics.LatencyMonitor;
import io.kvserver.metrics.ServerStats;
import io.kvserver.persistence.WriteObserver;
import io.kvserver.protocol.ReplyWriter;
import io.kvserver.store.CachedClock;

/**
 * Looks commands up, checks arity and runs them (or queues them inside MULTI). A whole batch runs
 * under the database lock, so a pipelined batch pays for the lock once and, like Redis, no other
 * client's command lands in the middle of one command.
 */
public final class CommandDispatcher {

	private final CommandTable table;

	private final ReentrantLock lock;

	private final ServerStats stats;

	private final CachedClock clock;

	private final TransactionManager transactions;

	private final CommandGate gate;

	/** Whether each command's run time is measured (one nanoTime call and a histogram update per request). */
	private final boolean timed;

	/**
	 * When the previous request of the running batch finished: each request's time runs from there,
	 * so timing costs one clock read per request. Only touched while the lock is held.
	 */
	private long tick;

	/**
	 * Commands that ran since {@link #tick} without reading the clock, all of this spec: a command
	 * followed in its batch by one of the same name leaves the clock to the last of the run, which
	 * then spreads the run's time evenly. A pipeline of 16 GETs costs two clock reads instead of 17,
	 * and a clock read is a noticeable share of a pipelined command (docs/performance.md). Only
	 * touched while the lock is held.
	 */
	private @Nullable CommandSpec untimedSpec;

	private int untimedCount;

	/** The arguments of the untimed run's commands, for the slow log; reused from run to run. */
	private final List<byte[][]> untimedArgv = new ArrayList<>();

	private @Nullable Session untimedSession;

	private final SlowLog slowLog;

	private @Nullable LatencyMonitor latencyMonitor;

	private ProtectedActions protectedActions = new ProtectedActions(ProtectedActions.Setting.NO);

	/** Whether the next request of the batch has the same name as the one being run (set per request, read by its invoke). */
	private boolean sameCommandNext;

	/**
	 * Error replies counted so far (a running total): EXEC runs its queue through {@link #invoke}, and
	 * the errors its commands answered are theirs, not EXEC's, as Redis's incrCommandStatsOnError
	 * decides by its own running mark. Only touched while the lock is held.
	 */
	private long errorsCounted;

	/**
	 * Commands run so far (a running total), those EXEC runs included: Redis's
	 * total_commands_processed counts every call, and neither refused nor queued requests. Only
	 * touched while the lock is held.
	 */
	private long invocations;

	/** Persistence's hooks around write commands (a snapshot's old values, MISCONF). */
	private WriteObserver writes = WriteObserver.NONE;

	/** A script past busy-reply-threshold: other clients get -BUSY meanwhile. */
	private BusyScript busyScript = BusyScript.NONE;

	/**
	 * Whether a script command (EVAL with a shebang, FCALL) declares writes, so that it is
	 * refused as a write command is (Redis's getCommandFlags reads the script's flags).
	 */
	private BiPredicate<CommandSpec, byte[][]> scriptDeclaresWrites = (spec, argv) -> false;

	/** Set by {@link #replyFailed()} for the command running now (see {@link #invoke}). */
	private boolean replyFailed;

	/** Where executed writes go in their effect form (the append-only file); null for nowhere. */
	private @Nullable Propagator propagator;

	public CommandDispatcher(CommandTable table, ReentrantLock lock, ServerStats stats, TransactionManager transactions,
			CachedClock clock, boolean timed) {
		this(table, lock, stats, transactions, clock, timed, new SlowLog());
	}

	/**
	 * @param timed whether commands are timed (the latency metrics, commandstats' usec and the slow
	 * log all come from that timing)
	 */
	public CommandDispatcher(CommandTable table, ReentrantLock lock, ServerStats stats, TransactionManager transactions,
			CachedClock clock, boolean timed, SlowLog slowLog) {
		this(table, lock, stats, transactions, clock, timed, slowLog, CommandGate.OPEN);
	}

	/**
	 * @param gate what a command must pass before it runs or is queued (authentication, ACL, memory)
	 */
	public CommandDispatcher(CommandTable table, ReentrantLock lock, ServerStats stats, TransactionManager transactions,
			CachedClock clock, boolean timed, SlowLog slowLog, CommandGate gate) {
		this.slowLog = slowLog;
		this.gate = gate;
		this.table = table;
		this.lock = lock;
		this.stats = stats;
		this.clock = clock;
		this.transactions = transactions;
		this.timed = timed;
		transactions.runWith(this::invokeQueued);
	}

	/** Installs persistence's hooks; see {@link WriteObserver}. */
	public void observeWrites(WriteObserver observer) {
		this.writes = observer;
	}

	/** Hands executed writes to the propagator from now on; see {@link Propagator}. */
	public void propagateTo(Propagator propagator) {
		this.propagator = propagator;
	}

	/** Whether DEBUG may run (enable-debug-command). */
	public void protectActions(ProtectedActions actions) {
		this.protectedActions = actions;
	}

	/** Commands that take at least latency-monitor-threshold are latency events ("command", "fast-command"). */
	public void monitorLatency(LatencyMonitor monitor) {
		this.latencyMonitor = monitor;
	}

	/** Runs the requests in order, stopping early if one asks to close the connection (QUIT). */
	public void execute(Session session, List<byte[][]> requests, ReplyWriter out) {
		this.lock.lock();
		long invokedBefore = this.invocations;
		try {
			if (session.isClosed()) {
				return; // killed while this batch waited for the lock
			}
			out.resp3(session.resp3());
			if (this.timed) {
				this.tick = System.nanoTime();
			}
			for (int i = 0, n = requests.size(); i < n; i++) {
				byte[][] argv = requests.get(i);
				this.sameCommandNext = this.timed && i + 1 < n && Arrays.equals(argv[0], requests.get(i + 1)[0]);
				executeOne(session, argv, out);
				if (out.isCloseAfterWrite()) {
					break;
				}
			}
		}
		finally {
			this.sameCommandNext = false;
			timeUntimed(); // a run cut short (QUIT) or a failure

			// Counted under the lock: these counters take one writer at a time.
			this.stats.batch(requests.size(), (int) (this.invocations - invokedBefore), this.clock.getAsLong());
			this.clock.release();
			this.lock.unlock();
		}
	}

	/** Runs one request, or refuses or queues it. */
	private void executeOne(Session session, byte[][] argv, ReplyWriter out) {
		long now = this.clock.hold();
		int mark = out.size();
		boolean suppressed = session.repliesSuppressed();
		boolean ran = dispatch(session, argv, out, now);
		if (this.timed && !ran) {
			timeUntimed();
			this.tick = System.nanoTime(); // a refused or queued request's time is nobody's
		}
		if (suppressed && session.repliesSuppressed()) {
			out.truncate(mark); // CLIENT REPLY OFF or SKIP
		}
		session.commandDone();
	}

	/** Looks the command up, checks it, then queues it (MULTI) or runs it. */
	private boolean dispatch(Session session, byte[][] argv, ReplyWriter out, long now) {
		CommandSpec spec = this.table.lookup(argv[0]);
		if (spec != null && spec.hasSubcommands() && argv.length >= 2) {
			CommandSpec sub = spec.subcommands().get(lowerAscii(argv[1]));
			if (sub == null) {
				session.commandStarting(null, now);
				reject(session, null, "ERR unknown subcommand '" + truncate(text(argv[1]), 128) + "'. Try "
						+ spec.name().toUpperCase() + " HELP.", out);
				return false;
			}
			spec = sub;
		}
		session.commandStarting(spec != null ? spec.name() : null, now);
		if (spec == null) {
			this.stats.unknownCommand();
			reject(session, null, unknownCommand(argv), out);
			return false;
		}
		if (!spec.arityAccepts(argv.length)) {
			spec.stats().rejected();
			reject(session, spec, "ERR wrong number of arguments for '" + spec.name() + "' command", out);
			return false;
		}
		if (spec.is(CommandFlag.PROTECTED)) {
			String refusal = this.protectedActions.refusal(spec, session);
			if (refusal != null) {
				spec.stats().rejected();
				reject(session, spec, refusal, out);
				return false;
			}
		}
		String refused = this.gate.refuse(session, spec, argv);
		if (refused != null) {
			spec.stats().rejected();
			reject(session, spec, refused, out);
			return false;
		}
		if (this.busyScript.isBusy() && !spec.is(CommandFlag.ALLOW_BUSY)) {
			spec.stats().rejected();
			reject(session, spec, this.busyScript.busyError(), out);
			return false;
		}
		if (session.inMulti() && spec.is(CommandFlag.NO_MULTI)) {
			reject(session, spec, "ERR Command not allowed inside a transaction", out);
			return false;
		}
		String refusal = this.writes.writeRefusal();
		if (refusal != null && (spec.is(CommandFlag.WRITE) || spec.name().equals("ping")
				|| this.scriptDeclaresWrites.test(spec, argv))) {
			spec.stats().rejected();
			reject(session, spec, refusal, out);
			return false;
		}
		if (TransactionManager.queues(session, spec)) {
			TransactionManager.queue(session, spec, argv, out);
			return false;
		}
		invoke(session, spec, argv, out);
		return true;
	}

	/** A command EXEC runs: the gate may refuse it now (ACL rules changed since it was queued). */
	private void invokeQueued(Session session, CommandSpec spec, byte[][] argv, ReplyWriter out) {
		String refused = this.gate.refuseQueued(session, spec, argv);
		if (refused != null) {
			out.error(refused);
			return;
		}
		invoke(session, spec, argv, out);
	}

	/**
	 * Runs one checked command, turning its CommandException into an error reply and counting it in
	 * the command's stats; EXEC runs its queue through here too.
	 */
	private void invoke(Session session, CommandSpec spec, byte[][] argv, ReplyWriter out) {
		// Commands EXEC runs are timed one by one: only a request of the batch itself may leave the clock to the next.
		boolean leaveClockToNext = this.sameCommandNext && spec.name().indexOf('|') < 0;
		this.sameCommandNext = false;
		if (this.untimedCount > 0 && this.untimedSpec != spec) {
			timeUntimed(); // a subcommand of the same name: the run ends here
		}
		this.invocations++;
		int mark = out.size();
		boolean suppressed = session.repliesSuppressed();
		long errorsBefore = out.errorCount();
		long countedBefore = this.errorsCounted;
		if (this.writes.snapshotting() && spec.is(CommandFlag.WRITE)) {
			announceWrite(spec, argv);
		}
		Propagator propagation = this.propagator;
		long dirtyBefore = propagation != null ? propagation.begin() : -1;
		try {
			spec.handler().execute(session, argv, out);
		}
		catch (CommandException e) {
			out.error(e.getMessage());
		}
		catch (RuntimeException e) {
			// A bug must cost the client one error reply, not its connection or its later replies.
			out.error("ERR internal error running '" + spec.name() + "': " + e.getClass().getSimpleName());
		}
		if (propagation != null) {
			propagation.end(session, spec, argv, dirtyBefore);
		}
		// Negative when a script caught errors of the commands it called (pcall) and answered none itself.
		long errors = Math.max(0, out.errorCount() - errorsBefore - (this.errorsCounted - countedBefore));
		for (long i = 0; i < errors; i++) {
			this.stats.errorReply(out.lastError());
		}
		this.errorsCounted += errors;
		// A script's error reply that only passes on a counted error still fails the script's call.
		spec.stats().called(errors > 0 || this.replyFailed);
		this.replyFailed = false;
		if (this.timed) {
			this.untimedSpec = spec;
			this.untimedCount++;
			this.untimedArgv.add(argv);
			this.untimedSession = session;
			if (!leaveClockToNext) {
				timeUntimed();
			}
		}
		if (suppressed && session.repliesSuppressed()) {
			out.truncate(mark); // CLIENT REPLY OFF, also for commands EXEC runs
		}
	}

	/**
	 * Tells persistence which keys a write command may change, before it runs: the keys at the
	 * command's key positions, or every argument for one whose keys move; a write without key
	 * positions (FLUSHALL, SWAPDB) may change anything.
	 */
	private void announceWrite(CommandSpec spec, byte[][] argv) {
		if (spec.is(CommandFlag.MOVABLEKEYS)) {
			for (int i = 1; i < argv.length; i++) {
				this.writes.beforeKeyWrite(argv[i]);
			}
			return;
		}
		if (spec.firstKey() <= 0) {
			this.writes.beforeUnnamedWrites();
			return;
		}
		int last = spec.lastKey() < 0 ? argv.length + spec.lastKey() : spec.lastKey();
		for (int i = spec.firstKey(); i <= last && i < argv.length; i += Math.max(1, spec.step())) {
			this.writes.beforeKeyWrite(argv[i]);
		}
	}

	/** How a script command's declared flags make it a write command (see {@link #scriptDeclaresWrites}). */
	public void scriptFlags(BiPredicate<CommandSpec, byte[][]> declaresWrites) {
		this.scriptDeclaresWrites = declaresWrites;
	}

	/**
	 * The running script command answered an error that was counted already, in errorstats, when
	 * the command it called failed (redis.call raising it, or the script returning what
	 * redis.pcall gave): its call counts as failed all the same, as in Redis.
	 */
	public void replyFailed() {
		this.replyFailed = true;
	}

	/** Null if write commands may run now, else the error they get (MISCONF); scripts ask before each write they call. */
	public String writeRefusal() {
		return this.writes.writeRefusal();
	}

	/** Scripts that run past busy-reply-threshold are seen here (other clients get -BUSY meanwhile). */
	public void watchScripts(BusyScript busyScript) {
		this.busyScript = busyScript;
	}

	/**
	 * The command a script's redis.call names, its subcommand resolved as Redis's lookupCommand
	 * does; null for an unknown command or subcommand.
	 */
	public CommandSpec resolve(byte[][] argv) {
		CommandSpec spec = this.table.lookup(argv[0]);
		if (spec != null && spec.hasSubcommands() && argv.length >= 2) {
			return spec.subcommands().get(lowerAscii(argv[1]));
		}
		return spec;
	}

	/**
	 * Runs a command a script calls, already checked by the script's rules, on the script's own
	 * session and reply buffer; it counts in commandstats and errorstats as any command does. The
	 * caller holds the database lock (the script runs inside its caller's batch).
	 */
	public void callFromScript(Session session, CommandSpec spec, byte[][] argv, ReplyWriter out) {
		invoke(session, spec, argv, out);
	}

	/**
	 * A command a script called was refused before running (Redis's scriptCall error path): counted
	 * as a rejected call of the command, if known, and as an error reply.
	 */
	public void scriptRejected(CommandSpec spec, String error) {
		if (spec != null) {
			spec.stats().rejected();
		}
		this.stats.errorReply(error);
		this.errorsCounted++;
	}

	/** Ends the run of untimed commands now: they share the time since {@link #tick}. */
	private void timeUntimed() {
		if (this.untimedCount == 0) {
			return;
		}
		long now = System.nanoTime();
		long elapsed = Math.max(this.untimedCount, now - this.tick);
		this.untimedSpec.stats().ran(elapsed, this.untimedCount);
		long micros = elapsed / this.untimedCount / 1000;
		LatencyMonitor monitor = this.latencyMonitor;
		if (monitor != null) {
			monitor.sampleIfNeeded(this.untimedSpec.is(CommandFlag.FAST) ? "fast-command" : "command", micros / 1000);
		}
		if (this.slowLog.logs(micros) && !this.untimedSpec.is(CommandFlag.SKIP_SLOWLOG)) {
			for (byte[][] argv : this.untimedArgv) {
				this.slowLog.record(this.untimedSession, argv, micros, this.clock.getAsLong());
			}
		}
		this.tick = now;
		this.untimedCount = 0;
		this.untimedSpec = null;
		this.untimedArgv.clear();
		this.untimedSession = null;
	}

	/** The reply to a malformed request (the connection closes after it), counted in INFO errorstats as Redis counts it. */
	public void protocolError(ReplyWriter out, String error) {
		out.error(error);
		this.stats.errorReply(error);
	}

	/**
	 * An error reply for a request that never ran (inside MULTI it dooms the transaction), counted as
	 * Redis counts it: by the reply actually sent, which for a refused EXEC is EXECABORT.
	 */
	private void reject(Session session, CommandSpec spec, String error, ReplyWriter out) {
		this.transactions.rejected(session, spec, error, out);
		this.stats.errorReply(out.lastError());
	}

	/** Redis's text: the name and the first arguments, each quoted, up to about 128 characters in all. */
	private static String unknownCommand(byte[][] argv) {
		StringBuilder args = new StringBuilder();
		for (int i = 1; i < argv.length && args.length() < 128; i++) {
			int room = 128 - args.length(); // measured before the opening quote, as Redis's "'%.*s' " does
			args.append('\'').append(truncate(text(argv[i]), room)).append("' ");
		}
		return "ERR unknown command '" + truncate(text(argv[0]), 128) + "', with args beginning with: " + args;
	}

	/** The bytes as Redis's %s prints them: one char per byte, ending at a NUL. */
	public static String text(byte[] bytes) {
		int end = 0;
		while (end < bytes.length && bytes[end] != 0) {
			end++;
		}
		return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
	}

	private static String truncate(String s, int max) {
		return s.length() <= max ? s : s.substring(0, max);
	}

	/** The whole name, lower-cased; a NUL inside makes it unknown, as Redis's lookup by length does. */
	private static String lowerAscii(byte[] bytes) {
		return new String(bytes, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
	}

}
