package io.kvserver.command.scripting;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

import io.kvserver.command.CommandException;
import io.kvserver.lua.LuaFootprint;
import io.kvserver.lua.LuaRuntime;
import io.kvserver.lua.RespToLua;
import io.kvserver.lua.ScriptError;

/**
 * The loaded FUNCTION libraries and their functions (functions.c's functionsLibCtx), and loading a
 * library's code with the Lua engine (function_lua.c): the {@code #!lua name=...} first line, the
 * code run once with only {@code redis.register_function} (and log, version) in reach, the
 * functions it registered kept with their flags and description.
 */
final class FunctionLibraries {

	static final String BAD_NAME = "Library names can only contain letters, numbers, or underscores(_) and must be at "
			+ "least one character long";

	/**
	 * How long a library's code may run while it loads (function_lua.c's 500 ms): it should only
	 * register functions. Redis waives it for FUNCTION RESTORE and the RDB file; here it always
	 * applies, so that no payload can hang the server.
	 */
	private static final long LOAD_TIMEOUT_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

	/** Flags in Redis's order (scripts_flags_def), as FUNCTION LIST shows them. */
	static final List<String> FLAG_NAMES = List.of("no-writes", "allow-oom", "allow-stale", "no-cluster",
			"allow-cross-slot-keys");

	/** A registered function. */
	record Function(String name, byte[] description, List<String> flags, LuaFunction callback, Library library) {

		boolean noWrites() {
			return this.flags.contains("no-writes");
		}

	}

	/**
	 * A library: its name, its whole code (shebang included), its functions, and its compiled
	 * code's size by Lua's measure (see LuaFootprint).
	 */
	record Library(String name, byte[] code, Map<String, Function> functions, long compiledMemory) {
	}

	/** Libraries by name; iteration order is Redis's "unspecified" (FUNCTION LIST is compared unordered). */
	private Map<String, Library> libraries = new HashMap<>();

	private Map<String, Function> functions = new HashMap<>();

	private final LuaRuntime lua;

	/** The library being loaded, which redis.register_function adds to; null outside FUNCTION LOAD. */
	private Map<String, Function> registering;

	private Library loading;

	private final LuaTable loadGlobals;

	FunctionLibraries(LuaRuntime lua) {
		this.lua = lua;
		this.loadGlobals = loadGlobals();
	}

	Map<String, Library> libraries() {
		return this.libraries;
	}

	Function function(String name) {
		return this.functions.get(name);
	}

	/** The libraries' compiled code by Lua's measure (INFO used_memory_vm_functions, beyond the empty interpreter). */
	long compiledMemory() {
		long total = 0;
		for (Library library : this.libraries.values()) {
			total += library.compiledMemory();
		}
		return total;
	}

	int functionCount() {
		return this.functions.size();
	}

	/** FUNCTION FLUSH. */
	void clear() {
		this.libraries = new HashMap<>();
		this.functions = new HashMap<>();
	}

	/** FUNCTION DELETE; false if there is no such library. */
	boolean delete(String name) {
		Library library = this.libraries.remove(name);
		if (library == null) {
			return false;
		}
		library.functions().keySet().forEach(this.functions::remove);
		return true;
	}

	/**
	 * FUNCTION LOAD: compiles and runs the code, then adds the library (replacing one of its name
	 * when {@code replace}); the library's name.
	 *
	 * @throws CommandException Redis's error
	 */
	String load(byte[] code, boolean replace) {
		Library library = compile(code);
		Library old = this.libraries.get(library.name());
		if (old != null && !replace) {
			throw new CommandException("ERR Library '" + library.name() + "' already exists");
		}
		for (String function : library.functions().keySet()) {
			Function existing = this.functions.get(function);
			if (existing != null && existing.library() != old) {
				throw new CommandException("ERR Function " + function + " already exists");
			}
		}
		if (old != null) {
			delete(old.name());
		}
		link(library);
		return library.name();
	}

	private void link(Library library) {
		this.libraries.put(library.name(), library);
		this.functions.putAll(library.functions());
	}

