package io.kvserver.command;

/**
 * A command's error reply, thrown from argument parsing deep inside a handler. The message is the
 * full Redis error text including its code ("ERR ...", "WRONGTYPE ...").
 */
public final class CommandException extends RuntimeException {

	public static final String NOT_AN_INTEGER = "ERR value is not an integer or out of range";

	public static final String SYNTAX = "ERR syntax error";

	public static final String WRONGTYPE = "WRONGTYPE Operation against a key holding the wrong kind of value";

	public static final String NOT_A_FLOAT = "ERR value is not a valid float";

	public CommandException(String message) {
		super(message, null, false, false);
	}

	/** A relative or absolute expire time that is not positive or overflows, as Redis words it per command. */
	public static CommandException invalidExpireTime(String commandName) {
		return new CommandException("ERR invalid expire time in '" + commandName + "' command");
	}

	public static CommandException wrongType() {
		return new CommandException(WRONGTYPE);
	}

}
