package io.kvserver.lua;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaThread;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

import io.kvserver.store.HeapHeadroom;

/**
 * The globals of Redis 7.0's Lua 5.1, built from LuaJ's 5.2 libraries: the 5.1 functions LuaJ
 * lacks ({@code unpack}, {@code loadstring}, {@code gcinfo}, {@code table.getn}, {@code math.mod},
 * ...), the 5.2 ones 5.1 does not have left out, Redis's {@code pcall} (which returns a Redis
 * error table's message) and {@code math.random} (Redis's own generator), and library errors in
 * 5.1's words ("bad argument #1 to 'insert' (table expected, got nil)").
 */
final class Lua51 {

	/** Lua 5.1's LUAI_MAXCSTACK: no call may push more values (unpack's "too many results"). */
	private static final int MAX_STACK = 8000;

	private static final List<String> BASE = List.of("assert", "getmetatable", "ipairs", "next", "pairs", "rawequal",
			"rawget", "rawset", "select", "setmetatable", "tonumber", "tostring", "type");

	private static final Set<String> STRING = Set.of("byte", "char", "dump", "find", "format", "gmatch", "gsub", "len",
			"lower", "match", "rep", "reverse", "sub", "upper");

	private static final Set<String> TABLE = Set.of("concat", "insert", "remove", "sort");

	private static final Set<String> MATH = Set.of("abs", "acos", "asin", "atan", "atan2", "ceil", "cos", "cosh", "deg",
			"exp", "floor", "fmod", "frexp", "huge", "ldexp", "log", "max", "min", "modf", "pi", "pow", "rad", "sin",
			"sinh", "sqrt", "tan", "tanh");

	private static final Set<String> COROUTINE = Set.of("resume", "running", "status", "yield");

	private Lua51() {
	}

	static void install(LuaRuntime runtime, Globals globals, LuaTable env) {
		for (String name : BASE) {
			env.rawset(name, named(name, globals.get(name)));
		}
		env.rawset("error", new Error(runtime));
		env.rawset("pcall", new Pcall(globals));
		env.rawset("xpcall", new Xpcall(globals));
		env.rawset("unpack", new Unpack());
		env.rawset("loadstring", new LoadString(runtime));
		env.rawset("load", new Load(runtime));
		env.rawset("collectgarbage", new CollectGarbage());
		env.rawset("gcinfo", new GcInfo());
		env.rawset("__redis__err__handler", new ErrorHandler());

		env.rawset("string", sharedString((LuaTable) globals.get("string")));
		LuaTable table = library((LuaTable) globals.get("table"), TABLE, Map.of());
		table.rawset("getn", new GetN());
		table.rawset("maxn", new MaxN());
		table.rawset("foreach", new ForEach());
		table.rawset("foreachi", new ForEachI());
		table.rawset("setn", new SetN());
		env.rawset("table", table);
		LuaTable math = library((LuaTable) globals.get("math"), MATH, Map.of("mod", "fmod"));
		math.rawset("log10", new Log10());
		math.rawset("random", new Random(runtime.random()));
		math.rawset("randomseed", new RandomSeed(runtime.random()));
		env.rawset("math", math);
		LuaTable coroutine = library((LuaTable) globals.get("coroutine"), COROUTINE, Map.of());
		coroutine.rawset("create", new Create(runtime, globals));
		coroutine.rawset("wrap", new Wrap(runtime, globals));
		env.rawset("coroutine", coroutine);
	}

	/**
	 * The string library, one for every interpreter: strings' metatable is global to LuaJ (one per
	 * JVM), and {@code getmetatable('').__index == string} must hold in each interpreter (EVAL's,
	 * FUNCTION's, and a new one after SCRIPT FLUSH). Its functions keep no state.
	 */
	private static LuaTable sharedString;

	static synchronized LuaTable sharedString(LuaTable luajString) {
		if (sharedString == null) {
			LuaTable string = library(luajString, STRING, Map.of("gfind", "gmatch"));
			string.rawset("format", new StringFormat());
			string.rawset("rep", new Rep(luajString));
			ProtectedTable meta = new ProtectedTable();
			meta.rawset(LuaValue.INDEX, string);
			LuaRuntime.lockAll(meta);
			LuaString.s_metatable = meta;
			sharedString = string;
		}
		return sharedString;
	}

