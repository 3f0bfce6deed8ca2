package io.kvserver.util;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Expected texts are what C's printf("%.17g") prints (taken from glibc through Python's % operator). */
class DoublesTest {

	@ParameterizedTest
	@CsvSource({ "0.1, 0.10000000000000001", "1.5, 1.5", "100, 100", "3.0, 3", "1e17, 1e+17",
			"1e16, 10000000000000000", "123456789012345678, 1.2345678901234568e+17", "1e-5, 1.0000000000000001e-05",
			"0.0001, 0.0001", "0.00012345, 0.00012344999999999999",
			"1.7976931348623157e308, 1.7976931348623157e+308", "5e-324, 4.9406564584124654e-324", "-2.5, -2.5",
			"3.14159, 3.1415899999999999", "1e21, 1e+21", "12345.678, 12345.678", "0.3, 0.29999999999999999",
			"-1e-7, -9.9999999999999995e-08", "99999999999999999, 1e+17", "9.999999999999999e16, 99999999999999984",
			"2.2250738585072014e-308, 2.2250738585072014e-308", "1234567890123456.7, 1234567890123456.8",
			"0.0, 0", "-0.0, -0", "Infinity, inf", "-Infinity, -inf", "NaN, nan" })
	void formatsLikePrintf17g(double value, String expected) {
		assertThat(Doubles.format17g(value)).isEqualTo(expected);
	}

}
