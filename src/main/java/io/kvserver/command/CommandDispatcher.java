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

	public CommandDispatcher(CommandTable table, ReentrantLock lock, ServerStats stats) {
		this.table = table;
		this.lock = lock;
		this.stats = stats;
	}

	/** Runs the requests in order, stopping early if one asks to close the connection (QUIT). */
	public void execute(Session session, List<byte[][]> requests, ReplyWriter out) {
		int executed = 0;
		this.lock.lock();
		try {
			for (byte[][] argv : requests) {
				executeOne(session, argv, out);
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

	private void executeOne(Session session, byte[][] argv, ReplyWriter out) {
		CommandSpec spec = this.table.lookup(argv[0]);
		if (spec == null) {
			out.error(unknownCommand(argv));
			return;
		}
		if (spec.hasSubcommands() && argv.length >= 2) {
			CommandSpec sub = spec.subcommands().get(lowerAscii(argv[1]));
			if (sub == null) {
				out.error("ERR unknown subcommand '" + truncate(text(argv[1]), 128) + "'. Try "
						+ spec.name().toUpperCase() + " HELP.");
				return;
			}
			spec = sub;
		}
		if (!spec.arityAccepts(argv.length)) {
			out.error("ERR wrong number of arguments for '" + spec.name() + "' command");
			return;
		}
		try {
			spec.handler().execute(session, argv, out);
		}
		catch (CommandException e) {
			out.error(e.getMessage());
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

	/** The whole name, lower-cased; a NUL inside makes it unknown, as Redis's lookup by length does. */
	private static String lowerAscii(byte[] bytes) {
		return new String(bytes, StandardCharsets.ISO_8859_1).toLowerCase(java.util.Locale.ROOT);
	}

}
