package io.kvserver.command;

import java.util.List;

import io.kvserver.protocol.ReplyWriter;

/** A HELP subcommand's reply: one status line per entry, as Redis's addReplyHelp. */
public final class HelpReply {

	private HelpReply() {
	}

	public static void write(List<String> lines, ReplyWriter out) {
		out.arrayHeader(lines.size());
		lines.forEach(out::simpleString);
	}

}
