package io.kvserver.lua;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * A table a script cannot change once it is locked, as Redis 7.0 locks the globals and every table
 * reachable from them (its Lua is patched for that; LuaJ is extended here instead): any write,
 * raw or not, and any change of metatable, fails with Redis's text.
 */
final class ProtectedTable extends LuaTable {

	static final String READONLY = "Attempt to modify a readonly table";

	private boolean locked;

	void lock() {
		this.locked = true;
	}

	boolean isLocked() {
		return this.locked;
	}

	/** Sets a field even while locked: KEYS and ARGV of EVAL are globals set before each run. */
	void force(LuaValue key, LuaValue value) {
		super.rawset(key, value);
	}

	/** An assignment in Lua code: the error names the line, as the patched Lua 5.1 core's luaG_runerror does there. */
	private void checkAssignment() {
		if (this.locked) {
			throw new LuaError(READONLY);
		}
	}

	/** A change through a library function (rawset, setmetatable, table.insert): no position, as from C in Lua 5.1. */
	private void checkLibraryChange() {
		if (this.locked) {
			throw new LuaError(LuaValue.valueOf(READONLY));
		}
	}

	@Override
	public void set(int key, LuaValue value) {
		checkAssignment();
		super.set(key, value);
	}

	@Override
	public void set(LuaValue key, LuaValue value) {
		checkAssignment();
		super.set(key, value);
	}

	@Override
	public void rawset(int key, LuaValue value) {
		checkLibraryChange();
		super.rawset(key, value);
	}

	@Override
	public void rawset(LuaValue key, LuaValue value) {
		checkLibraryChange();
		super.rawset(key, value);
	}

	@Override
	public LuaValue setmetatable(LuaValue metatable) {
		checkLibraryChange();
		return super.setmetatable(metatable);
	}

	@Override
	public LuaValue remove(int pos) {
		checkLibraryChange();
		return super.remove(pos);
	}

	@Override
	public void insert(int pos, LuaValue value) {
		checkLibraryChange();
		super.insert(pos, value);
	}

	@Override
	public void sort(LuaValue comparator) {
		checkLibraryChange();
		super.sort(comparator);
	}

}