	/** A read-only copy of the named functions of a LuaJ library, each reporting errors in 5.1's words. */
	private static LuaTable library(LuaTable source, Set<String> names, Map<String, String> aliases) {
		LuaTable copy = LuaRuntime.libraryTable();
		for (String name : names) {
			copy.rawset(name, named(name, source.get(name)));
		}
		aliases.forEach((alias, name) -> copy.rawset(alias, named(alias, source.get(name))));
		return copy;
	}

	/** The function, with LuaJ's "bad argument #1: ..." errors rewritten as 5.1's "bad argument #1 to 'name' (...)". */
	static LuaValue named(String name, LuaValue function) {
		if (!function.isfunction()) {
			return function;
		}
		return new Named(name, function);
	}

	static LuaError argError(int arg, String function, String message) {
		return new LuaError("bad argument #" + arg + " to '" + function + "' (" + message + ")");
	}

	static LuaError typeError(int arg, String function, String expected, Varargs args) {
		String got = arg > args.narg() ? "no value" : args.arg(arg).typename();
		return argError(arg, function, expected + " expected, got " + got);
	}

	/** luaL_checkint: the argument as a number cast to int, as C casts it. */
	static int checkInt(Varargs args, int arg, String function) {
		LuaValue value = args.arg(arg);
		LuaValue number = value.tonumber();
		if (number.isnil()) {
			throw typeError(arg, function, "number", args);
		}
		return (int) (long) number.todouble();
	}

	private static final class Named extends VarArgFunction {

		private final String functionName;

		private final LuaValue function;

		Named(String name, LuaValue function) {
			this.functionName = name;
			this.function = function;
		}

		@Override
		public Varargs invoke(Varargs args) {
			try {
				return this.function.invoke(args);
			}
			catch (LuaError ex) {
				String message = ex.getMessage();
				if (message != null && message.startsWith("bad argument #")) {
					int colon = message.indexOf(": ");
					if (colon > 0) {
						throw new LuaError(message.substring(0, colon) + " to '" + this.functionName + "' ("
								+ message.substring(colon + 2) + ")");
					}
				}
				if (message != null && message.startsWith("bad argument: ")) {
					throw unnumbered(message.substring("bad argument: ".length()), args);
				}
				throw ex;
			}
		}

		/**
		 * LuaJ's checks on a value ("bad argument: table expected, got nil") do not say which
		 * argument it was: the first one of the type it got is taken, or the first missing one.
		 */
		private LuaError unnumbered(String detail, Varargs args) {
			int got = detail.lastIndexOf(", got ");
			if (got < 0) {
				return new LuaError("bad argument #1 to '" + this.functionName + "' (" + detail + ")");
			}
			String type = detail.substring(got + ", got ".length());
			int arg = args.narg() + 1;
			for (int i = 1; i <= args.narg(); i++) {
				if (args.arg(i).typename().equals(type)) {
					arg = i;
					break;
				}
			}
			String text = arg > args.narg() ? detail.substring(0, got) + ", got no value" : detail;
			return argError(arg, this.functionName, text);
		}

		@Override
		public String tojstring() {
			return "function: builtin: " + this.functionName;
		}

	}

	/** error(message [, level]): a string message gets the position of the function at that level, as in 5.1. */
	private static final class Error extends VarArgFunction {

		private final LuaRuntime runtime;

		Error(LuaRuntime runtime) {
			this.runtime = runtime;
		}

		@Override
		public Varargs invoke(Varargs args) {
			LuaValue message = args.arg1();
			int level = args.narg() >= 2 ? checkInt(args, 2, "error") : 1;
			if ((message.type() == TSTRING || message.type() == TNUMBER) && level > 0) {
				message = valueOf(this.runtime.where(level) + message.tojstring());
			}
			throw new LuaError(message);
		}

	}

	/**
	 * Redis's pcall: as Lua's, except that a Redis error table (from redis.call) comes back as its
	 * message, as errors were strings before Redis 7.
	 */
	private static final class Pcall extends VarArgFunction {

		private final Globals globals;

		Pcall(Globals globals) {
			this.globals = globals;
		}

