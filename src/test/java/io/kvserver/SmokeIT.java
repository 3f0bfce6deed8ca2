package io.kvserver;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.kvserver.support.KvServerIntegrationTest;
import io.kvserver.support.RawConnection;

class SmokeIT extends KvServerIntegrationTest {

	@Test
	void inlineSetThenGetAsNcSendsIt() {
		try (RawConnection c = connect()) {
			c.send("SET smoke 1\r\nGET smoke\r\n");
			assertThat(c.read("+OK\r\n$1\r\n1\r\n")).isEqualTo("+OK\r\n$1\r\n1\r\n");
		}
	}

}
