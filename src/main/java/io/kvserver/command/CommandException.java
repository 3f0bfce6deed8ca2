package io.kvserver.command;

/**
 * A command's error reply, thrown from argument parsing deep inside a handler. The message is the
 * full Redis error text including its code ("ERR ...", "WRONGTYPE ...").
 */
public final class CommandException extends RuntimeException {

	public static final String NOT_AN_INTEGER = "ERR value is not an integer or out of range";

	public static final String SYNTAX = "ERR syntax error";

	public CommandException(String message) {
		super(message, null, false, false);
	}

}
