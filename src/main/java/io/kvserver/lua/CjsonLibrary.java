package io.kvserver.lua;

import java.io.ByteArrayOutputStream;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaUserdata;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

import io.kvserver.protocol.Doubles;

/**
 * The {@code cjson} library Redis loads (lua-cjson 2.1.0 with Redis's defaults), to its texts:
 * encoding escapes {@code "} {@code \} {@code /} and control characters, writes numbers with
 * {@code %.14g}, a table whose keys are all whole numbers >= 1 as an array (an excessively sparse
 * one is an error), anything else as an object with string or number keys; decoding reports the
 * first bad token as "Expected value but found invalid token at character 1", gives JSON null as
 * {@code cjson.null} and accepts what C's strtod accepts as a number.
 */
final class CjsonLibrary {

	/** cjson.null: Lua 5.1's NULL light userdata, one value that scripts compare with. */
	static final LuaValue NULL = new LuaUserdata(new Object()) {
		@Override
		public String tojstring() {
			return "userdata: (nil)";
		}
	};

	private static final String[] TOKEN_NAMES = { "T_OBJ_BEGIN", "T_OBJ_END", "T_ARR_BEGIN", "T_ARR_END", "T_STRING",
			"T_NUMBER", "T_BOOLEAN", "T_NULL", "T_COLON", "T_COMMA", "T_END", "T_WHITESPACE", "T_ERROR", "T_UNKNOWN" };

	private static final int OBJ_BEGIN = 0, OBJ_END = 1, ARR_BEGIN = 2, ARR_END = 3, STRING = 4, NUMBER = 5,
			BOOLEAN = 6, NULL_TOKEN = 7, COLON = 8, COMMA = 9, END = 10, ERROR = 12;

	/** Settings a script may change through cjson's configuration functions. */
	private int encodeMaxDepth = 1000;

	private int decodeMaxDepth = 1000;

	private int numberPrecision = 14;

	private boolean sparseConvert;

	private int sparseRatio = 2;

	private int sparseSafe = 10;

	private CjsonLibrary() {
	}

	static LuaTable create() {
		CjsonLibrary cjson = new CjsonLibrary();
		LuaTable table = LuaRuntime.libraryTable();
		table.rawset("encode", function(args -> {
			if (args.narg() != 1) {
				throw Lua51.argError(1, "encode", "expected 1 argument");
			}
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			cjson.encode(args.arg1(), out, 0);
			return LuaString.valueOf(out.toByteArray());
		}));
		table.rawset("decode", function(args -> {
			if (args.narg() != 1) {
				throw Lua51.argError(1, "decode", "expected 1 argument");
			}
			if (!args.arg1().isstring()) {
				throw Lua51.typeError(1, "decode", "string", args);
			}
			return cjson.decode(args.arg1().strvalue());
		}));
		table.rawset("encode_max_depth", function(args -> {
			cjson.encodeMaxDepth = integerOption(args, "encode_max_depth", cjson.encodeMaxDepth, 1, Integer.MAX_VALUE);
			return LuaValue.valueOf(cjson.encodeMaxDepth);
		}));
		table.rawset("decode_max_depth", function(args -> {
			cjson.decodeMaxDepth = integerOption(args, "decode_max_depth", cjson.decodeMaxDepth, 1, Integer.MAX_VALUE);
			return LuaValue.valueOf(cjson.decodeMaxDepth);
		}));
		table.rawset("encode_number_precision", function(args -> {
			cjson.numberPrecision = integerOption(args, "encode_number_precision", cjson.numberPrecision, 1, 14);
			return LuaValue.valueOf(cjson.numberPrecision);
		}));
		table.rawset("encode_sparse_array", function(args -> {
			if (!args.arg1().isnil()) {
				cjson.sparseConvert = args.arg1().toboolean();
			}
			if (!args.arg(2).isnil()) {
				cjson.sparseRatio = Lua51.checkInt(args, 2, "encode_sparse_array");
			}
			if (!args.arg(3).isnil()) {
				cjson.sparseSafe = Lua51.checkInt(args, 3, "encode_sparse_array");
			}
			return LuaValue.varargsOf(LuaValue.valueOf(cjson.sparseConvert), LuaValue.valueOf(cjson.sparseRatio),
					LuaValue.valueOf(cjson.sparseSafe));
		}));
		table.rawset("null", NULL);
		table.rawset("_NAME", LuaValue.valueOf("cjson"));
		table.rawset("_VERSION", LuaValue.valueOf("2.1.0"));
		return table;
	}

