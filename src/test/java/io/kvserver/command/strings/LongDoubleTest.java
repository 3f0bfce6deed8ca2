package io.kvserver.command.strings;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Sums and their text as redis-server 7.0.15 on x86-64 gives them (INCRBYFLOAT, checked against one). */
class LongDoubleTest {

	@ParameterizedTest(name = "{0} + {1} = {2}")
	@CsvSource({
			"0.1, 0.2, 0.3", // doubles would give 0.30000000000000004
			"1.1, 2.2, 3.3",
			"0.3, -0.1, 0.2",
			"-0.1, 0.1, 0",
			"5e-18, 0, 0",
			"1.5e-17, 0, 0.00000000000000002", // a tie at 17 decimals: to even
			"2.5e-17, 0, 0.00000000000000002",
			"0x1p-60, 0, 0",
			"3.0e3, 0, 3000",
			"9223372036854775807, 1, 9223372036854775808",
			"18446744073709551615, 1, 18446744073709551616",
			"1e20, 0.5, 100000000000000000000", // 64 significant bits cannot hold the half
			"10.5, 0.1, 10.6",
			"-5, 2.25, -2.75",
			"0x10, 0X1p4, 32",
			".5, 5., 5.5" })
	void sumsPrintAsRedisPrintsThem(String a, String b, String expected) {
		assertThat(parse(a).add(parse(b)).toHumanString()).isEqualTo(expected);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", " 1", "1 ", "abc", "1e", "1e+", "0x", "0x1p", ".", "-", "+", "nan", "-NaN", "infinit",
			"1e5000", "-1e5000", "1e-5000", "1.5.5", "1,5" })
	void refusedAsStrtoldAndString2ldRefuseThem(String text) {
		assertThat(parse(text)).isNull();
	}

	@ParameterizedTest
	@ValueSource(strings = { "inf", "-inf", "Infinity", "INF" })
	void infinitiesParseButEveryInfiniteSumIsRefusedByTheCaller(String text) {
		assertThat(parse(text).isInfinite()).isTrue();
		assertThat(parse(text).add(parse("1")).isInfinite()).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "1.18973149535723176502e+4932", "1e4932" })
	void theLargestFiniteValuesDoNotOverflowUntilAdded(String text) {
		assertThat(parse(text).isInfinite()).isFalse();
		assertThat(parse(text).add(parse(text)).isInfinite()).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "0e99999999999", "0x0p-99999", "-0", "0.000" })
	void zeroIsExactWhateverTheExponent(String text) {
		assertThat(parse(text).toHumanString()).isEqualTo("0");
	}

	@ParameterizedTest
	@ValueSource(ints = { 5119, 5120 })
	void stringsOf5120BytesOrMoreAreRefused(int length) {
		byte[] one = ("1." + "0".repeat(length - 2)).getBytes(StandardCharsets.US_ASCII);
		assertThat(LongDouble.parse(one, length) != null).isEqualTo(length < 5120);
	}

	@ParameterizedTest
	@ValueSource(strings = { "1.5\u0000", "1\u00002" })
	void aNulByteIsNotConsumed(String text) {
		assertThat(parse(text)).isNull();
	}

	private static LongDouble parse(String text) {
		byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
		return LongDouble.parse(bytes, bytes.length);
	}

}
