package io.kvserver.lua;

import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;

/**
 * What a compiled chunk would take in Redis's Lua 5.1 heap (the {@code used_memory_lua} and
 * {@code used_memory_vm_*} of INFO): its prototypes' instructions, line information, constants,
 * locals and upvalue names at Lua 5.1's sizes on a 64-bit build, and the closure that holds it.
 * The Java objects LuaJ makes instead are the JVM's heap, which INFO reports apart; an estimate
 * by Lua's rules keeps these fields moving as Redis's do when scripts are added or flushed.
 */
public final class LuaFootprint {

	/** The empty interpreters, as Redis 7.0 reports them before any script (INFO after startup). */
	public static final long EMPTY_EVAL_VM = 32768;

	public static final long EMPTY_FUNCTIONS_VM = 33792;

	/** sizeof(Proto) + sizeof(Closure) + the registry entry that keeps a script's function. */
	private static final long CHUNK_OVERHEAD = 120 + 40 + 64;

	/** sizeof(TString) and its terminating zero, before the characters. */
	private static final long STRING_OVERHEAD = 25;

	private LuaFootprint() {
	}

	/** The estimated bytes of a compiled script or library chunk; 0 for a function that is not Lua code. */
	public static long of(LuaFunction function) {
		if (!(function instanceof LuaClosure closure)) {
			return 0;
		}
		return CHUNK_OVERHEAD + prototype(closure.p);
	}

	private static long prototype(Prototype p) {
		long size = 4L * p.code.length + 4L * p.lineinfo.length + 16L * p.k.length + 8L * p.p.length
				+ 16L * p.locvars.length + 8L * p.upvalues.length;
		for (LuaValue constant : p.k) {
			if (constant.type() == LuaValue.TSTRING) {
				size += STRING_OVERHEAD + constant.rawlen();
			}
		}
		for (Prototype nested : p.p) {
			size += 120 + prototype(nested);
		}
		return size;
	}

	/** Lua reports its heap in whole kilobytes (lua_gc(LUA_GCCOUNT) * 1024). */
	public static long kilobytes(long bytes) {
		return bytes / 1024 * 1024;
	}

}
