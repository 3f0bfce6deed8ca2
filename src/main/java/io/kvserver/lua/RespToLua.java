package io.kvserver.lua;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * A command's reply, as the server wrote it in RESP2 or RESP3, turned into the Lua value Redis 7.0
 * gives a script (script_lua.c's redisProtocolToLuaType): integers are numbers, bulk strings
 * strings, a null bulk or null array {@code false}, arrays tables; a status is {@code {ok=...}} and
 * an error {@code {err=...}}; in RESP3 a map is {@code {map={...}}}, a set {@code {set={e=true}}},
 * a double {@code {double=n}}, a big number {@code {big_number="..."}}, a verbatim string
 * {@code {verbatim_string={format=..., string=...}}}, null {@code nil} and booleans booleans.
 * Attributes are skipped.
 */
public final class RespToLua {

	static final LuaString OK = LuaValue.valueOf("ok");

	static final LuaString ERR = LuaValue.valueOf("err");

	static final LuaString MAP = LuaValue.valueOf("map");

	static final LuaString SET = LuaValue.valueOf("set");

	static final LuaString DOUBLE = LuaValue.valueOf("double");

	static final LuaString BIG_NUMBER = LuaValue.valueOf("big_number");

	static final LuaString VERBATIM = LuaValue.valueOf("verbatim_string");

	static final LuaString FORMAT = LuaValue.valueOf("format");

	static final LuaString STRING = LuaValue.valueOf("string");

	/** Marks an error whose counting in errorstats was done when the command answered it. */
	public static final LuaString IGNORE_STATS = LuaValue.valueOf("ignore_error_stats_update");

	private final byte[] buf;

	private int pos;

	private RespToLua(byte[] buf, int pos) {
		this.buf = buf;
		this.pos = pos;
	}

	/** The reply at {@code from} in {@code buf}, which holds exactly one complete reply from there on. */
	public static LuaValue parse(byte[] buf, int from) {
		return new RespToLua(buf, from).value();
	}

	/** Whether the reply at {@code from} is an error. */
	public static boolean isError(byte[] buf, int from) {
		return buf[from] == '-';
	}

	/**
	 * Redis's luaPushErrorBuff: {@code {err="CODE message"}} from "-CODE message" or from a bare
	 * message (code ERR); a trailing CR or LF is dropped.
	 */
	public static LuaTable errorTable(String error) {
		String code;
		String message;
		if (error.startsWith("-")) {
			int space = error.indexOf(' ');
			if (space < 0) {
				code = "ERR";
				message = error.substring(1);
			}
			else {
				code = error.substring(1, space);
				message = error.substring(space + 1);
			}
		}
		else {
			code = "ERR";
			message = error;
		}
		int end = message.length();
		while (end > 0 && (message.charAt(end - 1) == '\r' || message.charAt(end - 1) == '\n')) {
			end--;
		}
		int start = 0;
		while (start < end && (message.charAt(start) == '\r' || message.charAt(start) == '\n')) {
			start++;
		}
		LuaTable table = new LuaTable();
		table.rawset(ERR, LuaValue.valueOf((code + " " + message.substring(start, end)).getBytes(StandardCharsets.ISO_8859_1)));
		return table;
	}

	private LuaValue value() {
		byte type = this.buf[this.pos++];
		switch (type) {
			case ':':
				return LuaValue.valueOf((double) line());
			case '$': {
				long length = line();
				if (length < 0) {
					return LuaValue.FALSE;
				}
				LuaString s = LuaString.valueOf(Arrays.copyOfRange(this.buf, this.pos, this.pos + (int) length));
				this.pos += (int) length + 2;
				return s;
			}
			case '+': {
				LuaTable table = new LuaTable();
				table.rawset(OK, lineBytes());
				return table;
			}
			case '-': {
				LuaTable table = errorTable("-" + latin1(lineBytes()));
				table.rawset(IGNORE_STATS, LuaValue.TRUE);
				return table;
			}
			case '*': {
				long count = line();
				if (count < 0) {
					return LuaValue.FALSE;
				}
				LuaTable table = new LuaTable((int) Math.min(count, 1024), 0);
				for (int i = 1; i <= count; i++) {
					LuaValue element = value();
					if (!element.isnil()) {
						table.rawset(i, element);
					}
				}
				return table;
			}
			case '%': {
				long count = line();
				LuaTable map = new LuaTable();
				for (long i = 0; i < count; i++) {
					LuaValue key = value();
					LuaValue val = value();
					if (!key.isnil()) {
						map.rawset(key, val);
					}
				}
				return wrap(MAP, map);
			}
			case '~': {
				long count = line();
				LuaTable set = new LuaTable();
				for (long i = 0; i < count; i++) {
					LuaValue element = value();
					if (!element.isnil()) {
						set.rawset(element, LuaValue.TRUE);
					}
				}
				return wrap(SET, set);
			}
			case '_':
				this.pos += 2;
				return LuaValue.NIL;
			case '#': {
				boolean value = this.buf[this.pos] == 't';
				this.pos += 3;
				return LuaValue.valueOf(value);
			}
			case ',':
				return wrap(DOUBLE, LuaValue.valueOf(parseDouble(latin1(lineBytes()))));
			case '(':
				return wrap(BIG_NUMBER, lineBytes());
			case '=': {
				long length = line();
				String format = new String(this.buf, this.pos, 3, StandardCharsets.ISO_8859_1);
				LuaString text = LuaString.valueOf(Arrays.copyOfRange(this.buf, this.pos + 4, this.pos + (int) length));
				this.pos += (int) length + 2;
				LuaTable verbatim = new LuaTable();
				verbatim.rawset(STRING, text);
				verbatim.rawset(FORMAT, LuaValue.valueOf(format));
				return wrap(VERBATIM, verbatim);
			}
			case '|': {
				long count = line();
				for (long i = 0; i < 2 * count; i++) {
					value();
				}
				return value();
			}
			default:
				throw new IllegalStateException("not a RESP reply type: " + (char) type);
		}
	}

	/** The bytes of a Lua string, one char each. */
	public static String latin1(LuaString s) {
		return new String(s.m_bytes, s.m_offset, s.m_length, StandardCharsets.ISO_8859_1);
	}

	private static LuaTable wrap(LuaString key, LuaValue value) {
		LuaTable table = new LuaTable();
		table.rawset(key, value);
		return table;
	}

	private static double parseDouble(String text) {
		return switch (text) {
			case "inf" -> Double.POSITIVE_INFINITY;
			case "-inf" -> Double.NEGATIVE_INFINITY;
			case "nan", "-nan" -> Double.NaN;
			default -> Double.parseDouble(text);
		};
	}

	/** A decimal number ending in CRLF. */
	private long line() {
		boolean negative = this.buf[this.pos] == '-';
		if (negative) {
			this.pos++;
		}
		long value = 0;
		while (this.buf[this.pos] != '\r') {
			value = value * 10 + (this.buf[this.pos++] - '0');
		}
		this.pos += 2;
		return negative ? -value : value;
	}

	/** The bytes up to CRLF. */
	private LuaString lineBytes() {
		int start = this.pos;
		while (this.buf[this.pos] != '\r') {
			this.pos++;
		}
		LuaString s = LuaString.valueOf(Arrays.copyOfRange(this.buf, start, this.pos));
		this.pos += 2;
		return s;
	}

}
