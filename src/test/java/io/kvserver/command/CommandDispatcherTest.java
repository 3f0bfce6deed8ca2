package io.kvserver.command;

import io.kvserver.metrics.CommandLatencyCollector;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import org.junit.jupiter.api.Test;

import static io.kvserver.command.CommandHarness.bulk;
import static io.kvserver.command.CommandHarness.error;
import static io.kvserver.command.CommandHarness.integer;
import static io.kvserver.command.CommandHarness.nil;
import static io.kvserver.command.CommandHarness.ok;
import static io.kvserver.command.CommandHarness.status;
import static org.assertj.core.api.Assertions.assertThat;

/** Lookup, arity and the error texts that come before any command runs, as redis-server 7.0.15 gives them. */
class CommandDispatcherTest {

	private final CommandHarness redis = new CommandHarness();

	@Test
	void commandNamesAreCaseInsensitive() {
		assertThat(this.redis.run("pInG")).isEqualTo(status("PONG"));
		assertThat(this.redis.run("sEt", "k", "v")).isEqualTo(ok());
		assertThat(this.redis.run("GeT", "k")).isEqualTo(bulk("v"));
	}

	@Test
	void unknownCommandQuotesTheNameAndArguments() {
		assertThat(this.redis.run("FOO")).isEqualTo(error("ERR unknown command 'FOO', with args beginning with: "));
		assertThat(this.redis.run("FOO", "bar", "baz"))
			.isEqualTo(error("ERR unknown command 'FOO', with args beginning with: 'bar' 'baz' "));
		assertThat(this.redis.run("getx", "k")).isEqualTo(error("ERR unknown command 'getx', with args beginning with: 'k' "));
	}

	@Test
	void unknownCommandArgumentsAreCutAtAbout128Characters() {
		String a = "x".repeat(100);
		String b = "y".repeat(100);
		// The first argument takes 103 chars with its quotes and space; the second gets 128 - 103 = 25; then no more.
		assertThat(this.redis.run("FOO", a, b, "zzz")).isEqualTo(error(
				"ERR unknown command 'FOO', with args beginning with: '" + a + "' '" + "y".repeat(25) + "' "));
		assertThat(this.redis.run("FOO", "a".repeat(124), "bbbb", "c")).isEqualTo(error(
				"ERR unknown command 'FOO', with args beginning with: '" + "a".repeat(124) + "' 'b' "));
		assertThat(this.redis.run("FOO", "a".repeat(125), "bbbb", "c")).isEqualTo(error(
				"ERR unknown command 'FOO', with args beginning with: '" + "a".repeat(125) + "' "));
		assertThat(this.redis.run("FOO", "z".repeat(300)))
			.isEqualTo(error("ERR unknown command 'FOO', with args beginning with: '" + "z".repeat(128) + "' "));
	}

	@Test
	void unknownCommandNameIsCutAt128Characters() {
		assertThat(this.redis.run("F".repeat(200)))
			.isEqualTo(error("ERR unknown command '" + "F".repeat(128) + "', with args beginning with: "));
	}

	@Test
	void unknownCommandTextStopsAtNulAndFlattensNewlines() {
		assertThat(this.redis.run("foo", "a\u0000b", "c"))
			.isEqualTo(error("ERR unknown command 'foo', with args beginning with: 'a' 'c' "));
		assertThat(this.redis.run("foo", "a\r\nb"))
			.isEqualTo(error("ERR unknown command 'foo', with args beginning with: 'a  b' "));
	}

	@Test
	void unknownSubcommand() {
		assertThat(this.redis.run("CONFIG", "nope")).isEqualTo(error("ERR unknown subcommand 'nope'. Try CONFIG HELP."));
		assertThat(this.redis.run("Config", "bad")).isEqualTo(error("ERR unknown subcommand 'bad'. Try CONFIG HELP."));
		assertThat(this.redis.run("client", "nope")).isEqualTo(error("ERR unknown subcommand 'nope'. Try CLIENT HELP."));
		assertThat(this.redis.run("CONFIG", "n".repeat(200)))
			.isEqualTo(error("ERR unknown subcommand '" + "n".repeat(128) + "'. Try CONFIG HELP."));
	}

	@Test
	void subcommandNamesAreCaseInsensitive() {
		assertThat(this.redis.run("config", "GeT", "port")).startsWith("*2\r\n");
		assertThat(this.redis.run("CLIENT", "getNAME")).isEqualTo(nil());
	}

