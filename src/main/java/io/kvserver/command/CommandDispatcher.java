package io.kvserver.command;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

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

	/** Whether each command's run time is measured (one nanoTime call and a histogram update per request). */
	private final boolean timed;

	/**
	 * When the previous request of the running batch finished: each request's time runs from there,
	 * so timing costs one clock read per request. Only touched while the lock is held.
	 */
	private long tick;

	public CommandDispatcher(CommandTable table, ReentrantLock lock, ServerStats stats) {
		this(table, lock, stats, true);
	}

	public CommandDispatcher(CommandTable table, ReentrantLock lock, ServerStats stats, boolean timed) {
		this.table = table;
		this.lock = lock;
		this.stats = stats;
		this.timed = timed;
	}

	/** Runs the requests in order, stopping early if one asks to close the connection (QUIT). */
	public void execute(Session session, List<byte[][]> requests, ReplyWriter out) {
		int executed = 0;
		this.lock.lock();
		try {
			if (this.timed) {
				this.tick = System.nanoTime();
			}
			for (byte[][] argv : requests) {
				if (executeOne(session, argv, out)) {
					executed++;
				}
				if (out.isCloseAfterWrite()) {
					break;
				}
			}
		}
		finally {
			this.lock.unlock();
			this.stats.commandsProcessed(executed);
			this.stats.batch(requests.size());
		}
	}

	/** Runs one request; false if it was refused before running (unknown command, wrong arity), which Redis does not count as processed. */
	private boolean executeOne(Session session, byte[][] argv, ReplyWriter out) {
		boolean ran = dispatch(session, argv, out);
		if (this.timed && !ran) {
			this.tick = System.nanoTime(); // a refused request's time is nobody's
		}
		return ran;
	}

	private boolean dispatch(Session session, byte[][] argv, ReplyWriter out) {
		CommandSpec spec = this.table.lookup(argv[0]);
		if (spec == null) {
			this.stats.unknownCommand();
			reject(out, unknownCommand(argv));
			return false;
		}
		if (spec.hasSubcommands() && argv.length >= 2) {
			CommandSpec sub = spec.subcommands().get(lowerAscii(argv[1]));
			if (sub == null) {
				reject(out, "ERR unknown subcommand '" + truncate(text(argv[1]), 128) + "'. Try "
						+ spec.name().toUpperCase() + " HELP.");
				return false;
			}
			spec = sub;
		}
		if (!spec.arityAccepts(argv.length)) {
			spec.stats().rejected();
			reject(out, "ERR wrong number of arguments for '" + spec.name() + "' command");
			return false;
		}
		long errorsBefore = out.errorCount();
		try {
			spec.handler().execute(session, argv, out);
		}
		catch (CommandException e) {
			out.error(e.getMessage());
		}
		long elapsed = 0;
		if (this.timed) {
			long now = System.nanoTime();
			elapsed = Math.max(1, now - this.tick);
			this.tick = now;
		}
		long errors = out.errorCount() - errorsBefore;
		for (long i = 0; i < errors; i++) {
			this.stats.errorReply(out.lastError());
		}
		spec.stats().called(elapsed, errors > 0);
		return true;
	}

	/** An error reply for a request that never ran, counted in INFO errorstats as Redis counts it. */
	void reject(ReplyWriter out, String error) {
		out.error(error);
		this.stats.errorReply(error);
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

	/** The whole name, lower-cased; a NUL inside makes it unknown, as Redis's lookup by length does. */
	private static String lowerAscii(byte[] bytes) {
		return new String(bytes, StandardCharsets.ISO_8859_1).toLowerCase(java.util.Locale.ROOT);
	}

}