	/**
	 * FUNCTION RESTORE's libraries joined to these (libraryJoin): with {@code replace} a library of
	 * the same name is replaced, else it is an error; no function may collide.
	 */
	void join(List<byte[]> codes, boolean replace, boolean flush) {
		Map<String, Library> incoming = new LinkedHashMap<>();
		for (byte[] code : codes) {
			Library library = compile(code);
			if (incoming.containsKey(library.name())) {
				throw new CommandException("ERR Library '" + library.name() + "' already exists");
			}
			for (Library other : incoming.values()) {
				for (String function : library.functions().keySet()) {
					if (other.functions().containsKey(function)) {
						throw new CommandException("ERR Function " + function + " already exists");
					}
				}
			}
			incoming.put(library.name(), library);
		}
		if (flush) {
			clear();
			incoming.values().forEach(this::link);
			return;
		}
		List<Library> replaced = new ArrayList<>();
		for (Library library : incoming.values()) {
			Library old = this.libraries.get(library.name());
			if (old != null) {
				if (!replace) {
					throw new CommandException("ERR Library " + library.name() + " already exists");
				}
				replaced.add(old);
			}
		}
		for (Library library : incoming.values()) {
			for (String function : library.functions().keySet()) {
				Function existing = this.functions.get(function);
				if (existing != null && !replaced.contains(existing.library())) {
					throw new CommandException("ERR Function " + function + " already exists");
				}
			}
		}
		replaced.forEach(old -> delete(old.name()));
		incoming.values().forEach(this::link);
	}

	/** functionExtractLibMetaData + the Lua engine's create: a library not yet linked. */
	private Library compile(byte[] code) {
		if (code.length < 2 || code[0] != '#' || code[1] != '!') {
			throw new CommandException("ERR Missing library metadata");
		}
		int end = 0;
		while (end < code.length && code[end] != '\n') {
			end++;
		}
		if (end == code.length) {
			throw new CommandException("ERR Invalid library metadata");
		}
		List<String> parts = ScriptFlags.splitArgs(new String(code, 0, end, StandardCharsets.ISO_8859_1));
		if (parts.isEmpty()) {
			throw new CommandException("ERR Invalid library metadata");
		}
		String engine = parts.get(0).substring(2);
		String name = null;
		for (String part : parts.subList(1, parts.size())) {
			if (part.regionMatches(true, 0, "name=", 0, 5)) {
				if (name != null) {
					throw new CommandException("ERR Invalid metadata value, name argument was given multiple times");
				}
				name = part.substring(5);
				continue;
			}
			throw new CommandException("ERR Invalid metadata value given: " + part);
		}
		if (name == null) {
			throw new CommandException("ERR Library name was not given");
		}
		if (!validName(name)) {
			throw new CommandException("ERR " + BAD_NAME);
		}
		if (!engine.toUpperCase(Locale.ROOT).equals("LUA")) {
			throw new CommandException("ERR Engine '" + engine + "' not found");
		}
		byte[] body = new byte[code.length - end];
		System.arraycopy(code, end, body, 0, body.length);
		LuaFunction chunk;
		try {
			chunk = this.lua.compileLibrary(body, "@user_function");
		}
		catch (LuaError ex) {
			throw new CommandException("ERR Error compiling function: " + ex.getMessage());
		}
		Library library = new Library(name, code, new LinkedHashMap<>(), LuaFootprint.of(chunk));
		this.registering = library.functions();
		this.loading = library;
		this.lua.useLoadGlobals(this.loadGlobals);
		long started = System.nanoTime();
		try {
			this.lua.call(chunk, LuaValue.NONE, () -> {
				if (System.nanoTime() - started > LOAD_TIMEOUT_NANOS) {
					throw error("FUNCTION LOAD timeout");
				}
			});
		}
		catch (LuaError ex) {
			LuaValue value = ScriptError.of(ex).value();
			String message = value.istable() && value.get("err").isstring() ? value.get("err").tojstring()
					: "ERR " + value.tojstring();
			throw new CommandException("ERR Error registering functions: " + message);
		}
		finally {
			this.lua.useScriptGlobals();
			this.registering = null;
			this.loading = null;
		}
		if (library.functions().isEmpty()) {
			throw new CommandException("ERR No functions registered");
		}
		return library;
	}

