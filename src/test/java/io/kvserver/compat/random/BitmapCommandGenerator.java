package io.kvserver.compat.random;

import static io.kvserver.compat.random.CommandTemplate.command;

import java.util.ArrayList;
import java.util.List;

/**
 * Bit operations on strings (bitops.c): SETBIT, GETBIT, BITCOUNT and BITPOS with BYTE and BIT
 * ranges, BITOP, BITFIELD and BITFIELD_RO with every type width, '#' offsets and overflow mode.
 * Offsets stay within a few kilobytes, or past Redis's limit (refused without allocating): an
 * offset near 2^32 would have both servers allocate 512 MB.
 */
public final class BitmapCommandGenerator implements CommandGenerator {

	@Override
	public String family() {
		return "bitmaps";
	}

	@Override
	public String keyGroup() {
		return "string";
	}

	@Override
	public int weight() {
		return 6;
	}

	@Override
	public List<CommandTemplate> templates() {
		return List.of(
				command("setbit", 6, g -> Args.of("SETBIT", g.key(), bitOffset(g), g.chance(0.9) ? g.pick("0", "1") : g.pick("2", "-1", "", "01"))),
				command("getbit", 4, g -> Args.of("GETBIT", g.key(), bitOffset(g))),
				command("bitcount", 4, g -> Args.of("BITCOUNT", g.key()).maybe(g, 0.7, g.offset(), g.offset())
					.maybe(g, 0.3, g.pick("BYTE", "BIT", "bit", "NIBBLE"))),
				command("bitpos", 4, g -> bitpos(g)),
				command("bitop", 3, g -> Args.of("BITOP", g.pick("AND", "OR", "XOR", "NOT", "not", "NAND"), g.key())
					.add(g.keys(1, 3))),
				command("bitfield", 6, g -> Args.of("BITFIELD", g.key()).add(subcommands(g, true))),
				command("bitfield_ro", 2, g -> Args.of("BITFIELD_RO", g.key()).add(subcommands(g, false))));
	}

	private static Args bitpos(Gen g) {
		Args args = Args.of("BITPOS", g.key(), g.chance(0.9) ? g.pick("0", "1") : g.pick("2", "-1"));
		if (g.chance(0.7)) {
			args.add(g.offset());
			if (g.chance(0.6)) {
				args.add(g.offset()).maybe(g, 0.4, g.pick("BYTE", "BIT", "byte", "WORD"));
			}
		}
		return args;
	}

	/** A bit offset: within the first few kilobytes, or at or past 2^32 (an error). */
	static byte[] bitOffset(Gen g) {
		return Gen.bytes(g.chance(0.85) ? Integer.toString(g.between(0, g.pick(16, 64, 300, 20000)))
				: g.pick("-1", "4294967296", "9223372036854775807", "abc", "1.5", ""));
	}

	/** BITFIELD's operations, in any order and number, with OVERFLOW between them. */
	private static List<Object> subcommands(Gen g, boolean writes) {
		List<Object> out = new ArrayList<>();
		for (int i = g.between(0, 4); i > 0; i--) {
			int kind = writes ? g.random().nextInt(4) : (g.chance(0.9) ? 0 : g.random().nextInt(4));
			switch (kind) {
				case 0 -> out.add(new Object[] { "GET", type(g), fieldOffset(g) });
				case 1 -> out.add(new Object[] { "SET", type(g), fieldOffset(g), g.integer() });
				case 2 -> out.add(new Object[] { "INCRBY", type(g), fieldOffset(g), g.integer() });
				default -> out.add(new Object[] { "OVERFLOW", g.pick("WRAP", "SAT", "FAIL", "fail", "NONE") });
			}
		}
		return out;
	}

	private static String type(Gen g) {
		if (g.chance(0.9)) {
			String sign = g.pick("i", "u");
			int width = sign.equals("i") ? g.pick(1, 2, 5, 8, 16, 31, 32, 33, 63, 64) : g.pick(1, 2, 7, 8, 16, 32, 63);
			return sign + width;
		}
		return g.pick("u64", "i65", "i0", "u0", "x8", "I8", "8", "");
	}

	private static String fieldOffset(Gen g) {
		if (g.chance(0.85)) {
			return (g.chance(0.3) ? "#" : "") + g.between(0, g.pick(8, 64, 1000));
		}
		return g.pick("-1", "#-1", "4294967296", "#abc", "abc", "");
	}

}
