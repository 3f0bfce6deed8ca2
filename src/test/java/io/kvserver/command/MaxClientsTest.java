package io.kvserver.command;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.kvserver.config.ConfigRegistry;
import io.kvserver.config.ServerDirectives;

import static org.assertj.core.api.Assertions.assertThat;

/** Redis's adjustOpenFilesLimit when setrlimit cannot raise the limit: maxclients = min(configured, limit - 32). */
class MaxClientsTest {

	private final ConfigRegistry config = ConfigRegistry.of(new ServerDirectives());

	private MaxClients maxClients(long configured, long limit) {
		this.config.applyProperties(key -> key.equals("kvserver.maxclients") ? Long.toString(configured) : null);
		return new MaxClients(this.config.numeric("maxclients"), limit);
	}

	private String set(String value) {
		return this.config.set(List.of("maxclients", value));
	}

	@ParameterizedTest
	@CsvSource({ "10000, 20000, 10000", "10000, 10032, 10000", "10000, 10031, 9999", "10000, 1024, 992",
			"100, 1024, 100", "10000, 33, 1", "10000, 20, 1" })
	void startsAtTheConfiguredValueLoweredToTheOpenFilesLimit(long configured, long limit, long expected) {
		assertThat(maxClients(configured, limit).get()).isEqualTo(expected);
		assertThat(this.config.lookup("maxclients").get()).as("CONFIG GET").isEqualTo(Long.toString(expected));
	}

	@Test
	void forThisProcessReadsTheJvmsOpenFilesLimit() {
		long limit = MaxClients.openFilesLimit();
		assertThat(limit).isPositive();
		assertThat(MaxClients.forThisProcess(this.config.numeric("maxclients")).get())
			.isEqualTo(Math.min(MaxClients.DEFAULT, limit - 32));
	}

	@Test
	void setRefusesWhatTheLimitCannotHoldAndKeepsTheValue() {
		MaxClients maxClients = maxClients(MaxClients.DEFAULT, 1024);
		assertThat(set("993")).isEqualTo("CONFIG SET failed (possibly related to argument 'maxclients') - "
				+ "The operating system is not able to handle the specified number of clients, try with 992");
		assertThat(maxClients.get()).isEqualTo(992);
		assertThat(set("500")).isNull();
		assertThat(maxClients.get()).isEqualTo(500);
		assertThat(set("992")).isNull();
		assertThat(maxClients.get()).isEqualTo(992);
	}

	@Test
	void admitsNewClientsWhileFewerThanMaxclientsAreConnected() {
		MaxClients maxClients = maxClients(3, 1024);
		assertThat(maxClients.admits(0)).isTrue();
		assertThat(maxClients.admits(2)).isTrue();
		assertThat(maxClients.admits(3)).as("Redis refuses at count >= maxclients").isFalse();
		assertThat(set("1")).isNull();
		assertThat(maxClients.admits(2)).as("lowered below the count: newcomers refused").isFalse();
		assertThat(maxClients.admits(0)).isTrue();
		assertThat(set("4294967295")).isNull();
		assertThat(maxClients.admits(Integer.MAX_VALUE)).as("Redis's unsigned int maximum").isTrue();
	}

}
