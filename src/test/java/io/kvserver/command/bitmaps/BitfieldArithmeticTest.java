package io.kvserver.command.bitmaps;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * BITFIELD's arithmetic at every width, signed (i1..i64) and unsigned (u1..u63), against exact
 * arithmetic in BigInteger: INCRBY from every in-range value near the limits and zero, by
 * increments near the limits, and SET of values in and out of range, in each OVERFLOW mode; and
 * fields written and read back at every bit alignment.
 */
class BitfieldArithmeticTest {

	static IntStream signedWidths() {
		return IntStream.rangeClosed(1, 64);
	}

	static IntStream unsignedWidths() {
		return IntStream.rangeClosed(1, 63);
	}

	@ParameterizedTest(name = "i{0}")
	@MethodSource("signedWidths")
	void signedIncrementsMatchExactArithmetic(int bits) {
		BigInteger min = BigInteger.ONE.shiftLeft(bits - 1).negate();
		BigInteger max = BigInteger.ONE.shiftLeft(bits - 1).subtract(BigInteger.ONE);
		for (long value : samples(min, max)) {
			for (long increment : increments(bits)) {
				BigInteger exact = BigInteger.valueOf(value).add(BigInteger.valueOf(increment));
				boolean fits = exact.compareTo(min) >= 0 && exact.compareTo(max) <= 0;
				String what = "i" + bits + " " + value + " INCRBY " + increment;
				for (BitfieldOverflow mode : BitfieldOverflow.values()) {
					BitfieldOverflow.Result result = mode.addSigned(value, increment, bits);
					assertThat(result.overflowed()).as("%s overflows, %s", what, mode).isEqualTo(!fits);
					if (fits) {
						assertThat(result.value()).as("%s, %s", what, mode).isEqualTo(exact.longValueExact());
					}
					else if (mode == BitfieldOverflow.SAT) {
						assertThat(result.value()).as("%s saturates", what)
							.isEqualTo(exact.signum() > 0 ? max.longValueExact() : min.longValueExact());
					}
					else if (mode == BitfieldOverflow.WRAP) {
						assertThat(result.value()).as("%s wraps", what).isEqualTo(wrapSigned(exact, bits));
					}
				}
			}
		}
	}

