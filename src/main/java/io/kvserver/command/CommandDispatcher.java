package io.kvserver.command;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

import io.kvserver.metrics.ServerStats;
import io.kvserver.protocol.ReplyWriter;

/**
 * Looks commands up, checks arity and runs them. A whole batch runs under the database lock, so a
 * pipelined batch pays for the lock once and, like Redis, no other client's command lands in the
 * middle of one command.
 */
public final class CommandDispatcher {

	private final CommandTable table;

	private final ReentrantLock lock;

	private final ServerStats stats;

	private final LongSupplier clock;

	private final Transactions transactions;

	public CommandDispatcher(CommandTable table, ReentrantLock lock, ServerStats stats, Transactions transactions,
			LongSupplier clock) {
		this.table = table;
		this.lock = lock;
		this.stats = stats;
		this.clock = clock;
		this.transactions = transactions;
		transactions.runWith(this::invoke);
	}

	/** Runs the requests in order, stopping early if one asks to close the connection (QUIT). */
	public void execute(Session session, List<byte[][]> requests, ReplyWriter out) {
		int executed = 0;
		long now = this.clock.getAsLong();
		this.lock.lock();
		try {
			if (session.isClosed()) {
				return; // killed while this batch waited for the lock
			}
			out.resp3(session.resp3());
			for (byte[][] argv : requests) {
				executeOne(session, argv, out, now);
				executed++;
				if (out.isCloseAfterWrite()) {
					break;
				}
			}
		}
		finally {
			this.lock.unlock();
			this.stats.commandsProcessed(executed);
		}
	}

	private void executeOne(Session session, byte[][] argv, ReplyWriter out, long now) {
		int mark = out.size();
		boolean suppressed = session.repliesSuppressed();
		dispatch(session, argv, out, now);
		if (suppressed && session.repliesSuppressed()) {
			out.truncate(mark); // CLIENT REPLY OFF or SKIP
		}
		session.commandDone();
	}

	/** Looks the command up, checks it, then queues it (MULTI) or runs it. */
	private void dispatch(Session session, byte[][] argv, ReplyWriter out, long now) {
		CommandSpec spec = this.table.lookup(argv[0]);
		if (spec != null && spec.hasSubcommands() && argv.length >= 2) {
			CommandSpec sub = spec.subcommands().get(lowerAscii(argv[1]));
			if (sub == null) {
				session.commandStarting(null, now);
				this.transactions.rejected(session, null, "ERR unknown subcommand '" + truncate(text(argv[1]), 128)
						+ "'. Try " + spec.name().toUpperCase() + " HELP.", out);
				return;
			}
			spec = sub;
		}
		session.commandStarting(spec != null ? spec.name() : null, now);
		if (spec == null) {
			this.transactions.rejected(session, null, unknownCommand(argv), out);
		}
		else if (!spec.arityAccepts(argv.length)) {
			this.transactions.rejected(session, spec, "ERR wrong number of arguments for '" + spec.name() + "' command", out);
		}
		else if (Transactions.queues(session, spec)) {
			Transactions.queue(session, spec, argv, out);
		}
		else {
			invoke(session, spec, argv, out);
		}
	}

	/** Runs one checked command, turning its CommandException into an error reply; also runs EXEC's queue. */
	private void invoke(Session session, CommandSpec spec, byte[][] argv, ReplyWriter out) {
		int mark = out.size();
		boolean suppressed = session.repliesSuppressed();
		try {
			spec.handler().execute(session, argv, out);
		}
		catch (CommandException e) {
			out.error(e.getMessage());
		}
		if (suppressed && session.repliesSuppressed()) {
			out.truncate(mark);
		}
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
	static String text(byte[] bytes) {
		int end = 0;
		while (end < bytes.length && bytes[end] != 0) {
			end++;
		}
		return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
	}

	private static String truncate(String s, int max) {
		return s.length() <= max ? s : s.substring(0, max);
	}

	private static String lowerAscii(byte[] bytes) {
		return text(bytes).toLowerCase(java.util.Locale.ROOT);
	}

}
