package io.kvserver.command;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.kvserver.store.MutableString;

import static io.kvserver.command.CommandHarness.bulk;
import static io.kvserver.command.CommandHarness.error;
import static io.kvserver.command.CommandHarness.integer;
import static io.kvserver.command.CommandHarness.nil;
import static io.kvserver.command.CommandHarness.ok;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the compatibility scenarios cannot show: the size limit at a small proto-max-bulk-len,
 * amortised appends, and TTLs on a clock the test moves (texts checked against redis-server 7.0.15).
 */
class StringFamilyTest {

	private static final String TOO_LONG = "ERR string exceeds maximum allowed size (proto-max-bulk-len)";

	private final CommandHarness redis = new CommandHarness();

	private final CommandHarness limited = new CommandHarness(10);

	@Test
	void appendAndSetrangeStopAtProtoMaxBulkLen() {
		assertThat(this.limited.run("APPEND", "k", "12345")).isEqualTo(integer(5));
		assertThat(this.limited.run("APPEND", "k", "67890")).isEqualTo(integer(10));
		assertThat(this.limited.run("APPEND", "k", "x")).isEqualTo(error(TOO_LONG));
		assertThat(this.limited.run("APPEND", "k", "")).isEqualTo(integer(10));
		assertThat(this.limited.run("SETRANGE", "k", "9", "x")).isEqualTo(integer(10));
		assertThat(this.limited.run("SETRANGE", "k", "10", "x")).isEqualTo(error(TOO_LONG));
		assertThat(this.limited.run("SETRANGE", "new", "9", "xy")).isEqualTo(error(TOO_LONG));
		assertThat(this.limited.run("SETRANGE", "new", "8", "xy")).isEqualTo(integer(10));
		assertThat(this.limited.run("SETRANGE", "new", "9223372036854775807", "x")).isEqualTo(error(TOO_LONG));
		assertThat(this.limited.run("GET", "k")).isEqualTo(bulk("123456789x"));
		assertThat(this.limited.run("GET", "new")).isEqualTo(bulk("\0\0\0\0\0\0\0\0xy"));
	}

	@Test
	void greedyRoomNeverExceedsTheLimit() {
		this.limited.run("SET", "k", "123456");
		this.limited.run("APPEND", "k", "7");
		MutableString value = (MutableString) this.limited.databases.db(0).peek(bytes("k"));
		assertThat(value.array().length).as("twice the length would be 14").isEqualTo(10);
	}

	@Test
	void manySmallAppendsCopyLinearlyNotQuadratically() {
		this.redis.run("SET", "k", "");
		MutableString value = null;
		int reallocations = 0;
		byte[] previous = null;
		for (int i = 0; i < 100_000; i++) {
			this.redis.run("APPEND", "k", "x");
			if (i > 0) {
				value = (MutableString) this.redis.databases.db(0).peek(bytes("k"));
				if (value.array() != previous) {
					reallocations++;
				}
				previous = value.array();
			}
		}
		assertThat(value.length()).isEqualTo(100_000);
		assertThat(reallocations).as("the room doubles, so few copies").isLessThan(20);
		assertThat(this.redis.run("STRLEN", "k")).isEqualTo(integer(100_000));
	}

	@Test
	void setexAndPsetexExpireOnTheClock() {
		assertThat(this.redis.run("SETEX", "a", "10", "v")).isEqualTo(ok());
		assertThat(this.redis.run("PSETEX", "b", "1500", "v")).isEqualTo(ok());
		assertThat(this.redis.run("PTTL", "a")).isEqualTo(integer(10_000));
		this.redis.advance(1499);
		assertThat(this.redis.run("GET", "b")).isEqualTo(bulk("v"));
		this.redis.advance(1);
		assertThat(this.redis.run("GET", "b")).isEqualTo(nil());
		this.redis.advance(8500);
		assertThat(this.redis.run("EXISTS", "a")).isEqualTo(integer(0));
	}

	@Test
	void getexRelativeAndAbsoluteTimes() {
		this.redis.run("SET", "k", "v");
		assertThat(this.redis.run("GETEX", "k", "PX", "100")).isEqualTo(bulk("v"));
		assertThat(this.redis.run("PTTL", "k")).isEqualTo(integer(100));
		long at = CommandHarness.T0 + 5000;
		assertThat(this.redis.run("GETEX", "k", "PXAT", Long.toString(at))).isEqualTo(bulk("v"));
		assertThat(this.redis.run("PEXPIRETIME", "k")).isEqualTo(integer(at));
		assertThat(this.redis.run("GETEX", "k", "PXAT", Long.toString(CommandHarness.T0))).as("now is past")
			.isEqualTo(bulk("v"));
		assertThat(this.redis.run("EXISTS", "k")).isEqualTo(integer(0));
		assertThat(this.redis.databases.db(0).expiredKeys()).as("a deletion, not an expiry").isZero();
	}

	@Test
	void appendAndSetrangeKeepTheDeadline() {
		this.redis.run("SET", "k", "v", "PX", "1000");
		this.redis.run("APPEND", "k", "w");
		this.redis.run("SETRANGE", "k", "5", "z");
		this.redis.run("INCRBYFLOAT", "f", "1");
		assertThat(this.redis.run("PTTL", "k")).isEqualTo(integer(1000));
		this.redis.advance(1000);
		assertThat(this.redis.run("GET", "k")).isEqualTo(nil());
	}

	@Test
	void incrbyfloatKeepsTheDeadline() {
		this.redis.run("SET", "f", "1.5", "PX", "1000");
		assertThat(this.redis.run("INCRBYFLOAT", "f", "1")).isEqualTo(bulk("2.5"));
		assertThat(this.redis.run("PTTL", "f")).isEqualTo(integer(1000));
	}

	@Test
	void objectIdletimeFollowsAccessesButNotPeeks() {
		this.redis.run("SET", "k", "v");
		this.redis.advance(30_000);
		assertThat(this.redis.run("OBJECT", "IDLETIME", "k")).isEqualTo(integer(30));
		this.redis.run("TYPE", "k");
		this.redis.run("EXISTS", "k");
		this.redis.run("TTL", "k");
		assertThat(this.redis.run("OBJECT", "IDLETIME", "k")).as("lookups without LOOKUP_NOTOUCH").isEqualTo(integer(30));
		this.redis.run("GET", "k");
		assertThat(this.redis.run("OBJECT", "IDLETIME", "k")).isEqualTo(integer(0));
		this.redis.advance(5_000);
		this.redis.run("RENAME", "k", "r");
		assertThat(this.redis.run("OBJECT", "IDLETIME", "r")).as("RENAME looks the key up for writing").isEqualTo(integer(0));
		this.redis.advance(7_000);
		this.redis.run("MOVE", "r", "1");
		this.redis.run("SELECT", "1");
		assertThat(this.redis.run("OBJECT", "IDLETIME", "r")).isEqualTo(integer(0));
	}

	@Test
	void lcsRefusesATableTheHeapCannotHold() {
		String big = "a".repeat(1 << 16);
		this.redis.run("SET", "a", big);
		this.redis.run("SET", "b", big);
		long cells = (long) (big.length() + 1) * (big.length() + 1);
		String reply = this.redis.run("LCS", "a", "b", "LEN");
		if (cells * 4 > Runtime.getRuntime().maxMemory() / 4) {
			assertThat(reply).isEqualTo(error("ERR Insufficient memory, failed allocating transient memory for LCS"));
		}
		else {
			assertThat(reply).isEqualTo(integer(big.length()));
		}
	}

	private static byte[] bytes(String s) {
		return s.getBytes(StandardCharsets.ISO_8859_1);
	}

}
