package io.kvserver.lua;

import java.io.ByteArrayInputStream;
import java.util.Map;

import org.luaj.vm2.Globals;
import org.luaj.vm2.LoadState;
import org.luaj.vm2.Lua;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaThread;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.UpValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.compiler.LuaC;
import org.luaj.vm2.lib.BaseLib;
import org.luaj.vm2.lib.CoroutineLib;
import org.luaj.vm2.lib.DebugLib;
import org.luaj.vm2.lib.OneArgFunction;
import org.luaj.vm2.lib.PackageLib;
import org.luaj.vm2.lib.StringLib;
import org.luaj.vm2.lib.TableLib;
import org.luaj.vm2.lib.TwoArgFunction;
import org.luaj.vm2.lib.jse.JseMathLib;

/**
 * One Lua interpreter with Redis 7.0's sandbox: the globals a script sees are exactly those Redis
 * leaves (no {@code os}, {@code io}, {@code require}, {@code loadfile}, {@code dofile},
 * {@code print}, {@code debug}, and nothing that reaches Java), in Lua 5.1's shape
 * ({@link Lua51}), and once {@link #lock locked} neither they nor any table reachable from them
 * can be changed, while reading a missing global is an error. Redis's own libraries (cjson,
 * cmsgpack, bit, struct, redis) are added by the caller before locking.
 * <p>
 * Not thread-safe: one script runs at a time, under the database lock.
 */
public final class LuaRuntime {

	/** Instructions between two calls of the watchdog: about a tenth of a millisecond of Lua. */
	static final int HOOK_INSTRUCTIONS = 10_000;

	private final Globals globals = new Globals();

	private final ProtectedTable env = new ProtectedTable();

	private final LuaFunction getinfo;

	private final RedisRandom random = new RedisRandom();

	private Watchdog watchdog = Watchdog.NONE;

	private LuaTable functionGlobals;

	/** Where {@link #functionGlobals} looks names up (see {@link #useLoadGlobals}). */
	private LuaValue functionFallback;

	private final AllocationGuard allocations = new AllocationGuard();

	/** Instructions run since the watchdog was last called. */
	private int sinceWatchdog;

	/** The count hook: the allocation guard at the interval it chooses, the watchdog every {@link #HOOK_INSTRUCTIONS}. */
	private final LuaFunction hook = new TwoArgFunction() {
		@Override
		public LuaValue call(LuaValue event, LuaValue line) {
			LuaThread.State state = LuaRuntime.this.globals.running.state;
			int interval = state.hookcount;
			state.hookcount = LuaRuntime.this.allocations.check(interval);
			state.bytecodes = 0;
			LuaRuntime.this.sinceWatchdog += interval;
			if (LuaRuntime.this.sinceWatchdog >= HOOK_INSTRUCTIONS) {
				LuaRuntime.this.sinceWatchdog = 0;
				LuaRuntime.this.watchdog.check();
			}
			return NONE;
		}
	};

	/** Called every few thousand instructions while a script runs; may stop it by throwing a LuaError. */
	@FunctionalInterface
	public interface Watchdog {

		Watchdog NONE = () -> {
		};

		void check();

	}

	public LuaRuntime() {
		this.globals.load(new BaseLib());
		this.globals.load(new PackageLib());
		this.globals.load(new TableLib());
		this.globals.load(new StringLib());
		this.globals.load(new JseMathLib());
		this.globals.load(new CoroutineLib());
		// Installed for its call stack and count hook (how a running script is watched), never shown to scripts.
		this.globals.load(new DebugLib());
		LoadState.install(this.globals);
		LuaC.install(this.globals);
		LuaTable debug = (LuaTable) this.globals.get("debug");
		this.getinfo = (LuaFunction) debug.get("getinfo");
		// Errors keep "fileline message" instead of a stack trace (see ScriptError).
		this.globals.running.errorfunc = identity();
		Lua51.install(this, this.globals, this.env);
		this.env.rawset("_G", this.env);
		this.env.rawset("_VERSION", LuaValue.valueOf("Lua 5.1"));
		this.functionFallback = this.env;
	}

	/** Adds the libraries Redis loads besides Lua's own: cjson, struct, cmsgpack and bit. */
	public void defineRedisLibraries() {
		define("cjson", CjsonLibrary.create());
		define("struct", StructLibrary.create());
		define("cmsgpack", CmsgpackLibrary.create());
		define("bit", BitLibrary.create());
	}

