package io.kvserver.lua;

import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * The {@code bit} library Redis loads (LuaBitOp 1.0.2): 32-bit operations on Lua numbers. A
 * number becomes 32 bits as LuaBitOp does it, by adding 2^52 + 2^51 and keeping the low word of
 * the double (so it is rounded to the nearest integer, halves to even, and taken modulo 2^32); a
 * result is that word as a signed number.
 */
final class BitLibrary {

	private static final double TO_BITS = 6755399441055744.0;

	private BitLibrary() {
	}

	static LuaTable create() {
		LuaTable bit = LuaRuntime.libraryTable();
		bit.rawset("tobit", unary("tobit", b -> b));
		bit.rawset("bnot", unary("bnot", b -> ~b));
		bit.rawset("band", fold("band", (a, b) -> a & b));
		bit.rawset("bor", fold("bor", (a, b) -> a | b));
		bit.rawset("bxor", fold("bxor", (a, b) -> a ^ b));
		bit.rawset("lshift", shift("lshift", (b, n) -> b << n));
		bit.rawset("rshift", shift("rshift", (b, n) -> b >>> n));
		bit.rawset("arshift", shift("arshift", (b, n) -> b >> n));
		bit.rawset("rol", shift("rol", Integer::rotateLeft));
		bit.rawset("ror", shift("ror", Integer::rotateRight));
		bit.rawset("bswap", unary("bswap", Integer::reverseBytes));
		bit.rawset("tohex", new VarArgFunction() {
			@Override
			public Varargs invoke(Varargs args) {
				int b = bits(args, 1, "tohex");
				int n = args.narg() < 2 ? 8 : bits(args, 2, "tohex");
				String digits = "0123456789abcdef";
				if (n < 0) {
					n = -n;
					digits = "0123456789ABCDEF";
				}
				n = Math.min(n, 8);
				char[] text = new char[Math.max(0, n)];
				for (int i = n - 1; i >= 0; i--) {
					text[i] = digits.charAt(b & 15);
					b >>>= 4;
				}
				return valueOf(new String(text));
			}
		});
		return bit;
	}

	/** LuaBitOp's barg: a number (or numeric string) as 32 bits. */
	static int bits(Varargs args, int arg, String function) {
		LuaValue number = args.arg(arg).tonumber();
		if (number.isnil()) {
			throw Lua51.typeError(arg, function, "number", args);
		}
		return (int) Double.doubleToRawLongBits(number.todouble() + TO_BITS);
	}

	private interface IntOp {

		int apply(int b);

	}

	private interface IntBinaryOp {

		int apply(int a, int b);

	}

	// The parameter is not called "name": VarArgFunction has a field of that name, which would hide it.
	private static VarArgFunction unary(String function, IntOp op) {
		return new VarArgFunction() {
			@Override
			public Varargs invoke(Varargs args) {
				return valueOf(op.apply(bits(args, 1, function)));
			}
		};
	}

	/** band/bor/bxor: the first argument combined with every other, from the last to the second. */
	private static VarArgFunction fold(String function, IntBinaryOp op) {
		return new VarArgFunction() {
			@Override
			public Varargs invoke(Varargs args) {
				int b = bits(args, 1, function);
				for (int i = args.narg(); i > 1; i--) {
					b = op.apply(b, bits(args, i, function));
				}
				return valueOf(b);
			}
		};
	}

	private static VarArgFunction shift(String function, IntBinaryOp op) {
		return new VarArgFunction() {
			@Override
			public Varargs invoke(Varargs args) {
				int b = bits(args, 1, function);
				int n = bits(args, 2, function) & 31;
				return valueOf(op.apply(b, n));
			}
		};
	}

}
