package io.kvserver.lua;

import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

import io.kvserver.protocol.ReplyWriter;

/**
 * A script's return value written as the reply to its caller, as Redis 7.0's luaReplyToRedisReply
 * does: a string is a bulk string, a number an integer (truncated), a boolean {@code 1}/null when
 * the script speaks RESP2 and a boolean when it chose RESP3; a table is an error ({@code err}), a
 * status ({@code ok}), a double, a big number, a verbatim string, a map, a set or else an array up
 * to its first nil; anything else is a null.
 */
public final class LuaToResp {

	private LuaToResp() {
	}

	/**
	 * @param scriptResp3 whether the script asked for RESP3 (redis.setresp(3)): booleans then keep their type
	 */
	public static void write(LuaValue value, ReplyWriter out, boolean scriptResp3) {
		switch (value.type()) {
			case LuaValue.TSTRING -> out.bulk(bytes((LuaString) value));
			case LuaValue.TBOOLEAN -> {
				if (scriptResp3) {
					out.bool(value.toboolean());
				}
				else if (value.toboolean()) {
					out.integer(1);
				}
				else {
					out.nullBulk();
				}
			}
			case LuaValue.TNUMBER -> out.integer(toLongLong(value.todouble()));
			case LuaValue.TTABLE -> writeTable((LuaTable) value, out, scriptResp3);
			default -> out.nullBulk();
		}
	}

	/** C's (long long) cast as x86-64 does it: out of range or NaN is LLONG_MIN. */
	static long toLongLong(double d) {
		if (Double.isNaN(d) || d >= 0x1p63 || d < -0x1p63) {
			return Long.MIN_VALUE;
		}
		return (long) d;
	}

	private static void writeTable(LuaTable table, ReplyWriter out, boolean scriptResp3) {
		LuaValue err = table.rawget(RespToLua.ERR);
		if (err.type() == LuaValue.TSTRING) {
			out.error(trimTrailingNewlines(RespToLua.latin1((LuaString) err)));
			return;
		}
		LuaValue ok = table.rawget(RespToLua.OK);
		if (ok.type() == LuaValue.TSTRING) {
			out.simpleString(RespToLua.latin1((LuaString) ok).replace('\r', ' ').replace('\n', ' '));
			return;
		}
		LuaValue d = table.rawget(RespToLua.DOUBLE);
		if (d.type() == LuaValue.TNUMBER) {
			out.doubleValue(d.todouble());
			return;
		}
		LuaValue big = table.rawget(RespToLua.BIG_NUMBER);
		if (big.type() == LuaValue.TSTRING) {
			byte[] digits = bytes((LuaString) big);
			for (int i = 0; i < digits.length; i++) {
				if (digits[i] == '\r' || digits[i] == '\n') {
					digits[i] = ' ';
				}
			}
			out.bigNumber(digits);
			return;
		}
		LuaValue verbatim = table.rawget(RespToLua.VERBATIM);
		if (verbatim.istable()) {
			LuaValue format = verbatim.rawget(RespToLua.FORMAT);
			LuaValue text = verbatim.rawget(RespToLua.STRING);
			if (format.type() == LuaValue.TSTRING && text.type() == LuaValue.TSTRING) {
				String f = RespToLua.latin1((LuaString) format);
				out.verbatim(f.length() >= 3 ? f.substring(0, 3) : f, bytes((LuaString) text));
				return;
			}
		}
		LuaValue map = table.rawget(RespToLua.MAP);
		if (map.istable()) {
			LuaTable entries = (LuaTable) map;
			out.mapHeader(count(entries));
			LuaValue key = LuaValue.NIL;
			while (true) {
				Varargs next = entries.next(key);
				key = next.arg1();
				if (key.isnil()) {
					return;
				}
				write(key, out, scriptResp3);
				write(next.arg(2), out, scriptResp3);
			}
		}
		LuaValue set = table.rawget(RespToLua.SET);
		if (set.istable()) {
			LuaTable members = (LuaTable) set;
			out.setHeader(count(members));
			LuaValue key = LuaValue.NIL;
			while (true) {
				key = members.next(key).arg1();
				if (key.isnil()) {
					return;
				}
				write(key, out, scriptResp3);
			}
		}
		int length = 0;
		while (!table.rawget(length + 1).isnil()) {
			length++;
		}
		out.arrayHeader(length);
		for (int i = 1; i <= length; i++) {
			write(table.rawget(i), out, scriptResp3);
		}
	}

	private static int count(LuaTable table) {
		int n = 0;
		LuaValue key = LuaValue.NIL;
		while (!(key = table.next(key).arg1()).isnil()) {
			n++;
		}
		return n;
	}

	private static String trimTrailingNewlines(String text) {
		int end = text.length();
		while (end > 0 && (text.charAt(end - 1) == '\r' || text.charAt(end - 1) == '\n')) {
			end--;
		}
		return text.substring(0, end);
	}

	/** The bytes of a Lua string (a copy when the string is a slice of a larger array). */
	public static byte[] bytes(LuaString s) {
		if (s.m_offset == 0 && s.m_length == s.m_bytes.length) {
			return s.m_bytes;
		}
		byte[] copy = new byte[s.m_length];
		s.copyInto(0, copy, 0, s.m_length);
		return copy;
	}

}
