package io.kvserver.metrics;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class ServerStatsTest {

	/** Redis's afterErrorReply: the first word if a space comes within the first 32 characters of "-CODE ...". */
	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = { "ERR syntax error|ERR", "WRONGTYPE Operation against a key|WRONGTYPE",
			"NOPROTO unsupported protocol version|NOPROTO", "NOSPACE|ERR",
			"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123 x|ABCDEFGHIJKLMNOPQRSTUVWXYZ0123",
			"ABCDEFGHIJKLMNOPQRSTUVWXYZ01234 x|ERR" })
	void errorCodeIsTheFirstWord(String text, String code) {
		assertThat(ServerStats.errorCode(text)).isEqualTo(code);
	}

	@Test
	void errorStatsStopGrowingAtTheLimitButTheTotalGoesOn() {
		ServerStats stats = new ServerStats();
		for (int i = 0; i < ServerStats.MAX_ERROR_CODES + 10; i++) {
			stats.errorReply("CODE" + i + " message");
		}
		stats.errorReply("CODE0 again");
		assertThat(stats.errorStats()).hasSize(ServerStats.MAX_ERROR_CODES).containsEntry("CODE0", 2L);
		assertThat(stats.totalErrorReplies()).isEqualTo(ServerStats.MAX_ERROR_CODES + 11);
	}

	@Test
	void closedConnectionsAreCountedPerReasonAndInTotal() {
		ServerStats stats = new ServerStats();
		stats.connectionClosed(CloseReason.CLIENT_QUIT);
		stats.connectionClosed(CloseReason.CLIENT_QUIT);
		stats.connectionClosed(CloseReason.PROTOCOL_ERROR);
		assertThat(stats.connectionsClosed(CloseReason.CLIENT_QUIT)).isEqualTo(2);
		assertThat(stats.connectionsClosed(CloseReason.CLIENT_RESET)).isZero();
		assertThat(stats.totalConnectionsClosed()).isEqualTo(3);
	}

}