	@ParameterizedTest(name = "u{0}")
	@MethodSource("unsignedWidths")
	void unsignedIncrementsMatchExactArithmetic(int bits) {
		BigInteger max = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE);
		for (long value : samples(BigInteger.ZERO, max)) {
			for (long increment : increments(bits)) {
				BigInteger exact = BigInteger.valueOf(value).add(BigInteger.valueOf(increment));
				boolean fits = exact.signum() >= 0 && exact.compareTo(max) <= 0;
				String what = "u" + bits + " " + value + " INCRBY " + increment;
				for (BitfieldOverflow mode : BitfieldOverflow.values()) {
					BitfieldOverflow.Result result = mode.addUnsigned(value, increment, bits);
					assertThat(result.overflowed()).as("%s overflows, %s", what, mode).isEqualTo(!fits);
					if (fits) {
						assertThat(result.value()).as("%s, %s", what, mode).isEqualTo(exact.longValueExact());
					}
					else if (mode == BitfieldOverflow.SAT) {
						assertThat(result.value()).as("%s saturates", what)
							.isEqualTo(exact.signum() > 0 ? max.longValueExact() : 0);
					}
					else if (mode == BitfieldOverflow.WRAP) {
						assertThat(result.value()).as("%s wraps", what)
							.isEqualTo(exact.mod(BigInteger.ONE.shiftLeft(bits)).longValueExact());
					}
				}
			}
		}
	}

	/**
	 * SET checks the value itself, as an increment of 0 from it. Redis computes {@code max - value}
	 * in 64 bits, which wraps for values within 2^63 of the field's maximum from below (near
	 * Long.MIN_VALUE): those count as overflowing upwards, so SAT makes them the maximum.
	 */
	@ParameterizedTest(name = "i{0}")
	@MethodSource("signedWidths")
	void signedSetChecksTheValueItself(int bits) {
		BigInteger min = BigInteger.ONE.shiftLeft(bits - 1).negate();
		BigInteger max = BigInteger.ONE.shiftLeft(bits - 1).subtract(BigInteger.ONE);
		for (long value : increments(bits)) {
			BigInteger exact = BigInteger.valueOf(value);
			boolean fits = exact.compareTo(min) >= 0 && exact.compareTo(max) <= 0;
			assertThat(BitfieldOverflow.FAIL.addSigned(value, 0, bits).overflowed()).as("SET i%d %d", bits, value)
				.isEqualTo(!fits);
			assertThat(BitfieldOverflow.WRAP.addSigned(value, 0, bits).value()).isEqualTo(wrapSigned(exact, bits));
			boolean upwards = value > 0 || max.subtract(exact).compareTo(BigInteger.valueOf(Long.MAX_VALUE)) > 0;
			assertThat(BitfieldOverflow.SAT.addSigned(value, 0, bits).value()).as("SET i%d %d SAT", bits, value)
				.isEqualTo(fits ? value : upwards ? max.longValueExact() : min.longValueExact());
		}
	}

	/** Redis reads a negative SET value as a huge unsigned one: SAT makes it the field's maximum, not 0. */
	@ParameterizedTest(name = "u{0}")
	@MethodSource("unsignedWidths")
	void unsignedSetReadsNegativesAsHugeValues(int bits) {
		BigInteger modulus = BigInteger.ONE.shiftLeft(bits);
		long max = modulus.subtract(BigInteger.ONE).longValueExact();
		for (long value : increments(bits)) {
			boolean fits = value >= 0 && value <= max;
			assertThat(BitfieldOverflow.FAIL.addUnsigned(value, 0, bits).overflowed()).as("SET u%d %d", bits, value)
				.isEqualTo(!fits);
			assertThat(BitfieldOverflow.WRAP.addUnsigned(value, 0, bits).value())
				.isEqualTo(BigInteger.valueOf(value).mod(modulus).longValueExact());
			assertThat(BitfieldOverflow.SAT.addUnsigned(value, 0, bits).value()).isEqualTo(fits ? value : max);
		}
	}

	@Test
	void fieldsReadBackAtEveryAlignmentAndWidth() {
		Random random = new Random(12);
		for (int bits = 1; bits <= 64; bits++) {
			for (int offset = 0; offset < 24; offset++) {
				byte[] bytes = new byte[12];
				random.nextBytes(bytes);
				byte[] before = bytes.clone();
				long value = random.nextLong();
				Bits.setBits(bytes, offset, bits, value);
				long low = bits == 64 ? value : value & ((1L << bits) - 1);
				assertThat(Bits.getUnsigned(bytes, bytes.length, offset, bits)).isEqualTo(low);
				long signed = bits == 64 ? value : (low << (64 - bits)) >> (64 - bits);
				assertThat(Bits.getSigned(bytes, bytes.length, offset, bits)).isEqualTo(signed);
				for (int i = 0; i < bytes.length * 8; i++) {
					if (i < offset || i >= offset + bits) {
						assertThat(Bits.get(bytes, bytes.length, i)).as("bit %d outside the u%d field at %d", i, bits, offset)
							.isEqualTo(Bits.get(before, before.length, i));
					}
				}
			}
		}
	}

	@Test
	void bitsPastTheStringReadAsZero() {
		byte[] bytes = { (byte) 0xff, (byte) 0xff };
		assertThat(Bits.getUnsigned(bytes, 2, 12, 8)).isEqualTo(0xf0);
		assertThat(Bits.getSigned(bytes, 2, 12, 8)).isEqualTo(-16);
		assertThat(Bits.getUnsigned(bytes, 1, 4, 8)).as("past the length, not the array").isEqualTo(0xf0);
		assertThat(Bits.getUnsigned(bytes, 2, 1000, 63)).isZero();
	}

	private static long wrapSigned(BigInteger exact, int bits) {
		BigInteger modulus = BigInteger.ONE.shiftLeft(bits);
		BigInteger low = exact.mod(modulus);
		return (low.testBit(bits - 1) ? low.subtract(modulus) : low).longValueExact();
	}

	/** Values of the field's range: its limits, one inside them, 0 and ±1 where they fit, a few random. */
	private static List<Long> samples(BigInteger min, BigInteger max) {
		List<Long> values = new ArrayList<>();
		for (BigInteger v : List.of(min, min.add(BigInteger.ONE), max, max.subtract(BigInteger.ONE), BigInteger.ZERO,
				BigInteger.ONE, BigInteger.ONE.negate())) {
			if (v.compareTo(min) >= 0 && v.compareTo(max) <= 0) {
				values.add(v.longValueExact());
			}
		}
		Random random = new Random(min.hashCode() ^ max.hashCode());
		BigInteger span = max.subtract(min).add(BigInteger.ONE);
		for (int i = 0; i < 4; i++) {
			values.add(new BigInteger(span.bitLength() + 8, random).mod(span).add(min).longValueExact());
		}
		return values;
	}

	/** Increments around every limit a field of this width has, and the limits of a long. */
	private static List<Long> increments(int bits) {
		List<Long> values = new ArrayList<>(List.of(0L, 1L, -1L, 2L, -2L, Long.MAX_VALUE, Long.MIN_VALUE,
				Long.MAX_VALUE - 1, Long.MIN_VALUE + 1));
		for (int shift : new int[] { bits - 1, bits }) {
			if (shift < 63) {
				long power = 1L << shift;
				for (long delta = -2; delta <= 2; delta++) {
					values.add(power + delta);
					values.add(-power + delta);
				}
			}
		}
		return values;
	}

}
