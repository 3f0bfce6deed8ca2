package io.kvserver.command;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.kvserver.protocol.ReplyWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static io.kvserver.command.CommandHarness.bulk;
import static io.kvserver.command.CommandHarness.bulkElements;
import static io.kvserver.command.CommandHarness.error;
import static io.kvserver.command.CommandHarness.integer;
import static io.kvserver.command.CommandHarness.nil;
import static io.kvserver.command.CommandHarness.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Keys and databases on a clock the test moves, and SCAN over tables larger than a scenario's. */
class KeyFamilyTest {

	private final CommandHarness redis = new CommandHarness();

	@ParameterizedTest(name = "\"{0}\" -> {1}")
	@CsvSource(delimiter = '|', value = { "0|0", "''|0", "+5|5", "-0|0", "00|0", "-1|-1", "18446744073709551615|-1",
			"9223372036854775808|-9223372036854775808", "42|42" })
	void cursorsReadAsStrtoulReadsThem(String text, long expected) {
		assertThat(Args.parseCursor(text.getBytes())).isEqualTo(expected);
	}

	@ParameterizedTest
	@ValueSource(strings = { "18446744073709551616", "-18446744073709551616", "x", "1x", "0x1", " 0", "0 ", "+", "-",
			"1.5", "99999999999999999999" })
	void cursorsStrtoulRefuses(String text) {
		assertThatThrownBy(() -> Args.parseCursor(text.getBytes())).hasMessage("ERR invalid cursor");
	}

	@Test
	void scanWithSmallCountsVisitsTenThousandKeys() {
		for (int i = 0; i < 10_000; i++) {
			this.redis.run("SET", "key:" + i, "v");
		}
		Set<String> seen = new HashSet<>();
		String cursor = "0";
		int calls = 0;
		do {
			List<String> reply = scanReply(this.redis.run("SCAN", cursor, "COUNT", "10"));
			cursor = reply.get(0);
			seen.addAll(reply.subList(1, reply.size()));
			calls++;
		}
		while (!cursor.equals("0"));
		assertThat(seen).hasSize(10_000);
		assertThat(calls).isBetween(500, 2_000);
	}

	@Test
	void scanReturnsKeysPresentThroughoutWhileOthersComeAndGo() {
		for (int i = 0; i < 2_000; i++) {
			this.redis.run("SET", "stable:" + i, "v");
		}
		Set<String> seen = new HashSet<>();
		String cursor = "0";
		int round = 0;
		do {
			List<String> reply = scanReply(this.redis.run("SCAN", cursor, "COUNT", "25", "MATCH", "stable:*"));
			cursor = reply.get(0);
			seen.addAll(reply.subList(1, reply.size()));
			// Grow the table to several times its size, then empty it again, between calls.
			for (int i = 0; i < 300; i++) {
				if ((round / 10) % 2 == 0) {
					this.redis.run("SET", "temp:" + round + ":" + i, "v");
				}
				else {
					this.redis.run("DEL", "temp:" + (round - 10) + ":" + i);
				}
			}
			round++;
		}
		while (!cursor.equals("0"));
		for (int i = 0; i < 2_000; i++) {
			assertThat(seen).contains("stable:" + i);
		}
	}

	@Test
	void scanDropsAndReclaimsExpiredKeys() {
		this.redis.run("SET", "live", "v");
		this.redis.run("SET", "dying", "v", "PX", "10");
		assertThat(scanReply(this.redis.run("SCAN", "0", "COUNT", "100"))).containsExactlyInAnyOrder("0", "live", "dying");
		this.redis.advance(10);
		assertThat(this.redis.run("DBSIZE")).isEqualTo(integer(2));
		assertThat(scanReply(this.redis.run("SCAN", "0", "COUNT", "100"))).containsExactly("0", "live");
		assertThat(this.redis.run("DBSIZE")).isEqualTo(integer(1));
	}

