package io.kvserver.loadtest;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import picocli.CommandLine.TypeConversionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The command line: durations, validation, help. Nothing here opens a connection. */
class LoadTestMainTest {

	@ParameterizedTest
	@CsvSource({ "60s, 60000", "60, 60000", "2m, 120000", "500ms, 500", "0s, 0", " 5S , 5000" })
	void durations(String text, long millis) {
		assertThat(new LoadTestMain.DurationConverter().convert(text)).isEqualTo(Duration.ofMillis(millis));
	}

	@Test
	void notADuration() {
		assertThatExceptionOfType(TypeConversionException.class)
			.isThrownBy(() -> new LoadTestMain.DurationConverter().convert("1h"))
			.withMessageContaining("not a duration");
	}

	@Test
	void helpListsTheOptions() {
		LoadTestCommand run = LoadTestCommand.run("--help");
		assertThat(run.exitCode()).isZero();
		assertThat(run.out()).startsWith("Usage: loadtest")
			.contains("--connections", "--think-ms", "--pipeline", "--read-timeout", "sustained", "500,800,1000,1200");
		assertThat(run.totals()).isEmpty();
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "--think-ms=100-10|the maximum is below the minimum",
			"--think-ms=abc|--think-ms must be MIN-MAX", "--get-ratio=1.5|GET ratio must be between 0 and 1",
			"--connections=10,0|--connections must all be at least 1", "--duration=0s|duration must be positive",
			"--pipeline=0|pipeline depth and producers must be at least 1",
			"--producers=0|pipeline depth and producers must be at least 1", "--scenario=soak|Invalid value for option '--scenario'",
			"--port=70000|port must be between 1 and 65535" })
	void badOptionsAreUsageErrorsBeforeAnyConnection(String option, String message) {
		LoadTestCommand run = LoadTestCommand.run(option);
		assertThat(run.exitCode()).isEqualTo(2);
		assertThat(run.err()).contains(message);
		assertThat(run.totals()).isEmpty();
	}

}
