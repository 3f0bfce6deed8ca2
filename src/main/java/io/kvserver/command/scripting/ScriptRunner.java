package io.kvserver.command.scripting;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

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

	ScriptRunner(ScriptWatch watch) {
		this.watch = watch;
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
			boolean readOnly, ReplyWriter out) {
		Session session = new Session(-1, System.currentTimeMillis());
		session.selectDb(caller.db());
		ScriptRun run = new ScriptRun(caller, session, this.scriptReplies, name, eval, readOnly);
		this.current = run;
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
			this.current = null;
			this.watch.ended();
			this.scriptReplies.truncate(0);
		}
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
