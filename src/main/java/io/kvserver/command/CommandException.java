package io.kvserver.command;

import java.util.Locale;

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

	/**
	 * Redis's addReplySubcommandSyntaxError, for a subcommand whose own handler refuses its
	 * arguments: the subcommand as typed, the container upper-cased.
	 */
	public static CommandException subcommandSyntax(byte[][] argv) {
		String sub = CommandDispatcher.text(argv[1]);
		return new CommandException("ERR unknown subcommand or wrong number of arguments for '"
				+ (sub.length() > 128 ? sub.substring(0, 128) : sub) + "'. Try " + CommandDispatcher.text(argv[0]).toUpperCase(Locale.ROOT)
				+ " HELP.");
	}

	public static CommandException wrongType() {
		return new CommandException(WRONGTYPE);
	}

}
