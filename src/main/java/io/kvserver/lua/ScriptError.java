package io.kvserver.lua;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaValue;

/**
 * What a Lua error is in Lua 5.1 terms. LuaJ keeps the message, the error object and where it was
 * raised apart ({@code fileline}, "@user_script:3") and joins them as "@user_script:3 message";
 * Lua 5.1 (so Redis) shows "user_script:3: message" for an error raised with a string at level 1,
 * and Redis's error handler reports the source and line separately. This class reads those parts.
 *
 * @param value the error value as Lua 5.1 has it (a string with its position, or the table or
 * other value raised)
 * @param source where it was raised ("@user_script"), or null if not known
 * @param line the line there, or 0
 */
public record ScriptError(LuaValue value, String source, int line) {

	private static final VarHandle FILELINE;

	private static final VarHandle OBJECT;

	private static final VarHandle TRACEBACK;

	static {
		try {
			MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(LuaError.class, MethodHandles.lookup());
			FILELINE = lookup.findVarHandle(LuaError.class, "fileline", String.class);
			OBJECT = lookup.findVarHandle(LuaError.class, "object", LuaValue.class);
			TRACEBACK = lookup.findVarHandle(LuaError.class, "traceback", String.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	public static ScriptError of(LuaError error) {
		String fileline = (String) FILELINE.get(error);
		String source = null;
		int line = 0;
		if (fileline != null) {
			int colon = fileline.lastIndexOf(':');
			if (colon > 0) {
				source = fileline.substring(0, colon);
				try {
					line = Integer.parseInt(fileline.substring(colon + 1));
				}
				catch (NumberFormatException ex) {
					line = 0;
				}
			}
		}
		LuaValue object = (LuaValue) OBJECT.get(error);
		if (object != null) {
			return new ScriptError(object, source, line);
		}
		String message = Lua51Messages.rewrite(rawMessage(error, fileline));
		String where = source == null ? "" : (source.startsWith("@") || source.startsWith("=") ? source.substring(1) : source)
				+ ":" + line + ": ";
		return new ScriptError(LuaValue.valueOf(where + message), source, line);
	}

	/** The message as raised, without LuaJ's "fileline " in front of it. */
	private static String rawMessage(LuaError error, String fileline) {
		String traceback = (String) TRACEBACK.get(error);
		String message = traceback != null ? traceback : error.getMessage();
		if (message == null) {
			return "nil";
		}
		int trace = message.indexOf("\nstack traceback:");
		if (trace >= 0) {
			message = message.substring(0, trace);
		}
		if (fileline != null && message.startsWith(fileline + " ")) {
			return message.substring(fileline.length() + 1);
		}
		return message;
	}

}
