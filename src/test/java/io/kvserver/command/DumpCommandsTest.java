package io.kvserver.command;

import static io.kvserver.command.CommandHarness.bulk;
import static io.kvserver.command.CommandHarness.error;
import static io.kvserver.command.CommandHarness.integer;
import static io.kvserver.command.CommandHarness.ok;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** DUMP and RESTORE where time matters (the harness's clock stands still), as redis-server 7.0.15 answers. */
class DumpCommandsTest {

	private final CommandHarness redis = new CommandHarness();

	private byte[] dump(String key) {
		String reply = this.redis.run("DUMP", key);
		int start = reply.indexOf("\r\n") + 2;
		return reply.substring(start, reply.length() - 2).getBytes(StandardCharsets.ISO_8859_1);
	}

	private String restore(String key, String ttl, byte[] payload, String... options) {
		byte[][] argv = new byte[4 + options.length][];
		argv[0] = "RESTORE".getBytes(StandardCharsets.US_ASCII);
		argv[1] = key.getBytes(StandardCharsets.US_ASCII);
		argv[2] = ttl.getBytes(StandardCharsets.US_ASCII);
		argv[3] = payload;
		for (int i = 0; i < options.length; i++) {
			argv[4 + i] = options[i].getBytes(StandardCharsets.US_ASCII);
		}
		return this.redis.runBytes(argv);
	}

	@Test
	void relativeTtlCountsFromNowAndAbsoluteOneIsADeadline() {
		this.redis.run("SET", "a", "x".repeat(100));
		byte[] payload = dump("a");
		assertThat(restore("b", "5000", payload)).isEqualTo(ok());
		assertThat(this.redis.run("PTTL", "b")).isEqualTo(integer(5000));
		assertThat(restore("c", Long.toString(CommandHarness.T0 + 7000), payload, "ABSTTL")).isEqualTo(ok());
		assertThat(this.redis.run("PTTL", "c")).isEqualTo(integer(7000));
		assertThat(this.redis.run("GET", "c")).isEqualTo(bulk("x".repeat(100)));
	}

	@Test
	void idleTimeSetsTheLastAccess() {
		this.redis.run("SET", "a", "v");
		assertThat(restore("b", "0", dump("a"), "IDLETIME", "1000")).isEqualTo(ok());
		assertThat(this.redis.run("OBJECT", "IDLETIME", "b")).isEqualTo(integer(1000));
		this.redis.advance(2000);
		assertThat(this.redis.run("OBJECT", "IDLETIME", "b")).isEqualTo(integer(1002));
	}

	@Test
	void alreadyExpiredWithReplaceDeletesTheOldKey() {
		this.redis.run("SET", "a", "v");
		byte[] payload = dump("a");
		assertThat(restore("a", Long.toString(CommandHarness.T0 - 1), payload, "ABSTTL", "REPLACE")).isEqualTo(ok());
		assertThat(this.redis.run("EXISTS", "a")).isEqualTo(integer(0));
		assertThat(restore("a", "1", payload, "ABSTTL")).isEqualTo(ok());
		assertThat(this.redis.run("EXISTS", "a")).isEqualTo(integer(0));
	}

	@Test
	void aFlippedPayloadByteIsRefused() {
		this.redis.run("SET", "a", "v".repeat(40));
		byte[] payload = dump("a");
		payload[2] ^= 1;
		assertThat(restore("b", "0", payload)).isEqualTo(error("ERR DUMP payload version or checksum are wrong"));
	}

}