	private interface Body {

		Varargs invoke(Varargs args);

	}

	private static VarArgFunction function(Body body) {
		return new VarArgFunction() {
			@Override
			public Varargs invoke(Varargs args) {
				return body.invoke(args);
			}
		};
	}

	private static int integerOption(Varargs args, String function, int current, int min, int max) {
		if (args.arg1().isnil()) {
			return current;
		}
		int value = Lua51.checkInt(args, 1, function);
		if (value < min || value > max) {
			throw Lua51.argError(1, function, "expected integer between " + min + " and " + max);
		}
		return value;
	}

	// ----- encoding

	private static LuaError cannot(LuaValue value, String reason) {
		return new LuaError("Cannot serialise " + value.typename() + ": " + reason);
	}

	private void encode(LuaValue value, ByteArrayOutputStream out, int depth) {
		switch (value.type()) {
			case LuaValue.TSTRING -> string((LuaString) value, out);
			case LuaValue.TNUMBER -> number(value, out);
			case LuaValue.TBOOLEAN -> ascii(value.toboolean() ? "true" : "false", out);
			case LuaValue.TTABLE -> {
				int level = depth + 1;
				if (level > this.encodeMaxDepth) {
					throw new LuaError("Cannot serialise, excessive nesting (" + level + ")");
				}
				LuaTable table = (LuaTable) value;
				int length = arrayLength(table);
				if (length > 0) {
					out.write('[');
					for (int i = 1; i <= length; i++) {
						if (i > 1) {
							out.write(',');
						}
						encode(table.rawget(i), out, level);
					}
					out.write(']');
				}
				else {
					object(table, out, level);
				}
			}
			case LuaValue.TNIL -> ascii("null", out);
			default -> {
				if (value == NULL) {
					ascii("null", out);
					return;
				}
				throw cannot(value, "type not supported");
			}
		}
	}

	private void object(LuaTable table, ByteArrayOutputStream out, int level) {
		out.write('{');
		boolean comma = false;
		LuaValue key = LuaValue.NIL;
		while (true) {
			Varargs next = table.next(key);
			key = next.arg1();
			if (key.isnil()) {
				break;
			}
			if (comma) {
				out.write(',');
			}
			comma = true;
			if (key.type() == LuaValue.TNUMBER) {
				out.write('"');
				number(key, out);
				ascii("\":", out);
			}
			else if (key.type() == LuaValue.TSTRING) {
				string((LuaString) key, out);
				out.write(':');
			}
			else {
				throw cannot(key, "table key must be a number or string");
			}
			encode(next.arg(2), out, level);
		}
		out.write('}');
	}

	/** lua_array_length: the largest key if every key is a whole number >= 1, -1 for an object. */
	private int arrayLength(LuaTable table) {
		double max = 0;
		int items = 0;
		LuaValue key = LuaValue.NIL;
		while (!(key = table.next(key).arg1()).isnil()) {
			if (key.type() == LuaValue.TNUMBER) {
				double k = key.todouble();
				if (k != 0 && Math.floor(k) == k && k >= 1) {
					max = Math.max(max, k);
					items++;
					continue;
				}
			}
			return -1;
		}
		if (this.sparseRatio > 0 && max > (double) items * this.sparseRatio && max > this.sparseSafe) {
			if (!this.sparseConvert) {
				throw cannot(table, "excessively sparse array");
			}
			return -1;
		}
		return (int) max;
	}

	private void number(LuaValue value, ByteArrayOutputStream out) {
		double n = value.todouble();
		if (Double.isNaN(n) || Double.isInfinite(n)) {
			throw cannot(value, "must not be NaN or Inf");
		}
		ascii(Doubles.formatG(n, this.numberPrecision), out);
	}

	private static void string(LuaString s, ByteArrayOutputStream out) {
		out.write('"');
		for (int i = 0; i < s.length(); i++) {
			int c = s.luaByte(i);
			switch (c) {
				case '"' -> ascii("\\\"", out);
				case '\\' -> ascii("\\\\", out);
				case '/' -> ascii("\\/", out);
				case '\b' -> ascii("\\b", out);
				case '\t' -> ascii("\\t", out);
				case '\n' -> ascii("\\n", out);
				case '\f' -> ascii("\\f", out);
				case '\r' -> ascii("\\r", out);
				default -> {
					if (c < 0x20 || c == 0x7f) {
						ascii(String.format("\\u%04x", c), out);
					}
					else {
						out.write(c);
					}
				}
			}
		}
		out.write('"');
	}

