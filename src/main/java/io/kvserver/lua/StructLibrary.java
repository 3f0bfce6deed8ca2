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
 * The {@code struct} library Redis loads (Roberto Ierusalimschy's lua_struct): {@code pack},
 * {@code unpack} and {@code size} of binary records, with the sizes and alignment of the x86-64
 * build Redis runs on (short 2, int 4, long and size_t 8, native order little-endian, largest
 * alignment 8).
 */
final class StructLibrary {

	private static final int MAX_INT_SIZE = 32;

	private static final int MAX_ALIGN = 8;

	private StructLibrary() {
	}

	static LuaTable create() {
		LuaTable struct = LuaRuntime.libraryTable();
		struct.rawset("pack", new VarArgFunction() {
			@Override
			public Varargs invoke(Varargs args) {
				return pack(args);
			}
		});
		struct.rawset("unpack", new VarArgFunction() {
			@Override
			public Varargs invoke(Varargs args) {
				return unpack(args);
			}
		});
		struct.rawset("size", new VarArgFunction() {
			@Override
			public Varargs invoke(Varargs args) {
				return size(args);
			}
		});
		return struct;
	}

	/** The byte order and largest alignment in force while a format is read. */
	private static final class Header {

		boolean little = true;

		int align = 1;

	}

	/** A format string read one option at a time. */
	private static final class Format {

		final LuaString text;

		int pos;

		Format(LuaString text) {
			this.text = text;
		}

		boolean more() {
			return this.pos < this.text.length() && this.text.luaByte(this.pos) != 0;
		}

		int next() {
			return this.text.luaByte(this.pos++);
		}

		int number(int otherwise) {
			if (!more() || !Character.isDigit(this.text.luaByte(this.pos))) {
				return otherwise;
			}
			int a = 0;
			while (more() && Character.isDigit(this.text.luaByte(this.pos))) {
				int digit = this.text.luaByte(this.pos++) - '0';
				if (a > Integer.MAX_VALUE / 10 || a * 10 > Integer.MAX_VALUE - digit) {
					throw new LuaError("integral size overflow");
				}
				a = a * 10 + digit;
			}
			return a;
		}

	}

	private static LuaString format(Varargs args, String function) {
		if (!args.arg1().isstring()) {
			throw Lua51.typeError(1, function, "string", args);
		}
		return args.arg1().strvalue();
	}

	private static int optionSize(int option, Format format) {
		return switch (option) {
			case 'B', 'b' -> 1;
			case 'H', 'h' -> 2;
			case 'L', 'l', 'T', 'd' -> 8;
			case 'f' -> 4;
			case 'x' -> 1;
			case 'c' -> format.number(1);
			case 'i', 'I' -> {
				int size = format.number(4);
				if (size > MAX_INT_SIZE) {
					throw new LuaError("integral size " + size + " is larger than limit of " + MAX_INT_SIZE);
				}
				yield size;
			}
			default -> 0;
		};
	}

	private static int toAlign(long length, Header header, int option, int size) {
		if (size == 0 || option == 'c') {
			return 0;
		}
		int alignment = Math.min(size, header.align);
		return (int) ((alignment - (length & (alignment - 1))) & (alignment - 1));
	}

	private static void control(int option, Format format, Header header, String function) {
		switch (option) {
			case ' ' -> {
			}
			case '>' -> header.little = false;
			case '<' -> header.little = true;
			case '!' -> {
				int a = format.number(MAX_ALIGN);
				if (a <= 0 || (a & (a - 1)) != 0) {
					throw new LuaError("alignment " + a + " is not a power of 2");
				}
				header.align = a;
			}
			default -> throw Lua51.argError(1, function, "invalid format option '" + (char) option + "'");
		}
	}

	private static double number(Varargs args, int arg) {
		LuaValue number = args.arg(arg).tonumber();
		if (number.isnil()) {
			throw Lua51.typeError(arg, "pack", "number", args);
		}
		return number.todouble();
	}

	private static Varargs pack(Varargs args) {
		Format format = new Format(format(args, "pack"));
		Header header = new Header();
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		int arg = 2;
		long total = 0;
		while (format.more()) {
			int option = format.next();
			int size = optionSize(option, format);
			int align = toAlign(total, header, option, size);
			total += align;
			for (int i = 0; i < align; i++) {
				out.write(0);
			}
			switch (option) {
				case 'b', 'B', 'h', 'H', 'l', 'L', 'T', 'i', 'I' -> {
					double n = number(args, arg++);
					long value = LuaToResp.toLongLong(n);
					writeInteger(out, value, size, header.little);
				}
				case 'x' -> out.write(0);
				case 'f' -> writeInteger(out, Float.floatToRawIntBits((float) number(args, arg++)) & 0xFFFFFFFFL, 4,
						header.little);
				case 'd' -> writeInteger(out, Double.doubleToRawLongBits(number(args, arg++)), 8, header.little);
				case 'c', 's' -> {
					if (!args.arg(arg).isstring()) {
						throw Lua51.typeError(arg, "pack", "string", args);
					}
					LuaString s = args.arg(arg++).strvalue();
					if (size == 0) {
						size = s.length();
					}
					if (s.length() < size) {
						throw Lua51.argError(arg, "pack", "string too short");
					}
					out.write(s.m_bytes, s.m_offset, size);
					if (option == 's') {
						out.write(0);
						size++;
					}
				}
				default -> control(option, format, header, "pack");
			}
			total += size;
		}
		return LuaString.valueOf(out.toByteArray());
	}

	/** The low {@code size} bytes of the value (more than 8: the sign-less 64 bits, then zeros). */
	private static void writeInteger(ByteArrayOutputStream out, long value, int size, boolean little) {
		byte[] bytes = new byte[size];
		long v = value;
		for (int i = 0; i < size; i++) {
			int at = little ? i : size - 1 - i;
			bytes[at] = (byte) (i < 8 ? v & 0xff : 0);
			v >>>= 8;
		}
		out.write(bytes, 0, size);
	}

	private static Varargs unpack(Varargs args) {
		Format format = new Format(format(args, "unpack"));
		if (!args.arg(2).isstring()) {
			throw Lua51.typeError(2, "unpack", "string", args);
		}
		LuaString data = args.arg(2).strvalue();
		long length = data.length();
		long pos = args.arg(3).isnil() ? 1 : Lua51.checkInt(args, 3, "unpack");
		if (pos <= 0) {
			throw Lua51.argError(3, "unpack", "offset must be 1 or greater");
		}
		pos--;
		Header header = new Header();
		List<LuaValue> results = new ArrayList<>();
		while (format.more()) {
			int option = format.next();
			int size = optionSize(option, format);
			pos += toAlign(pos, header, option, size);
			if (size > length || pos > length - size) {
				throw Lua51.argError(2, "unpack", "data string too short");
			}
			switch (option) {
				case 'b', 'B', 'h', 'H', 'l', 'L', 'T', 'i', 'I' ->
					results.add(LuaValue.valueOf(readInteger(data, (int) pos, size, header.little, Character.isLowerCase(option))));
				case 'x' -> {
				}
				case 'f' -> results.add(LuaValue.valueOf(
						Float.intBitsToFloat((int) readBits(data, (int) pos, 4, header.little))));
				case 'd' -> results.add(LuaValue.valueOf(Double.longBitsToDouble(readBits(data, (int) pos, 8, header.little))));
				case 'c' -> {
					if (size == 0) {
						if (results.isEmpty() || !results.get(results.size() - 1).isnumber()) {
							throw new LuaError("format 'c0' needs a previous size");
						}
						size = (int) results.remove(results.size() - 1).todouble();
						if (size > length || pos > length - size) {
							throw Lua51.argError(2, "unpack", "data string too short");
						}
					}
					results.add(data.substring((int) pos, (int) pos + size));
				}
				case 's' -> {
					int end = (int) pos;
					while (end < length && data.luaByte(end) != 0) {
						end++;
					}
					if (end == length) {
						throw new LuaError("unfinished string in data");
					}
					size = end - (int) pos + 1;
					results.add(data.substring((int) pos, end));
				}
				default -> control(option, format, header, "unpack");
			}
			pos += size;
		}
		results.add(LuaValue.valueOf(pos + 1));
		return LuaValue.varargsOf(results.toArray(new LuaValue[0]));
	}

	private static long readBits(LuaString data, int pos, int size, boolean little) {
		long bits = 0;
		for (int i = 0; i < size; i++) {
			int at = little ? size - 1 - i : i;
			bits = (bits << 8) | data.luaByte(pos + at);
		}
		return bits;
	}

	/** lua_struct's getinteger: unsigned, or sign-extended from the top bit, as a number. */
	private static double readInteger(LuaString data, int pos, int size, boolean little, boolean signed) {
		long bits = readBits(data, pos, size, little);
		if (!signed) {
			return size >= 8 && bits < 0 ? (bits >>> 1) * 2.0 + (bits & 1) : bits;
		}
		if (size < 8) {
			long mask = -1L << (size * 8 - 1);
			if ((bits & mask) != 0) {
				bits |= mask;
			}
		}
		return bits;
	}

	private static Varargs size(Varargs args) {
		Format format = new Format(format(args, "size"));
		Header header = new Header();
		long pos = 0;
		while (format.more()) {
			int option = format.next();
			int size = optionSize(option, format);
			pos += toAlign(pos, header, option, size);
			if (option == 's') {
				throw Lua51.argError(1, "size", "option 's' has no fixed size");
			}
			if (option == 'c' && size == 0) {
				throw Lua51.argError(1, "size", "option 'c0' has no fixed size");
			}
			if (!Character.isLetterOrDigit(option)) {
				control(option, format, header, "size");
			}
			pos += size;
		}
		return LuaValue.valueOf(pos);
	}

}