		@Override
		public Varargs invoke(Varargs args) {
			if (args.narg() == 0) {
				throw typeError(1, "pcall", "value", args);
			}
			LuaValue function = args.arg1();
			this.globals.debuglib.onCall(this);
			try {
				return varargsOf(TRUE, function.invoke(args.subargs(2)));
			}
			catch (ScriptKilled ex) {
				throw ex;
			}
			catch (LuaError ex) {
				LuaValue value = ScriptError.of(ex).value();
				if (value.istable()) {
					LuaValue err = value.get("err");
					if (err.isstring()) {
						value = err;
					}
				}
				return varargsOf(FALSE, value);
			}
			catch (StackOverflowError ex) {
				return varargsOf(FALSE, valueOf("stack overflow"));
			}
			finally {
				this.globals.debuglib.onReturn();
			}
		}

	}

	/** xpcall(f, handler): the handler gets the error value and its result is returned after false. */
	private static final class Xpcall extends VarArgFunction {

		private final Globals globals;

		Xpcall(Globals globals) {
			this.globals = globals;
		}

		@Override
		public Varargs invoke(Varargs args) {
			if (args.narg() < 2) {
				throw typeError(2, "xpcall", "value", args);
			}
			LuaValue function = args.arg1();
			LuaValue handler = args.arg(2);
			this.globals.debuglib.onCall(this);
			try {
				return varargsOf(TRUE, function.invoke(NONE));
			}
			catch (ScriptKilled ex) {
				throw ex;
			}
			catch (LuaError ex) {
				return varargsOf(FALSE, handler.invoke(ScriptError.of(ex).value()));
			}
			catch (StackOverflowError ex) {
				return varargsOf(FALSE, handler.invoke(valueOf("stack overflow")));
			}
			finally {
				this.globals.debuglib.onReturn();
			}
		}

	}

	private static final class Unpack extends VarArgFunction {

		@Override
		public Varargs invoke(Varargs args) {
			if (!args.arg1().istable()) {
				throw typeError(1, "unpack", "table", args);
			}
			LuaTable table = (LuaTable) args.arg1();
			int first = args.arg(2).isnil() ? 1 : checkInt(args, 2, "unpack");
			int last = args.arg(3).isnil() ? table.rawlen() : checkInt(args, 3, "unpack");
			if (first > last) {
				return NONE;
			}
			long count = (long) last - first + 1;
			if (count + args.narg() > MAX_STACK) {
				throw new LuaError("too many results to unpack");
			}
			LuaValue[] values = new LuaValue[(int) count];
			for (int i = 0; i < count; i++) {
				values[i] = table.rawget(first + i);
			}
			return varargsOf(values);
		}

	}

	/** loadstring(text [, chunkname]): a function running with the script globals, or nil and the message. */
	private static final class LoadString extends VarArgFunction {

		private final LuaRuntime runtime;

		LoadString(LuaRuntime runtime) {
			this.runtime = runtime;
		}

		@Override
		public Varargs invoke(Varargs args) {
			if (!args.arg1().isstring()) {
				throw typeError(1, "loadstring", "string", args);
			}
			String chunkName = args.arg(2).isnil() ? args.arg1().tojstring() : args.arg(2).tojstring();
			try {
				return this.runtime.load(args.arg1().strvalue(), chunkName, this.runtime.env());
			}
			catch (LuaError ex) {
				return varargsOf(NIL, valueOf(ex.getMessage()));
			}
		}

	}

	/** load(function [, chunkname]): 5.1's, which reads the chunk from a function only. */
	private static final class Load extends VarArgFunction {

		private final LuaRuntime runtime;

		Load(LuaRuntime runtime) {
			this.runtime = runtime;
		}

		@Override
		public Varargs invoke(Varargs args) {
			if (!args.arg1().isfunction()) {
				throw typeError(1, "load", "function", args);
			}
			StringBuilder text = new StringBuilder();
			while (true) {
				LuaValue piece = args.arg1().call();
				if (piece.isnil() || (piece.isstring() && piece.length() == 0)) {
					break;
				}
				if (!piece.isstring()) {
					return varargsOf(NIL, valueOf("reader function must return a string"));
				}
				text.append(piece.tojstring());
			}
			String chunkName = args.arg(2).isnil() ? "=(load)" : args.arg(2).tojstring();
			try {
				return this.runtime.load(valueOf(text.toString()), chunkName, this.runtime.env());
			}
			catch (LuaError ex) {
				return varargsOf(NIL, valueOf(ex.getMessage()));
			}
		}

	}