	static boolean validName(String name) {
		if (name.isEmpty()) {
			return false;
		}
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) {
				return false;
			}
		}
		return true;
	}

	/** The globals a library's code runs with while it loads: a {@code redis} of register_function, log and the version. */
	private LuaTable loadGlobals() {
		LuaTable redis = LuaRuntime.strictTable();
		redis.rawset("register_function", new VarArgFunction() {
			@Override
			public Varargs invoke(Varargs args) {
				register(args);
				return NONE;
			}
		});
		LuaTable full = (LuaTable) this.lua.global("redis");
		for (String name : List.of("log", "LOG_DEBUG", "LOG_VERBOSE", "LOG_NOTICE", "LOG_WARNING", "REDIS_VERSION",
				"REDIS_VERSION_NUM")) {
			redis.rawset(name, full.rawget(name));
		}
		LuaTable globals = LuaRuntime.strictTable();
		globals.rawset("redis", redis);
		LuaRuntime.lockTable(globals);
		return globals;
	}

	private static LuaError error(String message) {
		return new LuaError(RespToLua.errorTable(message));
	}

	/** redis.register_function(name, callback) or redis.register_function{function_name=..., callback=..., flags=..., description=...}. */
	private void register(Varargs args) {
		if (this.registering == null) {
			throw error("redis.register_function can only be called on FUNCTION LOAD command");
		}
		int argc = args.narg();
		if (argc < 1 || argc > 2) {
			throw error("wrong number of arguments to redis.register_function");
		}
		String name = null;
		byte[] description = null;
		LuaFunction callback = null;
		List<String> flags = List.of();
		if (argc == 1) {
			if (!args.arg1().istable()) {
				throw error("calling redis.register_function with a single argument is only applicable to Lua table "
						+ "(representing named arguments).");
			}
			LuaTable named = (LuaTable) args.arg1();
			LuaValue key = LuaValue.NIL;
			while (true) {
				Varargs next = named.next(key);
				key = next.arg1();
				if (key.isnil()) {
					break;
				}
				LuaValue value = next.arg(2);
				if (!key.isstring()) {
					throw error("named argument key given to redis.register_function is not a string");
				}
				switch (key.tojstring().toLowerCase(Locale.ROOT)) {
					case "function_name" -> {
						if (!value.isstring()) {
							throw error("function_name argument given to redis.register_function must be a string");
						}
						name = RespToLua.latin1(value.strvalue());
					}
					case "description" -> {
						if (!value.isstring()) {
							throw error("description argument given to redis.register_function must be a string");
						}
						LuaString text = value.strvalue();
						description = new byte[text.length()];
						text.copyInto(0, description, 0, description.length);
					}
					case "callback" -> {
						if (!value.isfunction()) {
							throw error("callback argument given to redis.register_function must be a function");
						}
						callback = (LuaFunction) value;
					}
					case "flags" -> {
						if (!value.istable()) {
							throw error("flags argument to redis.register_function must be a table representing function flags");
						}
						flags = readFlags((LuaTable) value);
					}
					default -> throw error("unknown argument given to redis.register_function");
				}
			}
			if (name == null) {
				throw error("redis.register_function must get a function name argument");
			}
			if (callback == null) {
				throw error("redis.register_function must get a callback argument");
			}
		}
		else {
			if (!args.arg1().isstring()) {
				throw error("first argument to redis.register_function must be a string");
			}
			if (!args.arg(2).isfunction()) {
				throw error("second argument to redis.register_function must be a function");
			}
			name = RespToLua.latin1(args.arg1().strvalue());
			callback = (LuaFunction) args.arg(2);
		}
		if (!validName(name)) {
			throw error(BAD_NAME);
		}
		if (this.registering.containsKey(name)) {
			throw error("Function already exists in the library");
		}
		this.registering.put(name, new Function(name, description, flags, callback, this.loading));
	}

	private static List<String> readFlags(LuaTable table) {
		List<String> chosen = new ArrayList<>();
		for (int i = 1;; i++) {
			LuaValue flag = table.get(i);
			if (flag.isnil()) {
				break;
			}
			if (!flag.isstring()) {
				throw error("unknown flag given");
			}
			String text = flag.tojstring().toLowerCase(Locale.ROOT);
			if (!FLAG_NAMES.contains(text)) {
				throw error("unknown flag given");
			}
			if (!chosen.contains(text)) {
				chosen.add(text);
			}
		}
		List<String> ordered = new ArrayList<>(FLAG_NAMES);
		ordered.retainAll(chosen);
		return List.copyOf(ordered);
	}

}
