package io.kvserver.lua;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaValue;

/** The error that ends a script killed by SCRIPT KILL or FUNCTION KILL; pcall does not catch it. */
public final class ScriptKilled extends LuaError {

	private static final long serialVersionUID = 1L;

	public ScriptKilled(LuaValue value) {
		super(value);
	}

}
