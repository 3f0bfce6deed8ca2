package io.kvserver.command;

import static io.kvserver.command.CommandHarness.array;
import static io.kvserver.command.CommandHarness.error;
import static io.kvserver.command.CommandHarness.integer;
import static io.kvserver.command.CommandHarness.ok;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.kvserver.store.MutableString;

/**
 * What the compatibility scenarios cannot show cheaply: the offset limit at a small
 * proto-max-bulk-len (10 bytes here; Redis's default of 512 MB would need 512 MB strings), and that
 * CONFIG SET moves it for the bit commands and for APPEND and SETRANGE alike, as in Redis.
 */
class BitmapFamilyTest {

	private static final String BAD_OFFSET = "ERR bit offset is not an integer or out of range";

	private final CommandHarness limited = new CommandHarness(10);

	@Test
	void theHighestOffsetsByteMustLieWithinProtoMaxBulkLen() {
		assertThat(this.limited.run("SETBIT", "k", "79", "1")).isEqualTo(integer(0));
		assertThat(this.limited.run("SETBIT", "k", "80", "1")).isEqualTo(error(BAD_OFFSET));
		assertThat(this.limited.run("GETBIT", "k", "80")).isEqualTo(error(BAD_OFFSET));
		assertThat(this.limited.run("STRLEN", "k")).isEqualTo(integer(10));
		assertThat(this.limited.run("BITFIELD", "k", "GET", "u8", "#10")).isEqualTo(error(BAD_OFFSET));
		// A field may start in the last byte and run past it, as in Redis: the string grows beyond the limit.
		assertThat(this.limited.run("BITFIELD", "k", "SET", "i64", "79", "-1"))
			.as("the old field: bit 79, the sign bit").isEqualTo(array(integer(Long.MIN_VALUE)));
		assertThat(this.limited.run("STRLEN", "k")).isEqualTo(integer(18));
		assertThat(this.limited.run("BITCOUNT", "k")).isEqualTo(integer(64));
	}

	@Test
	void configSetMovesTheLimitForBitsAndStringsAlike() {
		assertThat(this.limited.run("SETBIT", "k", "8388607", "1")).isEqualTo(error(BAD_OFFSET));
		assertThat(this.limited.run("SETRANGE", "s", "20", "x"))
			.isEqualTo(error("ERR string exceeds maximum allowed size (proto-max-bulk-len)"));
		assertThat(this.limited.run("CONFIG", "SET", "proto-max-bulk-len", "1mb")).isEqualTo(ok());
		assertThat(this.limited.run("SETBIT", "k", "8388607", "1")).isEqualTo(integer(0));
		assertThat(this.limited.run("SETBIT", "k", "8388608", "1")).isEqualTo(error(BAD_OFFSET));
		assertThat(this.limited.run("SETRANGE", "s", "20", "x")).isEqualTo(integer(21));
		assertThat(this.limited.run("STRLEN", "k")).isEqualTo(integer(1024 * 1024));
	}

	@Test
	void aStringGrownBitByBitKeepsSpareRoomWithinTheLimit() {
		CommandHarness redis = new CommandHarness();
		int reallocations = 0;
		byte[] previous = null;
		for (int bit = 0; bit < 80_000; bit += 8) {
			redis.run("SETBIT", "k", Integer.toString(bit), "1");
			byte[] now = ((MutableString) redis.databases.db(0).peek("k".getBytes())).array();
			reallocations += now != previous ? 1 : 0;
			previous = now;
		}
		assertThat(redis.run("BITCOUNT", "k")).isEqualTo(integer(10_000));
		assertThat(reallocations).as("the room doubles as sds's does, so few copies").isLessThan(20);
		this.limited.run("SETBIT", "k", "7", "1");
		this.limited.run("SETBIT", "k", "79", "1");
		assertThat(((MutableString) this.limited.databases.db(0).peek("k".getBytes())).array().length)
			.as("twice 10 would be 20, the limit is 10").isEqualTo(10);
	}

}
