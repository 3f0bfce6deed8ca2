package io.kvserver.command;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Redis's adjustOpenFilesLimit when setrlimit cannot raise the limit: maxclients = min(configured, limit - 32). */
class MaxClientsTest {

	@ParameterizedTest
	@CsvSource({ "10000, 20000, 10000", "10000, 10032, 10000", "10000, 10031, 9999", "10000, 1024, 992",
			"100, 1024, 100", "10000, 33, 1", "10000, 20, 1" })
	void startsAtTheConfiguredValueLoweredToTheOpenFilesLimit(long configured, long limit, long expected) {
		assertThat(new MaxClients(configured, limit).get()).isEqualTo(expected);
	}

	@Test
	void forThisProcessReadsTheJvmsOpenFilesLimit() {
		long limit = MaxClients.openFilesLimit();
		assertThat(limit).isPositive();
		assertThat(MaxClients.forThisProcess().get()).isEqualTo(Math.min(MaxClients.DEFAULT, limit - 32));
	}

	@Test
	void setRefusesWhatTheLimitCannotHoldAndKeepsTheValue() {
		MaxClients maxClients = new MaxClients(MaxClients.DEFAULT, 1024);
		assertThat(maxClients.set("993"))
			.isEqualTo("The operating system is not able to handle the specified number of clients, try with 992");
		assertThat(maxClients.get()).isEqualTo(992);
		assertThat(maxClients.set("500")).isNull();
		assertThat(maxClients.get()).isEqualTo(500);
		assertThat(maxClients.set("992")).isNull();
		assertThat(maxClients.get()).isEqualTo(992);
	}

	@Test
	void admitsNewClientsWhileFewerThanMaxclientsAreConnected() {
		MaxClients maxClients = new MaxClients(3, 1024);
		assertThat(maxClients.admits(0)).isTrue();
		assertThat(maxClients.admits(2)).isTrue();
		assertThat(maxClients.admits(3)).as("Redis refuses at count >= maxclients").isFalse();
		assertThat(maxClients.set("1")).isNull();
		assertThat(maxClients.admits(2)).as("lowered below the count: newcomers refused").isFalse();
		assertThat(maxClients.admits(0)).isTrue();
		assertThat(maxClients.set("4294967295")).isNull();
		assertThat(maxClients.admits(Integer.MAX_VALUE)).as("Redis's unsigned int maximum").isTrue();
	}

}