	/**
	 * The globals FUNCTION libraries run with (function_lua.c's): an empty read-only table whose
	 * missing names are looked up in the table {@link #useLoadGlobals} or {@link #useScriptGlobals}
	 * chose, so that loading a library sees only its load-time {@code redis} table and calling a
	 * function sees every global. Created by the first call; {@link #lock} first.
	 */
	public LuaTable functionGlobals() {
		if (this.functionGlobals == null) {
			ProtectedTable globals = new ProtectedTable();
			ProtectedTable meta = new ProtectedTable();
			meta.rawset(LuaValue.INDEX, new TwoArgFunction() {
				@Override
				public LuaValue call(LuaValue table, LuaValue key) {
					return LuaRuntime.this.functionFallback.get(key);
				}
			});
			globals.setmetatable(meta);
			lockAll(globals);
			this.functionGlobals = globals;
		}
		return this.functionGlobals;
	}

	/** While a library loads: its globals are only {@code loadGlobals} (its load-time {@code redis}). */
	public void useLoadGlobals(LuaTable loadGlobals) {
		this.functionFallback = loadGlobals;
	}

	/** While a function runs: every global. */
	public void useScriptGlobals() {
		this.functionFallback = this.env;
	}

	/**
	 * A table whose missing keys are errors ("Script attempted to access nonexistent global
	 * variable"), read-only once {@link #lockAll}ed: the load-time globals of FUNCTION.
	 */
	public static LuaTable strictTable() {
		ProtectedTable table = new ProtectedTable();
		table.setmetatable(missingGlobalMetatable());
		return table;
	}

	/** Locks a table made with {@link #strictTable} or {@link #libraryTable} and every table in it. */
	public static void lockTable(LuaTable table) {
		lockAll(table);
	}

	private static ProtectedTable missingGlobalMetatable() {
		ProtectedTable missing = new ProtectedTable();
		missing.rawset(LuaValue.INDEX, new TwoArgFunction() {
			@Override
			public LuaValue call(LuaValue table, LuaValue key) {
				throw new LuaError("Script attempted to access nonexistent global variable '" + key.tojstring() + "'");
			}
		});
		return missing;
	}

	/** Compiles a FUNCTION library's code, running with {@link #functionGlobals}. */
	public LuaFunction compileLibrary(byte[] body, String chunkName) {
		return prepare(this.globals.load(new ByteArrayInputStream(body), chunkName, "t", this.globals),
				functionGlobals());
	}

	/** Adds a global (a library table or a function) before {@link #lock}. */
	public void define(String name, LuaValue value) {
		this.env.rawset(name, value);
	}

	/** The global, or nil. */
	public LuaValue global(String name) {
		return this.env.rawget(name);
	}

	/** A global set even after {@link #lock}: EVAL's KEYS and ARGV. */
	public void forceGlobal(String name, LuaValue value) {
		this.env.force(LuaValue.valueOf(name), value);
	}

	/**
	 * Ends set-up: reading a missing global becomes an error, and the globals and every table
	 * reachable from them become read-only, as Redis's scriptingInit leaves them.
	 */
	public void lock() {
		this.env.setmetatable(missingGlobalMetatable());
		lockAll(this.env);
	}

	static void lockAll(LuaValue value) {
		if (!(value instanceof ProtectedTable table) || table.isLocked()) {
			return;
		}
		table.lock();
		for (LuaValue key : table.keys()) {
			lockAll(table.rawget(key));
		}
		lockAll(table.getmetatable());
	}

	/**
	 * A read-only copy of a library table (its functions shared), so that scripts cannot change it.
	 */
	static ProtectedTable protectedCopy(LuaTable table, Map<String, LuaValue> extra) {
		ProtectedTable copy = new ProtectedTable();
		for (LuaValue key : table.keys()) {
			copy.rawset(key, table.rawget(key));
		}
		extra.forEach((name, value) -> {
			if (value == null) {
				copy.rawset(LuaValue.valueOf(name), LuaValue.NIL);
			}
			else {
				copy.rawset(LuaValue.valueOf(name), value);
			}
		});
		return copy;
	}

	/** A new table that is locked with the globals (a library). */
	public static LuaTable libraryTable() {
		return new ProtectedTable();
	}

