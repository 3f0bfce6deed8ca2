package io.kvserver.command;

import io.kvserver.protocol.ReplyWriter;

/** Executes one command whose name and arity have already been checked. */
@FunctionalInterface
public interface CommandHandler {

	void execute(Session session, byte[][] argv, ReplyWriter out);

}