	/**
	 * collectgarbage: the JVM collects for all, so "collect" and "step" do nothing (a script must not
	 * stop the whole server for a full collection) and "count" reports the heap in use.
	 */
	private static final class CollectGarbage extends VarArgFunction {

		private static final Set<String> OPTIONS = Set.of("stop", "restart", "collect", "count", "step", "setpause",
				"setstepmul");

		@Override
		public Varargs invoke(Varargs args) {
			String option = args.arg1().isnil() ? "collect" : args.arg1().tojstring();
			if (!OPTIONS.contains(option)) {
				throw argError(1, "collectgarbage", "invalid option '" + option + "'");
			}
			if (option.equals("count")) {
				Runtime jvm = Runtime.getRuntime();
				return valueOf((jvm.totalMemory() - jvm.freeMemory()) / 1024.0);
			}
			return ZERO;
		}

	}

	private static final class GcInfo extends VarArgFunction {

		@Override
		public Varargs invoke(Varargs args) {
			Runtime jvm = Runtime.getRuntime();
			return valueOf((int) ((jvm.totalMemory() - jvm.freeMemory()) / 1024));
		}

	}

	/**
	 * The global Redis leaves from its error handler ({@code __redis__err__handler}): an error value
	 * as a Redis error table. kvserver reports positions itself, so it adds none.
	 */
	private static final class ErrorHandler extends VarArgFunction {

		@Override
		public Varargs invoke(Varargs args) {
			LuaValue error = args.arg1();
			if (error.istable()) {
				return error;
			}
			LuaTable table = new LuaTable();
			table.rawset("err", valueOf("ERR " + error.tojstring()));
			return table;
		}

	}

	private static final class GetN extends VarArgFunction {

		@Override
		public Varargs invoke(Varargs args) {
			if (!args.arg1().istable()) {
				throw typeError(1, "getn", "table", args);
			}
			return valueOf(((LuaTable) args.arg1()).rawlen());
		}

	}

	private static final class MaxN extends VarArgFunction {

		@Override
		public Varargs invoke(Varargs args) {
			if (!args.arg1().istable()) {
				throw typeError(1, "maxn", "table", args);
			}
			double max = 0;
			for (LuaValue key : ((LuaTable) args.arg1()).keys()) {
				if (key.isnumber() && key.todouble() > max) {
					max = key.todouble();
				}
			}
			return valueOf(max);
		}

	}

	private static final class ForEach extends VarArgFunction {

		@Override
		public Varargs invoke(Varargs args) {
			if (!args.arg1().istable()) {
				throw typeError(1, "foreach", "table", args);
			}
			if (!args.arg(2).isfunction()) {
				throw typeError(2, "foreach", "function", args);
			}
			LuaTable table = (LuaTable) args.arg1();
			LuaValue key = NIL;
			while (true) {
				Varargs next = table.next(key);
				key = next.arg1();
				if (key.isnil()) {
					return NIL;
				}
				LuaValue result = args.arg(2).call(key, next.arg(2));
				if (!result.isnil()) {
					return result;
				}
			}
		}

	}

	private static final class ForEachI extends VarArgFunction {

		@Override
		public Varargs invoke(Varargs args) {
			if (!args.arg1().istable()) {
				throw typeError(1, "foreachi", "table", args);
			}
			if (!args.arg(2).isfunction()) {
				throw typeError(2, "foreachi", "function", args);
			}
			LuaTable table = (LuaTable) args.arg1();
			int n = table.rawlen();
			for (int i = 1; i <= n; i++) {
				LuaValue result = args.arg(2).call(valueOf(i), table.rawget(i));
				if (!result.isnil()) {
					return result;
				}
			}
			return NIL;
		}

	}

