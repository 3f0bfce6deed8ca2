package io.kvserver.command;

import static io.kvserver.command.CommandHarness.integer;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * BITCOUNT and BITPOS against a model that reads the string one bit at a time: for random strings
 * (runs of zero and one bytes, so that word-at-a-time skipping and the edge-byte masks are
 * exercised) and random ranges in bytes and in bits, negative and past the end included. Each case
 * comes from its seed, so a failure names the seed that reproduces it.
 */
class BitmapModelTest {

	private final CommandHarness redis = new CommandHarness();

	static LongStream seeds() {
		return LongStream.range(0, 200);
	}

	@ParameterizedTest(name = "seed {0}")
	@MethodSource("seeds")
	void bitcountCountsTheBitsOfTheRange(long seed) {
		Random random = new Random(seed);
		for (int round = 0; round < 20; round++) {
			boolean[] bits = store(random);
			int length = bits.length / 8;
			assertThat(this.redis.run("BITCOUNT", "k")).isEqualTo(integer(count(bits, 0, bits.length - 1)));
			boolean inBits = random.nextBoolean();
			long total = inBits ? bits.length : length;
			long start = index(random, total);
			long end = index(random, total);
			List<String> argv = new ArrayList<>(List.of("BITCOUNT", "k", Long.toString(start), Long.toString(end)));
			if (inBits || random.nextBoolean()) {
				argv.add(inBits ? "BIT" : "BYTE");
			}
			long[] range = start < 0 && end < 0 && start > end ? null : clamp(start, end, total);
			long expected = 0;
			if (range != null) {
				int unit = inBits ? 1 : 8;
				expected = count(bits, range[0] * unit, range[1] * unit + unit - 1);
			}
			assertThat(this.redis.run(argv.toArray(String[]::new))).as("%s on %s", argv, show(bits))
				.isEqualTo(integer(expected));
		}
	}

	@ParameterizedTest(name = "seed {0}")
	@MethodSource("seeds")
	void bitposFindsTheFirstBitOfTheRange(long seed) {
		Random random = new Random(seed);
		for (int round = 0; round < 20; round++) {
			boolean[] bits = store(random);
			int length = bits.length / 8;
			int bit = random.nextInt(2);
			List<String> argv = new ArrayList<>(List.of("BITPOS", "k", Integer.toString(bit)));
			int form = random.nextInt(4); // whole string, start only, start and end in bytes, in bits
			boolean inBits = form == 3;
			long total = inBits ? bits.length : length;
			long start = form == 0 ? 0 : index(random, total);
			long end = form >= 2 ? index(random, total) : total - 1;
			if (form >= 1) {
				argv.add(Long.toString(start));
			}
			if (form >= 2) {
				argv.add(Long.toString(end));
			}
			if (inBits || (form == 2 && random.nextBoolean())) {
				argv.add(inBits ? "BIT" : "BYTE");
			}
			long[] range = clamp(start, end, total);
			long expected = -1;
			if (range != null) {
				int unit = inBits ? 1 : 8;
				long first = range[0] * unit;
				long last = range[1] * unit + unit - 1;
				for (long i = first; i <= last && expected < 0; i++) {
					if (bits[(int) i] == (bit == 1)) {
						expected = i;
					}
				}
				// Looking for a 0 with no explicit end, the string counts as followed by zeros.
				if (expected < 0 && bit == 0 && form < 2) {
					expected = last + 1;
				}
			}
			assertThat(this.redis.run(argv.toArray(String[]::new))).as("%s on %s", argv, show(bits))
				.isEqualTo(integer(expected));
		}
	}

	/** Stores a random string under "k" and answers its bits, the first byte's high bit first. */
	private boolean[] store(Random random) {
		int length = random.nextInt(4) == 0 ? random.nextInt(3) : random.nextInt(40);
		byte[] value = new byte[length];
		for (int i = 0; i < length;) {
			int run = 1 + random.nextInt(12);
			int kind = random.nextInt(4); // runs of zeros, of ones, of random bytes, of single bits
			for (; run > 0 && i < length; run--, i++) {
				value[i] = switch (kind) {
					case 0 -> 0;
					case 1 -> (byte) 0xff;
					case 2 -> (byte) random.nextInt(256);
					default -> (byte) (random.nextBoolean() ? 1 << random.nextInt(8) : ~(1 << random.nextInt(8)));
				};
			}
		}
		this.redis.runBytes("SET".getBytes(StandardCharsets.US_ASCII), "k".getBytes(StandardCharsets.US_ASCII), value);
		boolean[] bits = new boolean[length * 8];
		for (int i = 0; i < bits.length; i++) {
			bits[i] = (value[i / 8] & (0x80 >> (i % 8))) != 0;
		}
		return bits;
	}

	/** An index around the string: inside it, negative, or past its end. */
	private static long index(Random random, long total) {
		return switch (random.nextInt(6)) {
			case 0 -> -1 - random.nextInt((int) total + 3);
			case 1 -> total + random.nextInt(3);
			case 2 -> random.nextBoolean() ? Long.MAX_VALUE : Long.MIN_VALUE;
			default -> random.nextInt((int) total + 1);
		};
	}

	/**
	 * The range as the documentation defines it (negatives from the end, clamped), null if empty.
	 * BITCOUNT, not BITPOS, also takes two negative indexes in the wrong order as empty before clamping.
	 */
	private static long[] clamp(long start, long end, long total) {
		start = start < 0 ? Math.max(0, total + start) : start;
		end = Math.min(end < 0 ? Math.max(0, total + end) : end, total - 1);
		return start > end ? null : new long[] { start, end };
	}

	private static long count(boolean[] bits, long first, long last) {
		long count = 0;
		for (long i = first; i <= last; i++) {
			count += bits[(int) i] ? 1 : 0;
		}
		return count;
	}

	private static String show(boolean[] bits) {
		StringBuilder text = new StringBuilder();
		for (int i = 0; i < bits.length; i++) {
			text.append(i > 0 && i % 8 == 0 ? "|" : "").append(bits[i] ? '1' : '0');
		}
		return text.toString();
	}

}
