package io.kvserver.command.scripting;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaValue;

import io.kvserver.command.Args;
import io.kvserver.command.BusyScript;
import io.kvserver.command.CommandDispatcher;
import io.kvserver.command.CommandException;
import io.kvserver.command.CommandFamily;
import io.kvserver.command.CommandSpec;
import io.kvserver.command.HelpReply;
import io.kvserver.command.Session;
import io.kvserver.lua.LuaFootprint;
import io.kvserver.lua.LuaRuntime;
import io.kvserver.metrics.InfoFields;
import io.kvserver.protocol.ReplyWriter;

/**
 * EVAL, EVALSHA, EVAL_RO, EVALSHA_RO and SCRIPT, as Redis 7.0's eval.c: scripts are cached by the
 * SHA1 of their body, compiled once into the one Lua interpreter of EVAL, and run with KEYS and
 * ARGV as globals, atomically (under the database lock, inside the caller's batch).
 */
public final class ScriptingCommands implements CommandFamily {

	static final String NOSCRIPT = "NOSCRIPT No matching script. Please use EVAL.";

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

	/** The cached scripts' compiled code, by Lua's measure (INFO used_memory_vm_eval, see LuaFootprint). */
	private long compiledMemory;

	private final FunctionCommands functions;

	/**
	 * @param rdbCompression rdbcompression: whether FUNCTION DUMP compresses library code
	 * @param librariesChanged told of each FUNCTION LOAD, DELETE, FLUSH and RESTORE: one change for
	 * server.dirty (save rules, the append-only file), as in Redis
	 */
	public ScriptingCommands(BusyScript busy, BooleanSupplier rdbCompression, Runnable librariesChanged) {
		this.runner = new ScriptRunner(new ScriptWatch(this.busyReplyThreshold::get, busy));
		this.functions = new FunctionCommands(this.runner, rdbCompression, librariesChanged);
	}

	/** FUNCTION, FCALL and FCALL_RO: their own family, sharing the running script with EVAL (one runs at a time). */
	public FunctionCommands functions() {
		return this.functions;
	}

	/** Scripts call commands through the dispatcher, which exists only once every family is built. */
	public void runWith(CommandDispatcher dispatcher) {
		this.dispatcher = dispatcher;
		dispatcher.scriptFlags(this::declaresWrites);
		this.runner.onErrorReply(dispatcher::replyFailed);
		this.lua = newInterpreter(true);
		// Functions have an interpreter of their own, as in Redis.
		this.functions.use(newInterpreter(false));
	}

	/** busy-reply-threshold (and its old name lua-time-limit), in milliseconds; 0 turns it off. */
	public AtomicLong busyReplyThreshold() {
		return this.busyReplyThreshold;
	}

	private LuaRuntime newInterpreter(boolean eval) {
		LuaRuntime runtime = new LuaRuntime();
		runtime.defineRedisLibraries();
		new RedisApi(this.dispatcher, this.runner::current).install(runtime, eval);
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
						CommandSpec.of("script|load", this::load),
						CommandSpec.of("script|kill", (s, a, o) -> this.runner.kill(true, o)))));
	}

	/**
	 * evalGetCommandFlags and fcallGetCommandFlags: whether the command runs a script that declares
	 * writes (a shebang without no-writes, or a function without it), which is then refused as a
	 * write command is. Asked only while writes are refused.
	 */
	private boolean declaresWrites(CommandSpec spec, byte[][] argv) {
		String name = spec.name();
		if (name.startsWith("fcall")) {
			return this.functions.declaresWrites(argv[1]);
		}
		if (!name.startsWith("eval")) {
			return false;
		}
		ScriptFlags flags;
		if (name.startsWith("evalsha")) {
			Script script = this.scripts.get(new String(argv[1], StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT));
			if (script == null) {
				return false;
			}
			flags = script.flags();
		}
		else {
			Script script = this.scripts.get(Sha1.hex(argv[1]));
			try {
				flags = script != null ? script.flags() : ScriptFlags.of(argv[1]);
			}
			catch (CommandException ex) {
				return false; // the command itself reports the bad shebang
			}
		}
		return !flags.compat() && !flags.noWrites();
	}

	/** evalGenericCommand. */
	private void eval(Session session, byte[][] argv, ReplyWriter out, boolean evalsha, boolean readOnly) {
		int numkeys = ScriptRunner.numkeys(argv, CommandException.NOT_AN_INTEGER);
		String sha;
		Script script;
		if (evalsha) {
			if (argv[1].length != 40) {
				throw new CommandException(NOSCRIPT);
			}
			sha = new String(argv[1], StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
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
		this.lua.forceGlobal("KEYS", ScriptRunner.strings(argv, 3, numkeys));
		this.lua.forceGlobal("ARGV", ScriptRunner.strings(argv, 3 + numkeys, argv.length - 3 - numkeys));
		this.runner.run(this.lua, script.function(), LuaValue.NONE, session, sha, true, readOnlyRun, out, argv);
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
		this.compiledMemory += LuaFootprint.of(function);
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
		this.compiledMemory = 0;
		this.lua = newInterpreter(true);
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

	/**
	 * INFO's scripting fields of the memory section: the script cache and the function libraries
	 * (their code and names; the interpreters' own memory is the JVM's and is not counted).
	 */
	public void reportTo(InfoFields info) {
		info.register("used_memory_lua", this::evalVmMemory)
			.register("used_memory_vm_eval", this::evalVmMemory)
			.register("used_memory_lua_human", () -> InfoFields.human(evalVmMemory()))
			.register("used_memory_vm_functions", this.functions::vmMemory)
			.register("used_memory_vm_total", () -> evalVmMemory() + this.functions.vmMemory())
			.register("used_memory_vm_total_human", () -> InfoFields.human(evalVmMemory() + this.functions.vmMemory()))
			.register("used_memory_scripts_eval", () -> this.scriptsMemory)
			.register("number_of_cached_scripts", this.scripts::size)
			.register("number_of_functions", this.functions::functionCount)
			.register("number_of_libraries", this.functions::libraryCount)
			.register("used_memory_functions", this.functions::memory)
			.register("used_memory_scripts", () -> this.scriptsMemory + this.functions.memory())
			.register("used_memory_scripts_human", () -> InfoFields.human(this.scriptsMemory + this.functions.memory()));
	}

	/** EVAL's interpreter: empty, plus the cached scripts' compiled code, in whole kilobytes as Lua counts. */
	private long evalVmMemory() {
		return LuaFootprint.kilobytes(LuaFootprint.EMPTY_EVAL_VM + this.compiledMemory);
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