	/**
	 * string.rep, refusing a result larger than a quarter of the heap, or than the heap has free,
	 * up front ("not enough memory", as Lua's allocator fails) instead of letting the server run
	 * out of memory.
	 */
	private static final class Rep extends VarArgFunction {

		private final LuaValue rep;

		Rep(LuaTable string) {
			this.rep = string.get("rep");
		}

		@Override
		public Varargs invoke(Varargs args) {
			if (!args.arg1().isstring()) {
				throw typeError(1, "rep", "string", args);
			}
			long count = checkInt(args, 2, "rep");
			if (count <= 0) {
				return EMPTYSTRING;
			}
			long bytes = (long) args.arg1().strvalue().length() * count;
			if (bytes > Runtime.getRuntime().maxMemory() / 4 || !HeapHeadroom.RUNTIME.allows(bytes)) {
				throw new LuaError("not enough memory");
			}
			return this.rep.invoke(args);
		}

	}

	private static final class SetN extends VarArgFunction {

		@Override
		public Varargs invoke(Varargs args) {
			throw new LuaError("'setn' is obsolete");
		}

	}

	private static final class Log10 extends VarArgFunction {

		@Override
		public Varargs invoke(Varargs args) {
			LuaValue number = args.arg1().tonumber();
			if (number.isnil()) {
				throw typeError(1, "log10", "number", args);
			}
			return valueOf(Math.log10(number.todouble()));
		}

	}

	/** Redis's math.random: Lua 5.1's, on Redis's lrand48 so every server gives the same sequence. */
	private static final class Random extends VarArgFunction {

		private final RedisRandom random;

		Random(RedisRandom random) {
			this.random = random;
		}

		@Override
		public Varargs invoke(Varargs args) {
			double r = (this.random.next() % RedisRandom.MAX) / (double) RedisRandom.MAX;
			switch (args.narg()) {
				case 0:
					return valueOf(r);
				case 1: {
					int upper = checkInt(args, 1, "random");
					if (upper < 1) {
						throw argError(1, "random", "interval is empty");
					}
					return valueOf(Math.floor(r * upper) + 1);
				}
				case 2: {
					int lower = checkInt(args, 1, "random");
					int upper = checkInt(args, 2, "random");
					if (lower > upper) {
						throw argError(2, "random", "interval is empty");
					}
					return valueOf(Math.floor(r * (upper - lower + 1)) + lower);
				}
				default:
					throw new LuaError("wrong number of arguments");
			}
		}

	}

	private static final class RandomSeed extends VarArgFunction {

		private final RedisRandom random;

		RandomSeed(RedisRandom random) {
			this.random = random;
		}

		@Override
		public Varargs invoke(Varargs args) {
			this.random.seed(checkInt(args, 1, "randomseed"));
			return NONE;
		}

	}

	/** coroutine.create: the new coroutine is watched like the script (SCRIPT KILL reaches into it). */
	private static final class Create extends VarArgFunction {

		private final LuaRuntime runtime;

		private final Globals globals;

		Create(LuaRuntime runtime, Globals globals) {
			this.runtime = runtime;
			this.globals = globals;
		}

		@Override
		public Varargs invoke(Varargs args) {
			if (!args.arg1().isfunction()) {
				throw typeError(1, "create", "function", args);
			}
			LuaThread thread = new LuaThread(this.globals, args.arg1());
			this.runtime.watch(thread);
			return thread;
		}

	}

	private static final class Wrap extends VarArgFunction {

		private final LuaRuntime runtime;

		private final Globals globals;

		Wrap(LuaRuntime runtime, Globals globals) {
			this.runtime = runtime;
			this.globals = globals;
		}

		@Override
		public Varargs invoke(Varargs args) {
			if (!args.arg1().isfunction()) {
				throw typeError(1, "wrap", "function", args);
			}
			LuaThread thread = new LuaThread(this.globals, args.arg1());
			this.runtime.watch(thread);
			LuaValue resume = this.globals.get("coroutine").get("resume");
			return new VarArgFunction() {
				@Override
				public Varargs invoke(Varargs wrapped) {
					Varargs result = resume.invoke(varargsOf(thread, wrapped));
					if (result.arg1().toboolean()) {
						return result.subargs(2);
					}
					throw new LuaError(result.arg(2));
				}
			};
		}

	}

}
