package io.kvserver.lua;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * The {@code cmsgpack} library Redis loads (lua-cmsgpack 0.4.0): {@code pack(...)} concatenates
 * the MessagePack encodings of its arguments; {@code unpack}, {@code unpack_one} and
 * {@code unpack_limit} decode them. Encoding follows lua-cmsgpack exactly: the smallest integer
 * form for whole numbers, a float32 when the double survives the round trip, raw 8/16/32 strings,
 * a table as an array when its keys are exactly 1..n, tables nested deeper than 16 as nil.
 */
final class CmsgpackLibrary {

	private static final int MAX_NESTING = 16;

	private CmsgpackLibrary() {
	}

	static LuaTable create() {
		LuaTable cmsgpack = LuaRuntime.libraryTable();
		cmsgpack.rawset("pack", new VarArgFunction() {
			@Override
			public Varargs invoke(Varargs args) {
				if (args.narg() == 0) {
					throw Lua51.argError(0, "pack", "MessagePack pack needs input.");
				}
				ByteArrayOutputStream out = new ByteArrayOutputStream();
				for (int i = 1; i <= args.narg(); i++) {
					encode(args.arg(i), out, 0);
				}
				return LuaString.valueOf(out.toByteArray());
			}
		});
		cmsgpack.rawset("unpack", new VarArgFunction() {
			@Override
			public Varargs invoke(Varargs args) {
				return unpack(args, 0, 0, "unpack");
			}
		});
		cmsgpack.rawset("unpack_one", new VarArgFunction() {
			@Override
			public Varargs invoke(Varargs args) {
				long offset = args.arg(2).isnil() ? 0 : Lua51.checkInt(args, 2, "unpack_one");
				return unpack(args, 1, offset, "unpack_one");
			}
		});
		cmsgpack.rawset("unpack_limit", new VarArgFunction() {
			@Override
			public Varargs invoke(Varargs args) {
				long limit = Lua51.checkInt(args, 2, "unpack_limit");
				long offset = args.arg(3).isnil() ? 0 : Lua51.checkInt(args, 3, "unpack_limit");
				return unpack(args, limit, offset, "unpack_limit");
			}
		});
		cmsgpack.rawset("_NAME", LuaValue.valueOf("cmsgpack"));
		cmsgpack.rawset("_VERSION", LuaValue.valueOf("lua-cmsgpack 0.4.0"));
		cmsgpack.rawset("_COPYRIGHT", LuaValue.valueOf("Copyright (C) 2012, Salvatore Sanfilippo"));
		cmsgpack.rawset("_DESCRIPTION", LuaValue.valueOf("MessagePack C implementation for Lua"));
		return cmsgpack;
	}

	static void encode(LuaValue value, ByteArrayOutputStream out, int level) {
		int type = value.type();
		if (type == LuaValue.TTABLE && level == MAX_NESTING) {
			type = LuaValue.TNIL;
		}
		switch (type) {
			case LuaValue.TSTRING -> {
				LuaString s = (LuaString) value;
				int length = s.length();
				if (length < 32) {
					out.write(0xa0 | length);
				}
				else if (length <= 0xff) {
					out.write(0xd9);
					out.write(length);
				}
				else if (length <= 0xffff) {
					out.write(0xda);
					writeBig(out, length, 2);
				}
				else {
					out.write(0xdb);
					writeBig(out, length, 4);
				}
				out.write(s.m_bytes, s.m_offset, length);
			}
			case LuaValue.TBOOLEAN -> out.write(value.toboolean() ? 0xc3 : 0xc2);
			case LuaValue.TNUMBER -> encodeNumber(value.todouble(), out);
			case LuaValue.TTABLE -> encodeTable((LuaTable) value, out, level);
			default -> out.write(0xc0);
		}
	}

	private static void encodeNumber(double n, ByteArrayOutputStream out) {
		if (!Double.isInfinite(n) && (long) n == n && n >= -0x1p63 && n < 0x1p63) {
			encodeInteger((long) n, out);
			return;
		}
		float f = (float) n;
		if ((double) f == n) {
			out.write(0xca);
			writeBig(out, Float.floatToRawIntBits(f) & 0xFFFFFFFFL, 4);
		}
		else {
			out.write(0xcb);
			writeBig(out, Double.doubleToRawLongBits(n), 8);
		}
	}

