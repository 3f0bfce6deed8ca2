package io.kvserver.util;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link Numbers#parseLong} follows Redis's string2ll (util.c). */
class NumbersTest {

	@ParameterizedTest
	@CsvSource({ "0, 0", "1, 1", "-1, -1", "10, 10", "1024, 1024", "-1024, -1024",
			"9223372036854775807, 9223372036854775807", "-9223372036854775808, -9223372036854775808",
			"922337203685477580, 922337203685477580", "-922337203685477580, -922337203685477580",
			"9223372036854775806, 9223372036854775806", "-9223372036854775807, -9223372036854775807" })
	void valid(String text, long expected) {
		long[] out = { 12345 };
		assertThat(Numbers.parseLong(bytes(text), out)).isTrue();
		assertThat(out[0]).isEqualTo(expected);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "-", "+", "-0", "+1", "+0", "00", "01", "-01", "007", " 1", "1 ", "1 2", "\t1", "1\r\n",
			"9223372036854775808", "-9223372036854775809", "18446744073709551615", "18446744073709551616",
			"99999999999999999999", "-99999999999999999999", "100000000000000000000", "000000000000000000001",
			"1a", "a1", "0x10", "1.0", "1e3", "--1", "-+1", "1-", "\u0661" })
	void invalid(String text) {
		long[] out = { 12345 };
		assertThat(Numbers.parseLong(bytes(text), out)).isFalse();
	}

	@Test
	void moreThanTwentyBytesIsInvalidEvenIfItWouldParse() {
		// string2ll rejects slen >= LONG_STR_SIZE (21) up front; no valid number is that long.
		assertThat(Numbers.parseLong(bytes("-9223372036854775808"), new long[1])).isTrue();
		assertThat(Numbers.parseLong(bytes("-09223372036854775808"), new long[1])).isFalse();
	}

	@Test
	void parsesARangeOfALargerArray() {
		byte[] s = bytes("$-42\r\n");
		long[] out = new long[1];
		assertThat(Numbers.parseLong(s, 1, 3, out)).isTrue();
		assertThat(out[0]).isEqualTo(-42);
		assertThat(Numbers.parseLong(s, 1, 0, out)).isFalse();
		assertThat(Numbers.parseLong(s, 1, 4, out)).isFalse();
	}

	@Test
	void everyLongRoundTrips() {
		long[] samples = { 0, 1, -1, 9, 10, 99, 100, Integer.MAX_VALUE, Integer.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE,
				Long.MAX_VALUE - 1, Long.MIN_VALUE + 1, 1234567890123456789L, -987654321987654321L };
		long[] out = new long[1];
		for (long value : samples) {
			byte[] text = Numbers.toBytes(value);
			assertThat(new String(text, StandardCharsets.US_ASCII)).isEqualTo(Long.toString(value));
			assertThat(Numbers.parseLong(text, out)).as("%d", value).isTrue();
			assertThat(out[0]).isEqualTo(value);
		}
	}

	private static byte[] bytes(String s) {
		return s.getBytes(StandardCharsets.UTF_8);
	}

}
