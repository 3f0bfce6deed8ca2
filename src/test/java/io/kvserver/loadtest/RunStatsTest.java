package io.kvserver.loadtest;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class RunStatsTest {

	private static final long START = 1_000_000_000L;

	private static final long END = START + TimeUnit.SECONDS.toNanos(2);

	private final RunStats stats = new RunStats(START, END);

	@Test
	void onlyOperationsEndingInsideTheMeasuredWindowCount() {
		this.stats.completed(START - 5_000_000, START - 1, 1, 0); // warm-up
		this.stats.completed(START - 1_000_000, START, 1, 0); // ends exactly at the start: counts
		this.stats.completed(START + 10, START + 1_000_010, 16, 0); // a pipelined batch of 16
		this.stats.completed(END - 2_000_000, END - 1, 1, 1); // an error reply
		this.stats.completed(END - 1_000_000, END, 1, 0); // ends at the end: no longer counts
		assertThat(this.stats.succeeded()).isEqualTo(17);
		assertThat(this.stats.errors(ErrorKind.REPLY)).isEqualTo(1);
		assertThat(this.stats.completedAnyTime()).isEqualTo(20);
	}

	@Test
	void connectFailuresCountFromTheFirstButOtherErrorsOnlyWhenMeasured() {
		this.stats.failed(ErrorKind.CONNECT, 1, START - 1_000_000_000); // during ramp-up
		this.stats.failed(ErrorKind.TIMEOUT, 1, START - 1); // during warm-up
		this.stats.failed(ErrorKind.IO, 16, START + 5);
		this.stats.failed(ErrorKind.CONNECT, 1, END + 1); // after the end
		this.stats.failed(ErrorKind.TIMEOUT, 1, END);
		assertThat(this.stats.errors(ErrorKind.CONNECT)).isEqualTo(1);
		assertThat(this.stats.errors(ErrorKind.TIMEOUT)).isZero();
		assertThat(this.stats.errors(ErrorKind.IO)).isEqualTo(16);
		assertThat(this.stats.errors()).isEqualTo(17);
	}

	@Test
	void resultHasPercentilesOfTheRecordedLatencies() {
		for (int i = 1; i <= 1000; i++) {
			long micros = i; // 1 us .. 1 ms, evenly
			this.stats.completed(START, START + TimeUnit.MICROSECONDS.toNanos(micros), 1, 0);
		}
		this.stats.completed(START, START + TimeUnit.MILLISECONDS.toNanos(250), 1, 0);
		this.stats.failed(ErrorKind.CONNECT, 3, START);
		this.stats.opened();
		this.stats.opened();
		this.stats.closed();
		RunResult result = RunResult.of(Scenario.THROUGHPUT, 7, this.stats.open(), 2.0, this.stats);
		assertThat(result.scenario()).isEqualTo("throughput");
		assertThat(result.openAtEnd()).isEqualTo(1);
		assertThat(result.succeeded()).isEqualTo(1001);
		assertThat(result.totalOperations()).isEqualTo(1004);
		assertThat(result.errorRate()).isCloseTo(100.0 * 3 / 1004, within(1e-9));
		assertThat(result.opsPerSecond()).isEqualTo(500.5);
		assertThat(result.p50Micros()).isBetween(499L, 502L);
		assertThat(result.p90Micros()).isBetween(899L, 902L);
		assertThat(result.p99Micros()).isBetween(989L, 992L);
		assertThat(result.maxMicros()).isBetween(249_900L, 250_200L);
	}

	@Test
	void aRunWithoutRepliesHasZeroLatenciesAndAHundredPercentErrors() {
		this.stats.failed(ErrorKind.CONNECT, 1, START);
		RunResult result = RunResult.of(Scenario.SUSTAINED, 1, 0, 1.0, this.stats);
		assertThat(result.p50Micros()).isZero();
		assertThat(result.maxMicros()).isZero();
		assertThat(result.errorRate()).isEqualTo(100.0);
		assertThat(result.opsPerSecond()).isZero();
	}

	@Test
	void blockHasTheOriginalLinesThenLatency() {
		RunResult result = new RunResult("sustained", 1000, 998, 60, 180_000, 2, 0, 0, 0, 412, 801, 2113, 5002, 12345);
		assertThat(result.block()).isEqualTo("""
				--- sustained, 1000 connections, 60 s measured ---
				Total operations: 180002
				Connections: 1000 (998 open at the end)
				Errors: 2 (connect 2, timeout 0, i/o 0, error replies 0)
				Error rate: 0.00%
				Ops/sec: 3000.00
				Latency ms: p50 0.412  p90 0.801  p99 2.113  p99.9 5.002  max 12.345
				""");
	}

}
