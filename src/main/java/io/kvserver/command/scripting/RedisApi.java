package io.kvserver.command.scripting;

import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

import io.kvserver.command.CommandCatalog;
import io.kvserver.command.CommandDispatcher;
import io.kvserver.command.CommandSpec;
import io.kvserver.command.CommandFlag;
import io.kvserver.lua.LuaRuntime;
import io.kvserver.lua.LuaToResp;
import io.kvserver.lua.RespToLua;
import io.kvserver.protocol.Doubles;
import io.kvserver.protocol.ReplyWriter;

/**
 * The {@code redis} table of Redis 7.0 (script_lua.c's luaRegisterRedisAPI and eval.c's
 * additions): call and pcall run a command through the dispatcher on the script's own session and
 * read its reply back into Lua; the rest are the helpers and constants scripts use.
 */
final class RedisApi {

	private static final org.apache.commons.logging.Log LOGGER = org.apache.commons.logging.LogFactory.getLog("script");

	/** Redis's log levels, LL_DEBUG .. LL_WARNING. */
	private static final int LOG_DEBUG = 0;

	private static final int LOG_WARNING = 3;

	/** REDIS_VERSION_NUM of 7.0.15: 0x00MMmmpp. */
	private static final int VERSION_NUM = 0x00070000 | 15;

	private final CommandDispatcher dispatcher;

	private final Supplier<ScriptRun> running;

	RedisApi(CommandDispatcher dispatcher, Supplier<ScriptRun> running) {
		this.dispatcher = dispatcher;
		this.running = running;
	}

	/**
	 * Adds {@code redis} to the runtime's globals.
	 *
	 * @param eval EVAL's interpreter, whose {@code redis} also has breakpoint, debug and
	 * replicate_commands (eval.c adds them; FUNCTION's interpreter lacks them)
	 */
	LuaTable install(LuaRuntime runtime, boolean eval) {
		LuaTable redis = LuaRuntime.libraryTable();
		redis.rawset("call", function(args -> command(args, true)));
		redis.rawset("pcall", function(args -> command(args, false)));
		redis.rawset("log", function(RedisApi::log));
		redis.rawset("LOG_DEBUG", LuaValue.valueOf(0));
		redis.rawset("LOG_VERBOSE", LuaValue.valueOf(1));
		redis.rawset("LOG_NOTICE", LuaValue.valueOf(2));
		redis.rawset("LOG_WARNING", LuaValue.valueOf(3));
		redis.rawset("REDIS_VERSION_NUM", LuaValue.valueOf(VERSION_NUM));
		redis.rawset("REDIS_VERSION", LuaValue.valueOf(CommandCatalog.REDIS_VERSION));
		redis.rawset("setresp", function(this::setResp));
		redis.rawset("sha1hex", function(RedisApi::sha1hex));
		redis.rawset("error_reply", function(RedisApi::errorReply));
		redis.rawset("status_reply", function(RedisApi::statusReply));
		redis.rawset("set_repl", function(this::setRepl));
		redis.rawset("REPL_NONE", LuaValue.valueOf(0));
		redis.rawset("REPL_AOF", LuaValue.valueOf(1));
		redis.rawset("REPL_SLAVE", LuaValue.valueOf(2));
		redis.rawset("REPL_REPLICA", LuaValue.valueOf(2));
		redis.rawset("REPL_ALL", LuaValue.valueOf(3));
		redis.rawset("acl_check_cmd", function(this::aclCheckCommand));
		if (eval) {
			redis.rawset("breakpoint", function(args -> LuaValue.FALSE));
			redis.rawset("debug", function(args -> LuaValue.NONE));
			redis.rawset("replicate_commands", function(args -> LuaValue.TRUE));
		}
		runtime.define("redis", redis);
		return redis;
	}

	private interface Body {

		Varargs invoke(Varargs args);

	}

	private static LuaValue function(Body body) {
		return new VarArgFunction() {
			@Override
			public Varargs invoke(Varargs args) {
				return body.invoke(args);
			}
		};
	}

	/** Raises Redis's error table {@code {err="ERR message"}}, as luaPushError + luaError do. */
	static LuaError error(String message) {
		return new LuaError(RespToLua.errorTable(message));
	}

	private ScriptRun run(String what) {
		ScriptRun run = this.running.get();
		if (run == null) {
			throw error(what + " can only be called inside a script invocation");
		}
		return run;
	}

	/** redis.call (raise) and redis.pcall: luaRedisGenericCommand. */
	private Varargs command(Varargs args, boolean raise) {
		ScriptRun run = run("redis.call/pcall");
		byte[][] argv = arguments(args);
		if (argv == null) {
			LuaTable error = RespToLua.errorTable(args.narg() == 0
					? "Please specify at least one argument for this redis lib call"
					: "Lua redis lib command arguments must be strings or integers");
			if (raise) {
				throw new LuaError(error);
			}
			return error;
		}
		String refused = check(run, argv);
		if (refused != null) {
			LuaTable error = RespToLua.errorTable(refused);
			error.rawset(RespToLua.IGNORE_STATS, LuaValue.TRUE);
			if (raise) {
				throw new LuaError(error);
			}
			return error;
		}
		ReplyWriter out = run.replies;
		out.resp3(run.session.resp3());
		int mark = out.size();
		this.dispatcher.callFromScript(run.session, this.dispatcher.resolve(argv), argv, out);
		LuaValue reply = RespToLua.parse(out.buffer(), mark);
		boolean failed = RespToLua.isError(out.buffer(), mark);
		out.truncate(mark);
		if (raise && failed) {
			throw new LuaError(reply);
		}
		return reply;
	}

