package io.kvserver.transport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import io.kvserver.support.KvServerIntegrationTest;
import io.kvserver.support.RawConnection;

/** maxclients set at startup, as redis.conf's maxclients: reported by CONFIG GET and enforced from the first client. */
@TestPropertySource(properties = "kvserver.maxclients=2")
class ConfiguredMaxClientsIT extends KvServerIntegrationTest {

	@Test
	void theConfiguredLimitIsReportedAndEnforced() {
		try (RawConnection first = connect(); RawConnection second = connect()) {
			assertThat(first.send("CONFIG GET maxclients\r\n").readReply())
				.isEqualTo("*2\r\n$10\r\nmaxclients\r\n$1\r\n2\r\n");
			assertThat(second.send("PING\r\n").readReply()).isEqualTo("+PONG\r\n");
			try (RawConnection third = connect()) {
				assertThat(third.readUntilClosed()).isEqualTo("-ERR max number of clients reached\r\n");
			}
		}
	}

}
