package io.kvserver.command.scripting;

import io.kvserver.command.Session;
import io.kvserver.protocol.ReplyWriter;

/**
 * One running script (Redis's scriptRunCtx): who called it, the session its redis.call commands
 * run on, what it may do, and what it did so far (a write makes it unkillable).
 */
final class ScriptRun {

	final Session caller;

	final Session session;

	/** Where the commands it calls reply, read back into Lua. */
	final ReplyWriter replies;

	/** The sha (EVAL) or function name, as Redis names the script in errors and logs. */
	final String name;

	/** EVAL/EVALSHA (SCRIPT KILL) rather than FCALL (FUNCTION KILL). */
	final boolean eval;

	/** Write commands are refused: an _RO command, or a script declared no-writes. */
	final boolean readOnly;

	/** The command that started it (FUNCTION STATS shows it). */
	final byte[][] command;

	final long startNanos = System.nanoTime();

	volatile boolean wrote;

	volatile boolean killed;

	/** Whether the busy threshold has passed: other clients get -BUSY meanwhile. */
	volatile boolean busy;

	ScriptRun(Session caller, Session session, ReplyWriter replies, String name, boolean eval, boolean readOnly,
			byte[][] command) {
		this.command = command;
		this.caller = caller;
		this.session = session;
		this.replies = replies;
		this.name = name;
		this.eval = eval;
		this.readOnly = readOnly;
	}

}