	@Test
	void arityErrorsNameTheCommandOrContainerAndSubcommand() {
		assertThat(this.redis.run("GET")).isEqualTo(error("ERR wrong number of arguments for 'get' command"));
		assertThat(this.redis.run("SET", "k")).isEqualTo(error("ERR wrong number of arguments for 'set' command"));
		assertThat(this.redis.run("CONFIG")).isEqualTo(error("ERR wrong number of arguments for 'config' command"));
		assertThat(this.redis.run("CONFIG", "GET"))
			.isEqualTo(error("ERR wrong number of arguments for 'config|get' command"));
		assertThat(this.redis.run("CLIENT", "SETNAME"))
			.isEqualTo(error("ERR wrong number of arguments for 'client|setname' command"));
		assertThat(this.redis.run("COMMAND", "COUNT", "x"))
			.isEqualTo(error("ERR wrong number of arguments for 'command|count' command"));
	}

	@Test
	void aBatchRunsInOrderAndEachErrorStaysWithItsCommand() {
		String replies = this.redis.batch(new String[] { "SET", "a", "1" }, new String[] { "NOPE" },
				new String[] { "INCR", "a" }, new String[] { "GET" }, new String[] { "GET", "a" });
		assertThat(replies).isEqualTo(ok() + error("ERR unknown command 'NOPE', with args beginning with: ")
				+ integer(2) + error("ERR wrong number of arguments for 'get' command") + bulk("2"));
		assertThat(this.redis.closeRequested()).isFalse();
	}

	@Test
	void quitStopsTheRestOfTheBatch() {
		long before = this.redis.stats.totalCommandsProcessed();
		String replies = this.redis.batch(new String[] { "SET", "a", "1" }, new String[] { "QUIT" },
				new String[] { "SET", "b", "2" }, new String[] { "PING" });
		assertThat(replies).isEqualTo(ok() + ok());
		assertThat(this.redis.closeRequested()).isTrue();
		assertThat(this.redis.databases.db(0).exists("a".getBytes())).isTrue();
		assertThat(this.redis.databases.db(0).exists("b".getBytes())).as("nothing after QUIT runs").isFalse();
		assertThat(this.redis.stats.totalCommandsProcessed() - before).isEqualTo(2);
	}

	@Test
	void theLockIsReleasedAfterABatchEvenWhenACommandFails() {
		this.redis.batch(new String[] { "SET", "a", "x" }, new String[] { "INCR", "a" });
		assertThat(this.redis.databases.lock().isLocked()).isFalse();
	}


	@Test
	void everyCommandThatRanIsTimedOnceWhereverItsRunOfSameNamedCommandsEnds() {
		long timedBefore = latencyObservations();
		this.redis.batch(new String[] { "GET", "a" }, new String[] { "GET", "a" }, new String[] { "GET", "a" },
				new String[] { "CLIENT", "GETNAME" }, new String[] { "CLIENT", "ID" }, // same name, two commands
				new String[] { "GET", "a" }, new String[] { "GET" }, new String[] { "GET", "a" }, // refused mid-run
				new String[] { "MULTI" }, new String[] { "INCR", "n" }, new String[] { "EXEC" },
				new String[] { "PING" }, new String[] { "QUIT" }, new String[] { "QUIT" }, new String[] { "PING" });
		// Ran: 3 GET, CLIENT GETNAME, CLIENT ID, 2 GET, MULTI, EXEC and the INCR it runs, PING, the first QUIT.
		assertThat(latencyObservations() - timedBefore).isEqualTo(12);
		assertThat(calls("get")).isEqualTo(5);
		assertThat(calls("client|getname")).isEqualTo(1);
		assertThat(calls("client|id")).isEqualTo(1);
		assertThat(calls("incr")).isEqualTo(1);
		assertThat(calls("quit")).isEqualTo(1);
		assertThat(this.redis.databases.lock().isLocked()).isFalse();
	}

	private long latencyObservations() {
		HistogramSnapshot snapshot =
				(HistogramSnapshot) new CommandLatencyCollector(
						this.redis.table.stats()).collect();
		return snapshot.getDataPoints().stream().mapToLong(p -> p.getCount()).sum();
	}

	private long calls(String name) {
		return this.redis.table.stats().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow().calls();
	}

}
