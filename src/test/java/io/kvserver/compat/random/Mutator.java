package io.kvserver.compat.random;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Breaks a well-formed request now and then, the same way for every family: an argument dropped,
 * repeated or replaced by a bad token (wrong arity, syntax errors, bad numbers and options), the
 * name in mixed case (which must change nothing) or misspelt (Redis's unknown-command error, which
 * quotes the arguments). The tokens never include a small positive number, so a mutation cannot
 * turn a far expiry into one that passes during the run.
 */
final class Mutator {

	static final double RATE = 0.12;

	private Mutator() {
	}

	static List<byte[]> maybeMutate(Gen g, List<byte[]> argv) {
		if (!g.chance(RATE)) {
			return argv;
		}
		List<byte[]> out = new ArrayList<>(argv);
		int kind = g.random().nextInt(8);
		int last = out.size() - 1;
		switch (kind) {
			case 0, 1 -> {
				if (last >= 1) {
					out.remove(g.between(1, last));
				}
			}
			case 2 -> out.add(g.between(1, out.size()), g.nasty());
			case 3, 4 -> {
				if (last >= 1) {
					out.set(g.between(1, last), g.nasty());
				}
			}
			case 5 -> {
				if (last >= 1) {
					int i = g.between(1, last);
					out.add(i, out.get(i));
				}
			}
			case 6 -> out.set(0, mixedCase(g, out.get(0)));
			default -> out.set(0, misspelt(g, out.get(0)));
		}
		return List.copyOf(out);
	}

	private static byte[] mixedCase(Gen g, byte[] name) {
		byte[] b = name.clone();
		for (int i = 0; i < b.length; i++) {
			if (g.chance(0.5)) {
				b[i] = (byte) Character.toUpperCase(b[i]);
			}
			else {
				b[i] = (byte) Character.toLowerCase(b[i]);
			}
		}
		return b;
	}

	private static byte[] misspelt(Gen g, byte[] name) {
		String text = new String(name, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
		// Never a prefix or a suffix of letters ("x" + "del" is XDEL, "lpush" + "x" is LPUSHX), nor a NUL:
		// Redis hashes "get\0" over 4 bytes but compares it with strcasecmp, so whether it finds GET
		// depends on its per-process hash seed.
		return Gen.bytes(g.pick(text + "_", "_" + text, text + text.charAt(text.length() - 1), text + "\u00ff"));
	}

}