	private static void encodeInteger(long n, ByteArrayOutputStream out) {
		if (n >= 0) {
			if (n <= 127) {
				out.write((int) n);
			}
			else if (n <= 0xff) {
				out.write(0xcc);
				out.write((int) n);
			}
			else if (n <= 0xffff) {
				out.write(0xcd);
				writeBig(out, n, 2);
			}
			else if (n <= 0xffffffffL) {
				out.write(0xce);
				writeBig(out, n, 4);
			}
			else {
				out.write(0xcf);
				writeBig(out, n, 8);
			}
		}
		else if (n >= -32) {
			out.write((int) n & 0xff);
		}
		else if (n >= -128) {
			out.write(0xd0);
			out.write((int) n & 0xff);
		}
		else if (n >= -32768) {
			out.write(0xd1);
			writeBig(out, n, 2);
		}
		else if (n >= Integer.MIN_VALUE) {
			out.write(0xd2);
			writeBig(out, n, 4);
		}
		else {
			out.write(0xd3);
			writeBig(out, n, 8);
		}
	}

	private static void encodeTable(LuaTable table, ByteArrayOutputStream out, int level) {
		if (isArray(table)) {
			int length = table.length();
			header(out, length, 0x90, 0xdc, 0xdd);
			for (int i = 1; i <= length; i++) {
				encode(table.get(i), out, level + 1);
			}
			return;
		}
		int count = 0;
		LuaValue key = LuaValue.NIL;
		while (!(key = table.next(key).arg1()).isnil()) {
			count++;
		}
		header(out, count, 0x80, 0xde, 0xdf);
		key = LuaValue.NIL;
		while (true) {
			Varargs next = table.next(key);
			key = next.arg1();
			if (key.isnil()) {
				return;
			}
			encode(key, out, level + 1);
			encode(next.arg(2), out, level + 1);
		}
	}

	/** lua-cmsgpack's table_is_an_array: every key a positive whole number of int range, and the largest equals the count. */
	private static boolean isArray(LuaTable table) {
		long count = 0;
		double max = 0;
		LuaValue key = LuaValue.NIL;
		while (!(key = table.next(key).arg1()).isnil()) {
			if (key.type() != LuaValue.TNUMBER) {
				return false;
			}
			double n = key.todouble();
			if (n <= 0 || (int) n != n) {
				return false;
			}
			max = Math.max(max, n);
			count++;
		}
		return max == count;
	}

	private static void header(ByteArrayOutputStream out, long n, int fix, int sixteen, int thirtyTwo) {
		if (n <= 15) {
			out.write(fix | (int) n);
		}
		else if (n <= 65535) {
			out.write(sixteen);
			writeBig(out, n, 2);
		}
		else {
			out.write(thirtyTwo);
			writeBig(out, n, 4);
		}
	}

	private static void writeBig(ByteArrayOutputStream out, long value, int bytes) {
		for (int i = bytes - 1; i >= 0; i--) {
			out.write((int) (value >>> (8 * i)) & 0xff);
		}
	}

	/** Not enough bytes for the value being read. */
	private static final class MissingBytes extends RuntimeException {

		private static final long serialVersionUID = 1L;

		MissingBytes() {
			super(null, null, false, false);
		}

	}

	/** A first byte that starts no MessagePack value lua-cmsgpack knows. */
	private static final class BadFormat extends RuntimeException {

		private static final long serialVersionUID = 1L;

		BadFormat() {
			super(null, null, false, false);
		}

	}

	private static Varargs unpack(Varargs args, long limit, long offset, String function) {
		if (!args.arg1().isstring()) {
			throw Lua51.typeError(1, function, "string", args);
		}
		LuaString s = args.arg1().strvalue();
		int length = s.length();
		boolean all = limit == 0 && offset == 0;
		if (offset < 0 || limit < 0) {
			throw new LuaError("Invalid request to unpack with offset of " + offset + " and limit of " + length + ".");
		}
		if (offset > length) {
			throw new LuaError("Start offset " + offset + " greater than input length " + length + ".");
		}
		if (all) {
			limit = Integer.MAX_VALUE;
		}
		Cursor cursor = new Cursor(s, (int) offset);
		List<LuaValue> values = new ArrayList<>();
		try {
			for (long n = 0; cursor.left() > 0 && n < limit; n++) {
				values.add(cursor.decode());
			}
		}
		catch (MissingBytes ex) {
			throw new LuaError("Missing bytes in input.");
		}
		catch (BadFormat ex) {
			throw new LuaError("Bad data format in input.");
		}
		if (!all) {
			values.add(0, LuaValue.valueOf(cursor.left() == 0 ? -1 : cursor.pos));
		}
		return LuaValue.varargsOf(values.toArray(new LuaValue[0]));
	}

