package io.kvserver.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Redis's numericParseString and bounds checks, with its texts. */
class NumericDirectiveTest {

	private static final NumericDirective MEMORY = NumericDirective.memory("m", 0, Long.MAX_VALUE, false, 0);

	private static final NumericDirective PERCENT = new NumericDirective("p", null, -100, Long.MAX_VALUE, false,
			NumericDirective.Format.MEMORY_OR_PERCENT, 0);

	private static final NumericDirective UNSIGNED = new NumericDirective("u", null, 1, 0xFFFF_FFFFL, true,
			NumericDirective.Format.INTEGER, 1);

	@ParameterizedTest
	@CsvSource({ "0, 0", "1b, 1", "1k, 1000", "1K, 1000", "1kb, 1024", "1Kb, 1024", "2m, 2000000", "2mb, 2097152",
			"3g, 3000000000", "3gb, 3221225472", "gb, 0", "'', 0" })
	void memoryUnits(String text, long expected) throws InvalidValueException {
		MEMORY.set(List.of(text));
		assertThat(MEMORY.value()).isEqualTo(expected);
	}

	@ParameterizedTest
	@CsvSource({ "1tb", "-1", "1 kb", "1.5mb", "+1" })
	void notMemory(String text) {
		assertThatThrownBy(() -> MEMORY.set(List.of(text))).hasMessage("argument must be a memory value");
	}

	@ParameterizedTest
	@CsvSource({ "10%, -10, 10%", "100%, -100, 100%", "5mb, 5242880, 5242880" })
	void percentOrMemory(String text, long stored, String shown) throws InvalidValueException {
		PERCENT.set(List.of(text));
		assertThat(PERCENT.value()).isEqualTo(stored);
		assertThat(PERCENT.get()).isEqualTo(shown);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "101%|percentage argument must be less or equal to 100",
			"-5%|argument must be a memory or percent value", "%|argument must be a memory or percent value" })
	void percentRefused(String text, String reason) {
		assertThatThrownBy(() -> PERCENT.set(List.of(text))).hasMessage(reason);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "0|argument must be between 1 and 4294967295 inclusive",
			"-1|argument must be between 1 and 4294967295 inclusive",
			"4294967296|argument must be between 1 and 4294967295 inclusive",
			"01|argument couldn't be parsed into an integer", "1k|argument couldn't be parsed into an integer",
			"' 1'|argument couldn't be parsed into an integer" })
	void unsignedIntegerRefused(String text, String reason) {
		assertThatThrownBy(() -> UNSIGNED.set(List.of(text))).hasMessage(reason);
	}

	@ParameterizedTest
	@CsvSource({ "0, 0", "1024, 1kb", "1025, 1025", "3145728, 3mb", "2147483648, 2gb", "1073742848, 1048577kb" })
	void rewrittenWithTheLargestExactUnit(long bytes, String text) {
		assertThat(ConfigRewrite.memory(bytes)).isEqualTo(text);
	}

}