	private static void ascii(String text, ByteArrayOutputStream out) {
		for (int i = 0; i < text.length(); i++) {
			out.write(text.charAt(i));
		}
	}

	// ----- decoding

	/** One token: its type, where it starts, and its value or error text. */
	private static final class Token {

		int type;

		int index;

		LuaValue value;

		String error;

	}

	private LuaValue decode(LuaString text) {
		if (text.length() >= 2 && (text.luaByte(0) == 0 || text.luaByte(1) == 0)) {
			throw new LuaError("JSON parser does not support UTF-16 or UTF-32");
		}
		Parser parser = new Parser(text);
		Token token = parser.next();
		LuaValue value = parser.value(token);
		token = parser.next();
		if (token.type != END) {
			throw parser.expected("the end", token);
		}
		return value;
	}

	private final class Parser {

		private final LuaString text;

		private int pos;

		private int depth;

		Parser(LuaString text) {
			this.text = text;
		}

		private int at(int i) {
			return i < this.text.length() ? this.text.luaByte(i) : 0;
		}

		LuaError expected(String what, Token token) {
			String found = token.type == ERROR ? token.error : TOKEN_NAMES[token.type];
			return new LuaError("Expected " + what + " but found " + found + " at character " + (token.index + 1));
		}

		private void descend() {
			this.depth++;
			if (this.depth > CjsonLibrary.this.decodeMaxDepth) {
				throw new LuaError("Found too many nested data structures (" + this.depth + ") at character " + this.pos);
			}
		}

		LuaValue value(Token token) {
			switch (token.type) {
				case STRING, NUMBER, BOOLEAN:
					return token.value;
				case NULL_TOKEN:
					return NULL;
				case OBJ_BEGIN: {
					descend();
					LuaTable object = new LuaTable();
					Token t = next();
					if (t.type == OBJ_END) {
						this.depth--;
						return object;
					}
					while (true) {
						if (t.type != STRING) {
							throw expected("object key string", t);
						}
						LuaValue key = t.value;
						t = next();
						if (t.type != COLON) {
							throw expected("colon", t);
						}
						object.rawset(key, value(next()));
						t = next();
						if (t.type == OBJ_END) {
							this.depth--;
							return object;
						}
						if (t.type != COMMA) {
							throw expected("comma or object end", t);
						}
						t = next();
					}
				}
				case ARR_BEGIN: {
					descend();
					LuaTable array = new LuaTable();
					Token t = next();
					if (t.type == ARR_END) {
						this.depth--;
						return array;
					}
					for (int i = 1;; i++) {
						LuaValue element = value(t);
						array.rawset(i, element);
						t = next();
						if (t.type == ARR_END) {
							this.depth--;
							return array;
						}
						if (t.type != COMMA) {
							throw expected("comma or array end", t);
						}
						t = next();
					}
				}
				default:
					throw expected("value", token);
			}
		}

		Token next() {
			Token token = new Token();
			int c = at(this.pos);
			while (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
				c = at(++this.pos);
			}
			token.index = this.pos;
			switch (c) {
				case '{' -> token.type = OBJ_BEGIN;
				case '}' -> token.type = OBJ_END;
				case '[' -> token.type = ARR_BEGIN;
				case ']' -> token.type = ARR_END;
				case ',' -> token.type = COMMA;
				case ':' -> token.type = COLON;
				case 0 -> {
					token.type = END;
					return token;
				}
				default -> {
					unknown(c, token);
					return token;
				}
			}
			this.pos++;
			return token;
		}

		private void unknown(int c, Token token) {
			if (c == '"') {
				string(token);
			}
			else if (c == '-' || (c >= '0' && c <= '9') || c == '+' || c == 'i' || c == 'I' || c == 'n' || c == 'N') {
				if (c == 'n' && matches("null")) {
					token.type = NULL_TOKEN;
					this.pos += 4;
				}
				else if (c == '-' || (c >= '0' && c <= '9') || invalidNumber()) {
					number(token);
				}
				else {
					error(token, "invalid token");
				}
			}
			else if (c == 't' && matches("true")) {
				token.type = BOOLEAN;
				token.value = LuaValue.TRUE;
				this.pos += 4;
			}
			else if (c == 'f' && matches("false")) {
				token.type = BOOLEAN;
				token.value = LuaValue.FALSE;
				this.pos += 5;
			}
			else {
				error(token, "invalid token");
			}
		}