	/** luaArgsToRedisArgv: strings as they are, numbers as "%.17g"; null if an argument is neither (or there are none). */
	private static byte[][] arguments(Varargs args) {
		int n = args.narg();
		if (n == 0) {
			return null;
		}
		byte[][] argv = new byte[n][];
		for (int i = 0; i < n; i++) {
			LuaValue value = args.arg(i + 1);
			if (value.type() == LuaValue.TNUMBER) {
				argv[i] = Doubles.format17g(value.todouble()).getBytes(StandardCharsets.US_ASCII);
			}
			else if (value.type() == LuaValue.TSTRING) {
				argv[i] = LuaToResp.bytes((LuaString) value);
			}
			else {
				return null;
			}
		}
		return argv;
	}

	/** Redis's scriptCall checks, in its order; the refusal's text, or null to run the command. */
	private String check(ScriptRun run, byte[][] argv) {
		CommandSpec spec = this.dispatcher.resolve(argv);
		String refusal = null;
		if (spec == null) {
			refusal = "Unknown Redis command called from script";
		}
		else if (!spec.arityAccepts(argv.length)) {
			refusal = "Wrong number of args calling Redis command from script";
		}
		else if (spec.is(CommandFlag.NOSCRIPT)) {
			refusal = "This Redis command is not allowed from script";
		}
		else if (run.readOnly && (spec.is(CommandFlag.WRITE) || spec.is(CommandFlag.MAY_REPLICATE))) {
			refusal = "Write commands are not allowed from read-only scripts.";
		}
		else if (spec.is(CommandFlag.WRITE) && !run.wrote) {
			// scriptVerifyWriteCommandAllow: once the script wrote, it may finish its writes.
			String misconf = this.dispatcher.writeRefusal();
			if (misconf != null) {
				this.dispatcher.scriptRejected(spec, misconf);
				return "-" + misconf;
			}
		}
		if (refusal != null) {
			this.dispatcher.scriptRejected(spec, "ERR " + refusal);
			return refusal;
		}
		if (spec.is(CommandFlag.WRITE)) {
			run.wrote = true;
		}
		return null;
	}

	private static Varargs log(Varargs args) {
		int argc = args.narg();
		if (argc < 2) {
			throw error("redis.log() requires two arguments or more.");
		}
		if (!args.arg1().isnumber()) {
			throw error("First argument must be a number (log level).");
		}
		int level = (int) args.arg1().todouble();
		if (level < LOG_DEBUG || level > LOG_WARNING) {
			throw error("Invalid debug level.");
		}
		StringBuilder text = new StringBuilder();
		for (int i = 2; i <= argc; i++) {
			LuaValue part = args.arg(i);
			if (part.isstring()) {
				if (i != 2) {
					text.append(' ');
				}
				text.append(part.tojstring());
			}
		}
		switch (level) {
			case 0 -> LOGGER.debug(text);
			case 1 -> LOGGER.debug(text);
			case 2 -> LOGGER.info(text);
			default -> LOGGER.warn(text);
		}
		return LuaValue.NONE;
	}

	private Varargs setResp(Varargs args) {
		ScriptRun run = run("redis.setresp");
		if (args.narg() != 1) {
			throw error("redis.setresp() requires one argument.");
		}
		int resp = (int) args.arg1().optdouble(0);
		if (resp != 2 && resp != 3) {
			throw error("RESP version must be 2 or 3.");
		}
		run.session.setResp3(resp == 3);
		return LuaValue.NONE;
	}

	private Varargs setRepl(Varargs args) {
		run("redis.set_repl");
		if (args.narg() != 1) {
			throw error("redis.set_repl() requires two arguments.");
		}
		int flags = (int) args.arg1().optdouble(0);
		if ((flags & ~3) != 0) {
			throw error("Invalid replication flags. Use REPL_AOF, REPL_REPLICA, REPL_ALL or REPL_NONE.");
		}
		return LuaValue.NONE;
	}

	/** redis.acl_check_cmd: every known command is allowed, as for the default user. */
	private Varargs aclCheckCommand(Varargs args) {
		run("redis.acl_check_cmd");
		byte[][] argv = arguments(args);
		if (argv == null) {
			throw new LuaError(RespToLua.errorTable(args.narg() == 0
					? "Please specify at least one argument for this redis lib call"
					: "Lua redis lib command arguments must be strings or integers"));
		}
		if (this.dispatcher.resolve(argv) == null) {
			throw error("Invalid command passed to redis.acl_check_cmd()");
		}
		return LuaValue.TRUE;
	}

	private static Varargs sha1hex(Varargs args) {
		if (args.narg() != 1) {
			throw error("wrong number of arguments");
		}
		LuaValue value = args.arg1();
		byte[] bytes = value.isstring() ? LuaToResp.bytes(value.strvalue()) : new byte[0];
		return LuaValue.valueOf(Sha1.hex(bytes));
	}

	private static Varargs errorReply(Varargs args) {
		if (args.narg() != 1 || args.arg1().type() != LuaValue.TSTRING) {
			return RespToLua.errorTable("wrong number or type of arguments");
		}
		String text = RespToLua.latin1((LuaString) args.arg1());
		return RespToLua.errorTable(text.startsWith("-") ? text : "-" + text);
	}

	private static Varargs statusReply(Varargs args) {
		if (args.narg() != 1 || args.arg1().type() != LuaValue.TSTRING) {
			return RespToLua.errorTable("wrong number or type of arguments");
		}
		LuaTable table = new LuaTable();
		table.rawset("ok", args.arg1());
		return table;
	}

}