	@Test
	void renameAndCopyCarryTheRemainingTtl() {
		this.redis.run("SET", "a", "v", "PX", "1000");
		this.redis.advance(400);
		assertThat(this.redis.run("RENAME", "a", "b")).isEqualTo(ok());
		assertThat(this.redis.run("PTTL", "b")).isEqualTo(integer(600));
		assertThat(this.redis.run("COPY", "b", "c")).isEqualTo(integer(1));
		assertThat(this.redis.run("COPY", "b", "d", "DB", "4")).isEqualTo(integer(1));
		assertThat(this.redis.run("PTTL", "c")).isEqualTo(integer(600));
		this.redis.advance(600);
		assertThat(this.redis.run("EXISTS", "b", "c")).isEqualTo(integer(0));
		this.redis.run("SELECT", "4");
		assertThat(this.redis.run("GET", "d")).isEqualTo(nil());
	}

	@Test
	void renameOfAnExpiredKeyIsNoSuchKey() {
		this.redis.run("SET", "a", "v", "PX", "10");
		this.redis.advance(10);
		assertThat(this.redis.run("RENAME", "a", "b")).isEqualTo(error("ERR no such key"));
		assertThat(this.redis.run("RENAMENX", "a", "b")).isEqualTo(error("ERR no such key"));
	}

	@Test
	void moveOntoAnExpiredKeyMoves() {
		this.redis.run("SET", "k", "new");
		this.redis.run("SELECT", "1");
		this.redis.run("SET", "k", "old", "PX", "10");
		this.redis.advance(10);
		this.redis.run("SELECT", "0");
		assertThat(this.redis.run("MOVE", "k", "1")).isEqualTo(integer(1));
		this.redis.run("SELECT", "1");
		assertThat(this.redis.run("GET", "k")).isEqualTo(bulk("new"));
		assertThat(this.redis.run("TTL", "k")).isEqualTo(integer(-1));
	}

	@Test
	void swapdbIsSeenByClientsOnEitherDatabase() {
		Session other = this.redis.sessions.open("other-connection");
		other.selectDb(1);
		this.redis.run("SET", "k", "from0");
		assertThat(this.redis.run("SWAPDB", "0", "1")).isEqualTo(ok());
		assertThat(this.redis.run("GET", "k")).isEqualTo(nil());
		ReplyWriter out = new ReplyWriter();
		this.redis.dispatcher.execute(other, List.<byte[][]>of(CommandHarness.bytes("GET", "k")), out);
		assertThat(new String(out.toByteArray(), StandardCharsets.ISO_8859_1)).isEqualTo(bulk("from0"));
	}

	@Test
	void randomkeyReachesEveryKey() {
		for (int i = 0; i < 20; i++) {
			this.redis.run("SET", "k" + i, "v");
		}
		Set<String> seen = new HashSet<>();
		for (int i = 0; i < 2_000; i++) {
			seen.add(bulkElements("*1\r\n" + this.redis.run("RANDOMKEY")).get(0));
		}
		assertThat(seen).hasSize(20);
	}

	@Test
	void infoKeyspaceAfterSwapdbAndFlushall() {
		this.redis.run("SET", "a", "1", "PX", "4000");
		this.redis.run("SWAPDB", "0", "2");
		assertThat(this.redis.run("INFO", "keyspace"))
			.isEqualTo(bulk("# Keyspace\r\ndb2:keys=1,expires=1,avg_ttl=4000\r\n"));
		this.redis.run("FLUSHALL", "ASYNC");
		assertThat(this.redis.run("INFO", "keyspace")).isEqualTo(bulk("# Keyspace\r\n"));
	}

	@Test
	void waitAnswersZeroAtOnce() {
		assertThat(this.redis.run("WAIT", "1", "0")).as("Redis would block; there is nothing to wait for").isEqualTo(integer(0));
		assertThat(this.redis.run("WAIT", "5", "1000")).isEqualTo(integer(0));
	}

	/** A SCAN reply as [cursor, key, key, ...]. */
	private static List<String> scanReply(String reply) {
		assertThat(reply).startsWith("*2\r\n$");
		int cursorStart = reply.indexOf("\r\n", 4) + 2;
		int cursorEnd = reply.indexOf("\r\n", cursorStart);
		List<String> result = new ArrayList<>();
		result.add(reply.substring(cursorStart, cursorEnd));
		result.addAll(bulkElements(reply.substring(cursorEnd + 2)));
		return result;
	}

}
