package io.kvserver.command.acl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.kvserver.command.CommandCatalog;
import io.kvserver.security.AccessRequest.KeyRef;

/** Keys found from Redis 7.0's key specs, as getKeysUsingKeySpecs finds them, with their read/write access. */
class CommandKeysTest {

	private static List<KeyRef> keys(String name, String... argv) {
		byte[][] args = Arrays.stream(argv).map(a -> a.getBytes(StandardCharsets.ISO_8859_1)).toArray(byte[][]::new);
		return CommandKeys.finder(name, CommandCatalog.shared().info(name)).keys(args);
	}

	@Test
	void rangeWithAStep() {
		assertThat(keys("mset", "MSET", "a", "1", "b", "2")).containsExactly(new KeyRef(1, false, true),
				new KeyRef(3, false, true));
		assertThat(keys("mget", "MGET", "a", "b", "c")).extracting(KeyRef::index).containsExactly(1, 2, 3);
		assertThat(keys("get", "GET", "a")).containsExactly(new KeyRef(1, true, false));
	}

	@Test
	void twoSpecsWithTheirOwnAccess() {
		assertThat(keys("rename", "RENAME", "a", "b")).containsExactly(new KeyRef(1, true, true), new KeyRef(2, false, true));
		assertThat(keys("copy", "COPY", "a", "b", "DB", "1")).containsExactly(new KeyRef(1, true, false),
				new KeyRef(2, false, true));
	}

	@Test
	void aCountArgument() {
		assertThat(keys("zunionstore", "ZUNIONSTORE", "dst", "2", "a", "b", "WEIGHTS", "1", "2"))
			.extracting(KeyRef::index).containsExactly(1, 3, 4);
		assertThat(keys("zunionstore", "ZUNIONSTORE", "dst", "x", "a")).extracting(KeyRef::index)
			.as("an unparsable count contributes nothing").containsExactly(1);
	}

	@Test
	void aKeywordAndARangeWithALimit() {
		assertThat(keys("xread", "XREAD", "COUNT", "2", "STREAMS", "s1", "s2", "0", "0")).extracting(KeyRef::index)
			.as("as COMMAND GETKEYS answers: s1 s2").containsExactly(4, 5);
		assertThat(keys("xread", "XREAD", "STREAMS")).isEmpty();
	}

	@Test
	void commandsWhoseSpecsRedisDoesNotTrust() {
		assertThat(keys("set", "SET", "k", "v")).containsExactly(new KeyRef(1, false, true));
		assertThat(keys("set", "SET", "k", "v", "get")).containsExactly(new KeyRef(1, true, true));
		assertThat(keys("bitfield", "BITFIELD", "k", "GET", "u8", "0")).containsExactly(new KeyRef(1, true, false));
		assertThat(keys("bitfield", "BITFIELD", "k", "INCRBY", "u8", "0", "1")).containsExactly(new KeyRef(1, true, true));
		assertThat(keys("migrate", "MIGRATE", "h", "1", "", "0", "10", "KEYS", "a", "b")).extracting(KeyRef::index)
			.containsExactly(7, 8);
		assertThat(keys("migrate", "MIGRATE", "h", "1", "k", "0", "10")).extracting(KeyRef::index).containsExactly(3);
	}

	@Test
	void commandsWithoutKeys() {
		assertThat(keys("ping", "PING")).isEmpty();
		assertThat(keys("config|get", "CONFIG", "GET", "x")).isEmpty();
	}

}
