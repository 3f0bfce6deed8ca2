package io.kvserver.compat.random;

import java.util.List;

import io.kvserver.protocol.RespReply;

/**
 * How the replies of one command are compared when Redis does not fix every byte: an order it
 * leaves open, a random pick, a clock. Error replies are always compared byte for byte, whatever
 * the rule; so are replies that are not one complete reply. {@link ReplyRules} holds the rules.
 */
public interface ReplyRule {

	/**
	 * What differs between the two replies under this rule, or null when they agree.
	 *
	 * @param servers a way to ask both servers more (the rest of a SCAN, whether a random pick is a
	 * member), for rules that {@link #asks()}
	 */
	String compare(RespReply redis, RespReply kvserver, Servers servers);

	/** Whether {@link #compare} sends requests of its own; such a command ends its pipelined batch. */
	default boolean asks() {
		return false;
	}

	/** The rule for the reply as an element of EXEC's array, where no follow-up request fits in. */
	default ReplyRule inTransaction() {
		return this;
	}

	/** The two servers as a rule may question them, on the connection of the command being compared. */
	interface Servers {

		/** The command whose replies are compared. */
		FuzzCommand command();

		RespReply redis(List<byte[]> argv);

		RespReply kvserver(List<byte[]> argv);

	}

}