	/**
	 * Compiles a script body.
	 *
	 * @param chunkName Redis's names: "@user_script" for EVAL
	 * @throws LuaError with the compiler's message ("user_script:1: ... near ...")
	 */
	public LuaFunction compile(byte[] body, int offset, String chunkName) {
		return prepare(this.globals.load(new ByteArrayInputStream(body, offset, body.length - offset), chunkName, "t",
				this.globals), this.env);
	}

	/** Compiles text with the given environment (loadstring). */
	LuaValue load(LuaString text, String chunkName, LuaValue environment) {
		return prepare(this.globals.load(text.toInputStream(), chunkName, "t", this.globals), environment);
	}

	/**
	 * A compiled chunk made ready to run. LuaJ runs its debug hooks (the watchdog, the call stack
	 * behind error positions) only in closures created with the Globals as their environment, so
	 * the chunk is created so and its {@code _ENV} then pointed at the script globals.
	 */
	private static LuaFunction prepare(LuaValue chunk, LuaValue environment) {
		LuaClosure closure = (LuaClosure) chunk;
		if (closure.upValues.length > 0) {
			closure.upValues[0] = new UpValue(new LuaValue[] { environment }, 0);
		}
		keepFrames(closure.p);
		return closure;
	}

	/**
	 * Turns every tail call into a call followed by the return the compiler already put after it.
	 * LuaJ runs a tail call after its caller has returned, so an error raised in {@code return
	 * redis.call(...)} or {@code return error(...)}, the commonest lines of Redis scripts, would
	 * lose its line; Lua 5.1 keeps the caller's frame under a C function, and Redis reports it.
	 * The price: Lua-to-Lua tail recursion uses the stack.
	 */
	private static void keepFrames(Prototype prototype) {
		int[] code = prototype.code;
		for (int i = 0; i < code.length; i++) {
			if (Lua.GET_OPCODE(code[i]) == Lua.OP_TAILCALL) {
				code[i] = (code[i] & ~Lua.MASK_OP & ~Lua.MASK_C) | Lua.OP_CALL;
			}
		}
		for (Prototype nested : prototype.p) {
			keepFrames(nested);
		}
	}

	LuaTable env() {
		return this.env;
	}

	RedisRandom random() {
		return this.random;
	}

	/**
	 * Runs a compiled script with the watchdog called every few thousand instructions.
	 *
	 * @return the script's first return value
	 * @throws LuaError the script failed (see {@link ScriptError#of})
	 */
	public LuaValue call(LuaFunction function, Varargs args, Watchdog watchdog) {
		LuaThread.State state = this.globals.running.state;
		this.watchdog = watchdog;
		state.hookfunc = this.hook;
		state.hookcount = this.allocations.start();
		state.bytecodes = 0;
		this.sinceWatchdog = 0;
		try {
			return function.invoke(args).arg1();
		}
		catch (StackOverflowError ex) {
			throw new LuaError("stack overflow");
		}
		catch (OutOfMemoryError ex) {
			// One allocation the guard could not foresee failed; it took nothing, and the script's garbage goes with it.
			throw new LuaError("not enough memory");
		}
		finally {
			state.hookfunc = null;
			state.hookcount = 0;
			this.watchdog = Watchdog.NONE;
		}
	}

	/** A coroutine created now is watched like the script that creates it. */
	void watch(LuaThread thread) {
		thread.state.hookfunc = this.hook;
		thread.state.hookcount = AllocationGuard.FIRST_INTERVAL;
		thread.errorfunc = identity();
	}

	/** Lua 5.1's where(level): "user_script:3: " for a Lua function at that level, "" otherwise. */
	String where(int level) {
		Varargs info = this.getinfo.invoke(LuaValue.valueOf(level), LuaValue.valueOf("Sl"));
		LuaValue frame = info.arg1();
		if (!frame.istable()) {
			return "";
		}
		int line = frame.get("currentline").optint(-1);
		if (line <= 0) {
			return "";
		}
		return frame.get("short_src").tojstring() + ":" + line + ": ";
	}

	Globals globals() {
		return this.globals;
	}

	private static LuaFunction identity() {
		return new OneArgFunction() {
			@Override
			public LuaValue call(LuaValue message) {
				return message;
			}
		};
	}

}
