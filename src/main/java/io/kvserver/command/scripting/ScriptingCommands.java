package io.kvserver.command.scripting;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

import io.kvserver.command.Args;
import io.kvserver.command.BusyScript;
import io.kvserver.command.CommandDispatcher;
import io.kvserver.command.CommandException;
import io.kvserver.command.CommandFamily;
import io.kvserver.command.CommandSpec;
import io.kvserver.command.HelpReply;
import io.kvserver.command.Session;
import io.kvserver.lua.LuaRuntime;
import io.kvserver.protocol.ReplyWriter;

/**
 * EVAL, EVALSHA, EVAL_RO, EVALSHA_RO and SCRIPT, as Redis 7.0's eval.c: scripts are cached by the
 * SHA1 of their body, compiled once into the one Lua interpreter of EVAL, and run with KEYS and
 * ARGV as globals, atomically (under the database lock, inside the caller's batch).
 */
public final class ScriptingCommands implements CommandFamily {

	static final String NOSCRIPT = "NOSCRIPT No matching script. Please use EVAL.";

	static final String NOTBUSY = "NOTBUSY No scripts in execution right now.";

	static final String UNKILLABLE = "UNKILLABLE Sorry the script already executed write commands against the "
			+ "dataset. You can either wait the script termination or kill the server in a hard way using the "
			+ "SHUTDOWN NOSAVE command.";

	private static final List<String> SCRIPT_HELP = List.of(
			"SCRIPT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
			"DEBUG (YES|SYNC|NO)",
			"    Set the debug mode for subsequent scripts executed.",
			"EXISTS <sha1> [<sha1> ...]",
			"    Return information about the existence of the scripts in the script cache.",
			"FLUSH [ASYNC|SYNC]",
			"    Flush the Lua scripts cache. Very dangerous on replicas.",
			"    When called without the optional mode argument, the behavior is determined by the",
			"    lazyfree-lazy-user-flush configuration directive. Valid modes are:",
			"    * ASYNC: Asynchronously flush the scripts cache.",
			"    * SYNC: Synchronously flush the scripts cache.",
			"KILL",
			"    Kill the currently executing Lua script.",
			"LOAD <script>",
			"    Load a script into the scripts cache without executing it.",
			"HELP",
			"    Prints this help.");

	/** A cached script: its body, declared flags and compiled function. */
	record Script(byte[] body, ScriptFlags flags, LuaFunction function) {
	}

	private final AtomicLong busyReplyThreshold = new AtomicLong(5000);

	private final ScriptRunner runner;

	private CommandDispatcher dispatcher;

	private LuaRuntime lua;

	private final Map<String, Script> scripts = new HashMap<>();

	/** Bytes of the cached bodies and their shas (INFO used_memory_scripts_eval). */
	private long scriptsMemory;

	public ScriptingCommands(BusyScript busy) {
		this.runner = new ScriptRunner(new ScriptWatch(this.busyReplyThreshold::get, busy));
	}

	/** Scripts call commands through the dispatcher, which exists only once every family is built. */
	public void runWith(CommandDispatcher dispatcher) {
		this.dispatcher = dispatcher;
		this.lua = newInterpreter();
	}

	/** busy-reply-threshold (and its old name lua-time-limit), in milliseconds; 0 turns it off. */
	public AtomicLong busyReplyThreshold() {
		return this.busyReplyThreshold;
	}

	private LuaRuntime newInterpreter() {
		LuaRuntime runtime = new LuaRuntime();
		runtime.defineRedisLibraries();
		new RedisApi(this.dispatcher, this.runner::current).install(runtime);
		runtime.lock();
		return runtime;
	}

	@Override
	public String familyName() {
		return "scripting";
	}

	@Override
	public List<CommandSpec> commands() {
		return List.of(CommandSpec.of("eval", (s, a, o) -> eval(s, a, o, false, false)),
				CommandSpec.of("evalsha", (s, a, o) -> eval(s, a, o, true, false)),
				CommandSpec.of("eval_ro", (s, a, o) -> eval(s, a, o, false, true)),
				CommandSpec.of("evalsha_ro", (s, a, o) -> eval(s, a, o, true, true)),
				CommandSpec.container("script", List.of(CommandSpec.of("script|exists", this::exists),
						CommandSpec.of("script|flush", this::flush), CommandSpec.of("script|debug", this::debug),
						CommandSpec.of("script|help", (s, a, o) -> HelpReply.write(SCRIPT_HELP, o)),
						CommandSpec.of("script|load", this::load), CommandSpec.of("script|kill", this::kill))));
	}

