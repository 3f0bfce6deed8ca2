package io.kvserver.command.server;

import java.util.List;

import io.kvserver.command.CommandException;
import io.kvserver.command.CommandFamily;
import io.kvserver.command.CommandSpec;
import io.kvserver.command.HelpReply;
import io.kvserver.command.Session;
import io.kvserver.command.SlowLog;
import io.kvserver.protocol.ReplyWriter;
import io.kvserver.util.Numbers;

/** SLOWLOG GET, LEN, RESET and HELP (slowlog.c). */
public final class SlowLogCommands implements CommandFamily {

	private static final List<String> HELP = List.of(
			"SLOWLOG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
			"GET [<count>]",
			"    Return top <count> entries from the slowlog (default: 10, -1 mean all).",
			"    Entries are made of:",
			"    id, timestamp, time in microseconds, arguments array, client IP and port,",
			"    client name",
			"LEN",
			"    Return the length of the slowlog.",
			"RESET",
			"    Reset the slowlog.",
			"HELP",
			"    Prints this help.");

	private final SlowLog log;

	public SlowLogCommands(SlowLog log) {
		this.log = log;
	}

	@Override
	public List<CommandSpec> commands() {
		return List.of(CommandSpec.container("slowlog", List.of(
				CommandSpec.of("slowlog|get", this::get),
				CommandSpec.of("slowlog|len", (s, a, o) -> o.integer(this.log.size())),
				CommandSpec.of("slowlog|reset", (s, a, o) -> {
					this.log.reset();
					o.ok();
				}),
				CommandSpec.of("slowlog|help", (s, a, o) -> HelpReply.write(HELP, o)))));
	}

	private void get(Session session, byte[][] argv, ReplyWriter out) {
		if (argv.length > 3) {
			throw CommandException.subcommandSyntax(argv);
		}
		long count = 10;
		if (argv.length == 3) {
			long[] parsed = new long[1];
			if (!Numbers.parseLong(argv[2], parsed) || parsed[0] < -1) {
				throw new CommandException("ERR count should be greater than or equal to -1");
			}
			count = parsed[0];
		}
		List<SlowLog.Entry> entries = this.log.newest(count);
		out.arrayHeader(entries.size());
		for (SlowLog.Entry entry : entries) {
			out.arrayHeader(6);
			out.integer(entry.id());
			out.integer(entry.unixSeconds());
			out.integer(entry.micros());
			out.arrayHeader(entry.argv().length);
			for (byte[] arg : entry.argv()) {
				out.bulk(arg);
			}
			out.bulkText(entry.peer());
			out.bulk(entry.clientName());
		}
	}

	@Override
	public String familyName() {
		return "server";
	}

}
