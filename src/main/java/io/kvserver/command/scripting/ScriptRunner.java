package io.kvserver.command.scripting;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

import io.kvserver.command.Args;
import io.kvserver.command.CommandException;
import io.kvserver.command.Session;
import io.kvserver.lua.LuaRuntime;
import io.kvserver.lua.LuaToResp;
import io.kvserver.lua.RespToLua;
import io.kvserver.lua.ScriptError;
import io.kvserver.lua.ScriptKilled;
import io.kvserver.protocol.ReplyWriter;

/**
 * Runs one script or function to its reply (script_lua.c's luaCallFunction): sets up the run, calls
 * the Lua function with the watchdog, and turns its result or its error into the caller's reply,
 * with Redis's "script: name, on @user_script:line." suffix on errors.
 */
final class ScriptRunner {

	private final ScriptWatch watch;

	/** The script session's reply buffer, reused by every run. */
	private final ReplyWriter scriptReplies = new ReplyWriter();

	private ScriptRun current;

	/** Told when a run answers an error: the command counts as failed even if the error was counted already. */
	private Runnable errorReplied = () -> {
	};

	ScriptRunner(ScriptWatch watch) {
		this.watch = watch;
	}

	void onErrorReply(Runnable errorReplied) {
		this.errorReplied = errorReplied;
	}

	/** The running script, or null. */
	ScriptRun current() {
		return this.current;
	}

	/**
	 * @param name what Redis calls the script in error replies (the sha, or the function name)
	 * @param args the arguments the function gets (none for EVAL, KEYS and ARGV for FCALL)
	 */
	void run(LuaRuntime runtime, LuaFunction function, Varargs args, Session caller, String name, boolean eval,
			boolean readOnly, ReplyWriter out, byte[][] command) {
		Session session = new Session(-1, System.currentTimeMillis());
		session.selectDb(caller.db());
		ScriptRun run = new ScriptRun(caller, session, this.scriptReplies, name, eval, readOnly, command);
		this.current = run;
		long errorsBefore = out.errorCount();
		try {
			LuaValue result = runtime.call(function, args, () -> this.watch.check(run));
			LuaToResp.write(result, out, session.resp3());
		}
		catch (ScriptKilled ex) {
			replyError(ScriptError.of(ex), name, out);
		}
		catch (LuaError ex) {
			replyError(ScriptError.of(ex), name, out);
		}
		finally {
			if (out.errorCount() > errorsBefore) {
				this.errorReplied.run();
			}
			this.current = null;
			this.watch.ended();
			this.scriptReplies.truncate(0);
		}
	}

	/** KEYS or ARGV: {@code count} arguments from {@code from}, as a Lua array of strings. */
	static LuaTable strings(byte[][] argv, int from, int count) {
		LuaTable table = new LuaTable(count, 0);
		for (int i = 0; i < count; i++) {
			table.rawset(i + 1, LuaString.valueOf(argv[from + i]));
		}
		return table;
	}

	/**
	 * EVAL's and FCALL's numkeys (argv[2]), checked against the arguments that follow.
	 *
	 * @param notANumber the error for a numkeys that is not an integer (EVAL and FCALL word it differently)
	 */
	static int numkeys(byte[][] argv, String notANumber) {
		long numkeys;
		try {
			numkeys = Args.parseLong(argv[2]);
		}
		catch (CommandException ex) {
			throw new CommandException(notANumber);
		}
		if (numkeys > argv.length - 3) {
			throw new CommandException("ERR Number of keys can't be greater than number of args");
		}
		if (numkeys < 0) {
			throw new CommandException("ERR Number of keys can't be negative");
		}
		return (int) numkeys;
	}

	/**
	 * SCRIPT KILL ({@code eval}) and FUNCTION KILL (scriptKill): only a script of the command's own
	 * kind that has not written.
	 */
	void kill(boolean eval, ReplyWriter out) {
		ScriptRun run = this.current;
		if (run == null) {
			throw new CommandException("NOTBUSY No scripts in execution right now.");
		}
		if (run.wrote) {
			throw new CommandException("UNKILLABLE Sorry the script already executed write commands against the "
					+ "dataset. You can either wait the script termination or kill the server in a hard way using the "
					+ "SHUTDOWN NOSAVE command.");
		}
		if (eval && !run.eval) {
			throw new CommandException(
					"BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE.");
		}
		if (!eval && run.eval) {
			throw new CommandException(
					"BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.");
		}
		run.killed = true;
		out.ok();
	}

	/** The error reply of a failed script: eval.c's __redis__err__handler and luaCallFunction together. */
	private static void replyError(ScriptError error, String name, ReplyWriter out) {
		LuaValue value = error.value();
		String message;
		if (value.istable()) {
			LuaValue err = ((LuaTable) value).rawget("err");
			message = err.isstring() ? RespToLua.latin1(err.strvalue()) : "(null)";
		}
		else {
			message = "ERR " + (value.type() == LuaValue.TSTRING ? RespToLua.latin1((LuaString) value) : value.tojstring());
		}
		StringBuilder text = new StringBuilder(message);
		int end = text.length();
		while (end > 0 && (text.charAt(end - 1) == '\r' || text.charAt(end - 1) == '\n')) {
			end--;
		}
		text.setLength(end);
		if (error.source() != null) {
			text.append(" script: ").append(name).append(", on ").append(error.source()).append(':').append(error.line())
				.append('.');
		}
		out.error(text.toString());
	}

}