	/** A read position in the packed bytes. */
	private static final class Cursor {

		private final LuaString s;

		int pos;

		Cursor(LuaString s, int pos) {
			this.s = s;
			this.pos = pos;
		}

		int left() {
			return this.s.length() - this.pos;
		}

		private void need(long n) {
			if (left() < n) {
				throw new MissingBytes();
			}
		}

		private int at(int i) {
			return this.s.luaByte(this.pos + i);
		}

		private long big(int from, int bytes) {
			long v = 0;
			for (int i = 0; i < bytes; i++) {
				v = (v << 8) | at(from + i);
			}
			return v;
		}

		private LuaValue number(double n, int consumed) {
			this.pos += consumed;
			return LuaValue.valueOf(n);
		}

		private LuaValue string(int headerLength, long length) {
			this.pos += headerLength;
			need(length);
			LuaString value = this.s.substring(this.pos, this.pos + (int) length);
			this.pos += (int) length;
			return value;
		}

		LuaValue decode() {
			need(1);
			int first = at(0);
			switch (first) {
				case 0xcc:
					need(2);
					return number(at(1), 2);
				case 0xd0:
					need(2);
					return number((byte) at(1), 2);
				case 0xcd:
					need(3);
					return number(big(1, 2), 3);
				case 0xd1:
					need(3);
					return number((short) big(1, 2), 3);
				case 0xce:
					need(5);
					return number(big(1, 4), 5);
				case 0xd2:
					need(5);
					return number((int) big(1, 4), 5);
				case 0xcf: {
					need(9);
					long bits = big(1, 8);
					return number(bits < 0 ? (bits >>> 1) * 2.0 + (bits & 1) : bits, 9);
				}
				case 0xd3:
					need(9);
					return number(big(1, 8), 9);
				case 0xc0:
					this.pos++;
					return LuaValue.NIL;
				case 0xc3:
					this.pos++;
					return LuaValue.TRUE;
				case 0xc2:
					this.pos++;
					return LuaValue.FALSE;
				case 0xca:
					need(5);
					return number(Float.intBitsToFloat((int) big(1, 4)), 5);
				case 0xcb:
					need(9);
					return number(Double.longBitsToDouble(big(1, 8)), 9);
				case 0xd9:
					need(2);
					return string(2, at(1));
				case 0xda:
					need(3);
					return string(3, big(1, 2));
				case 0xdb:
					need(5);
					return string(5, big(1, 4));
				case 0xdc:
					need(3);
					return array(3, big(1, 2));
				case 0xdd:
					need(5);
					return array(5, big(1, 4));
				case 0xde:
					need(3);
					return map(3, big(1, 2));
				case 0xdf:
					need(5);
					return map(5, big(1, 4));
				default:
					if ((first & 0x80) == 0) {
						return number(first, 1);
					}
					if ((first & 0xe0) == 0xe0) {
						return number((byte) first, 1);
					}
					if ((first & 0xe0) == 0xa0) {
						return string(1, first & 0x1f);
					}
					if ((first & 0xf0) == 0x90) {
						return array(1, first & 0xf);
					}
					if ((first & 0xf0) == 0x80) {
						return map(1, first & 0xf);
					}
					throw new BadFormat();
			}
		}

		private LuaValue array(int headerLength, long length) {
			this.pos += headerLength;
			LuaTable table = new LuaTable();
			for (long i = 1; i <= length; i++) {
				table.set((int) i, decode());
			}
			return table;
		}

		private LuaValue map(int headerLength, long length) {
			this.pos += headerLength;
			LuaTable table = new LuaTable();
			for (long i = 0; i < length; i++) {
				LuaValue key = decode();
				LuaValue value = decode();
				table.set(key, value);
			}
			return table;
		}

	}

}