		private boolean matches(String word) {
			for (int i = 0; i < word.length(); i++) {
				if (at(this.pos + i) != word.charAt(i)) {
					return false;
				}
			}
			return true;
		}

		/** json_is_invalid_number: "+", hex, leading zeros, inf and nan, which strtod still reads. */
		private boolean invalidNumber() {
			int p = this.pos;
			if (at(p) == '+') {
				return true;
			}
			if (at(p) == '-') {
				p++;
			}
			if (at(p) == '0') {
				int next = at(p + 1);
				return (next | 0x20) == 'x' || (next >= '0' && next <= '9');
			}
			if (at(p) <= '9') {
				return false;
			}
			return matchesIgnoreCase(p, "inf") || matchesIgnoreCase(p, "nan");
		}

		private boolean matchesIgnoreCase(int p, String word) {
			for (int i = 0; i < word.length(); i++) {
				if ((at(p + i) | 0x20) != word.charAt(i)) {
					return false;
				}
			}
			return true;
		}

		/** json_set_token_error: the error is reported where the parser stands. */
		private void error(Token token, String message) {
			token.index = this.pos;
			token.type = ERROR;
			token.error = message;
		}

		private void number(Token token) {
			int[] end = new int[1];
			double value = Strtod.parse(this.text, this.pos, end);
			if (end[0] == this.pos) {
				error(token, "invalid number");
				return;
			}
			token.type = NUMBER;
			token.value = LuaValue.valueOf(value);
			this.pos = end[0];
		}

		private void string(Token token) {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			this.pos++;
			while (true) {
				int c = at(this.pos);
				if (c == '"') {
					break;
				}
				if (c == 0 && this.pos >= this.text.length()) {
					error(token, "unexpected end of string");
					return;
				}
				if (c == 0) {
					error(token, "unexpected end of string");
					return;
				}
				if (c == '\\') {
					int escape = at(this.pos + 1);
					int replacement = switch (escape) {
						case '"' -> '"';
						case '\\' -> '\\';
						case '/' -> '/';
						case 'b' -> '\b';
						case 't' -> '\t';
						case 'n' -> '\n';
						case 'f' -> '\f';
						case 'r' -> '\r';
						case 'u' -> 'u';
						default -> 0;
					};
					if (replacement == 'u') {
						if (!unicodeEscape(out)) {
							error(token, "invalid unicode escape code");
							return;
						}
						continue;
					}
					if (replacement == 0) {
						error(token, "invalid escape code");
						return;
					}
					out.write(replacement);
					this.pos += 2;
					continue;
				}
				out.write(c);
				this.pos++;
			}
			this.pos++;
			token.type = STRING;
			token.value = LuaString.valueOf(out.toByteArray());
		}

		private int hex4(int p) {
			int value = 0;
			for (int i = 0; i < 4; i++) {
				int digit = Character.digit(at(p + i), 16);
				if (digit < 0) {
					return -1;
				}
				value = (value << 4) | digit;
			}
			return value;
		}

		/** A \\uXXXX escape (a UTF-16 surrogate pair takes two) appended as UTF-8. */
		private boolean unicodeEscape(ByteArrayOutputStream out) {
			int codepoint = hex4(this.pos + 2);
			if (codepoint < 0) {
				return false;
			}
			int length = 6;
			if ((codepoint & 0xF800) == 0xD800) {
				if ((codepoint & 0x400) != 0 || at(this.pos + 6) != '\\' || at(this.pos + 7) != 'u') {
					return false;
				}
				int low = hex4(this.pos + 8);
				if (low < 0 || (low & 0xFC00) != 0xDC00) {
					return false;
				}
				codepoint = (((codepoint & 0x3FF) << 10) | (low & 0x3FF)) + 0x10000;
				length = 12;
			}
			if (codepoint <= 0x7F) {
				out.write(codepoint);
			}
			else if (codepoint <= 0x7FF) {
				out.write((codepoint >> 6) | 0xC0);
				out.write((codepoint & 0x3F) | 0x80);
			}
			else if (codepoint <= 0xFFFF) {
				out.write((codepoint >> 12) | 0xE0);
				out.write(((codepoint >> 6) & 0x3F) | 0x80);
				out.write((codepoint & 0x3F) | 0x80);
			}
			else {
				out.write((codepoint >> 18) | 0xF0);
				out.write(((codepoint >> 12) & 0x3F) | 0x80);
				out.write(((codepoint >> 6) & 0x3F) | 0x80);
				out.write((codepoint & 0x3F) | 0x80);
			}
			this.pos += length;
			return true;
		}

	}

}