	/** evalGenericCommand. */
	private void eval(Session session, byte[][] argv, ReplyWriter out, boolean evalsha, boolean readOnly) {
		long numkeys = Args.parseLong(argv[2]);
		if (numkeys > argv.length - 3) {
			throw new CommandException("ERR Number of keys can't be greater than number of args");
		}
		if (numkeys < 0) {
			throw new CommandException("ERR Number of keys can't be negative");
		}
		String sha;
		Script script;
		if (evalsha) {
			if (argv[1].length != 40) {
				throw new CommandException(NOSCRIPT);
			}
			sha = new String(argv[1], StandardCharsets.ISO_8859_1).toLowerCase(java.util.Locale.ROOT);
			script = this.scripts.get(sha);
			if (script == null) {
				throw new CommandException(NOSCRIPT);
			}
		}
		else {
			sha = Sha1.hex(argv[1]);
			script = this.scripts.get(sha);
			if (script == null) {
				script = create(argv[1], sha);
			}
		}
		ScriptFlags flags = script.flags();
		if (!flags.compat() && !flags.noWrites() && readOnly) {
			throw new CommandException("ERR Can not execute a script with write flag using *_ro command.");
		}
		boolean readOnlyRun = readOnly || (!flags.compat() && flags.noWrites());
		this.lua.forceGlobal("KEYS", strings(argv, 3, (int) numkeys));
		this.lua.forceGlobal("ARGV", strings(argv, 3 + (int) numkeys, argv.length - 3 - (int) numkeys));
		this.runner.run(this.lua, script.function(), LuaValue.NONE, session, sha, true, readOnlyRun, out);
	}

	private static LuaTable strings(byte[][] argv, int from, int count) {
		LuaTable table = new LuaTable(count, 0);
		for (int i = 0; i < count; i++) {
			table.rawset(i + 1, LuaString.valueOf(argv[from + i]));
		}
		return table;
	}

	/** luaCreateFunction: reads the shebang, compiles the body and caches it under its sha. */
	private Script create(byte[] body, String sha) {
		ScriptFlags flags = ScriptFlags.of(body);
		LuaFunction function;
		try {
			function = this.lua.compile(body, flags.shebangLength(), "@user_script");
		}
		catch (LuaError ex) {
			throw new CommandException("ERR Error compiling script (new function): " + ex.getMessage());
		}
		Script script = new Script(body, flags, function);
		this.scripts.put(sha, script);
		this.scriptsMemory += body.length + sha.length();
		return script;
	}

	private void load(Session session, byte[][] argv, ReplyWriter out) {
		String sha = Sha1.hex(argv[2]);
		if (!this.scripts.containsKey(sha)) {
			create(argv[2], sha);
		}
		out.bulkText(sha);
	}

	private void exists(Session session, byte[][] argv, ReplyWriter out) {
		out.arrayHeader(argv.length - 2);
		for (int i = 2; i < argv.length; i++) {
			out.integer(this.scripts.containsKey(new String(argv[i], StandardCharsets.ISO_8859_1)) ? 1 : 0);
		}
	}

	/** SCRIPT FLUSH [ASYNC|SYNC]: forgets every script and starts a new interpreter, as scriptingReset does. */
	private void flush(Session session, byte[][] argv, ReplyWriter out) {
		if (argv.length > 3 || (argv.length == 3 && !Args.is(argv[2], "SYNC") && !Args.is(argv[2], "ASYNC"))) {
			throw new CommandException("ERR SCRIPT FLUSH only support SYNC|ASYNC option");
		}
		this.scripts.clear();
		this.scriptsMemory = 0;
		this.lua = newInterpreter();
		out.ok();
	}

	private void debug(Session session, byte[][] argv, ReplyWriter out) {
		// The Lua debugger (LDB) is not implemented; scripts always run normally.
		if (Args.is(argv[2], "NO")) {
			out.ok();
			return;
		}
		if (Args.is(argv[2], "YES") || Args.is(argv[2], "SYNC")) {
			throw new CommandException("ERR SCRIPT DEBUG is not supported by this server");
		}
		throw new CommandException("ERR Use SCRIPT DEBUG YES/SYNC/NO");
	}

	/** SCRIPT KILL (scriptKill with is_eval). */
	private void kill(Session session, byte[][] argv, ReplyWriter out) {
		ScriptRun run = this.runner.current();
		if (run == null) {
			throw new CommandException(NOTBUSY);
		}
		if (run.wrote) {
			throw new CommandException(UNKILLABLE);
		}
		if (!run.eval) {
			throw new CommandException(
					"BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE.");
		}
		run.killed = true;
		out.ok();
	}

	/** Number of cached scripts (INFO number_of_cached_scripts). */
	public int cachedScripts() {
		return this.scripts.size();
	}

	/** Bytes held by the cached scripts (INFO used_memory_scripts_eval). */
	public long scriptsMemory() {
		return this.scriptsMemory;
	}

}
