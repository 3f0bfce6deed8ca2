package io.kvserver.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import io.kvserver.compat.ReplyReader.End;
import io.kvserver.compat.ReplyReader.Outcome;
import io.kvserver.compat.Scenario.Read;
import io.kvserver.compat.Scenario.Step;
import io.kvserver.protocol.RespReply;
import io.kvserver.protocol.RespReplyReader;
import io.kvserver.support.RawConnection;

/**
 * Differential test: every scenario in {@code src/test/resources/compat/*.txt} is played on a fresh
 * connection to a real Redis 7.0 and to kvserver, and each step's reply bytes must be identical.
 * Redis is the oracle, so the scenarios state no expected replies of their own.
 * {@code known-differences.txt} holds cases whose fix lies outside the command layer; it is not run yet,
 * except on request: {@code -Dcompat.files=known-differences.txt} (comma-separated names) plays only
 * the files named.
 */
class RedisCompatibilityIT extends RedisComparisonTest {

	private static final String SCENARIO_DIR = "compat";

	private static final String KNOWN_DIFFERENCES = "known-differences.txt";

	@TestFactory
	Stream<DynamicNode> scenarios() {
		List<Path> files = scenarioFiles();
		assertThat(files).as("scenario files in src/test/resources/" + scenarioDirectory()).isNotEmpty();
		return files.stream().map(file -> {
			List<Scenario> scenarios = Scenario.parse(file);
			assertThat(scenarios).as("scenarios in " + file).isNotEmpty();
			return DynamicContainer.dynamicContainer(file.getFileName().toString(), file.toUri(),
					scenarios.stream().map(s -> DynamicTest.dynamicTest(s.name(), file.toUri(), () -> play(s))));
		});
	}

	private void play(Scenario scenario) {
		flushAll(redis.connect());
		flushAll(connect());
		List<String> differences = new ArrayList<>();
		try (RawConnection reference = redis.connect(); RawConnection ours = connect()) {
			Player redisSide = new Player(reference);
			Player kvSide = new Player(ours);
			for (Step step : scenario.steps()) {
				Outcome expected = redisSide.play(step);
				Outcome actual = kvSide.play(step);
				checkReference(scenario, step, expected);
				if (!same(step, expected, actual)) {
					differences.add(describe(scenario, step, expected, actual));
				}
			}
		}
		if (!differences.isEmpty()) {
			fail("kvserver differs from Redis " + redis.version() + " in scenario '" + scenario + "':\n"
					+ String.join("\n", differences));
		}
	}

	/** A step the reference itself does not answer as the scenario says is a broken scenario, not a kvserver bug. */
	private static void checkReference(Scenario scenario, Step step, Outcome expected) {
		End wanted = step.read() == Read.UNTIL_CLOSED ? End.CLOSED : End.COMPLETE;
		assertThat(expected.end())
			.as(() -> scenario.file() + ":" + step.line() + ": scenario error, Redis answered " + expected.show()
					+ " to: " + step.source())
			.isEqualTo(wanted);
	}

	private static boolean same(Step step, Outcome expected, Outcome actual) {
		if (expected.end() != actual.end()) {
			return false;
		}
		return switch (step.read()) {
			case TYPE_ONLY -> actual.bytes().length > 0 && expected.bytes()[0] == actual.bytes()[0];
			case UNORDERED -> Arrays.equals(sorted(expected.bytes()), sorted(actual.bytes()));
			case MASKED -> Arrays.equals(masked(expected.bytes(), step), masked(actual.bytes(), step));
			case ACL_RULES -> Arrays.equals(aclRules(expected.bytes()), aclRules(actual.bytes()));
			default -> Arrays.equals(expected.bytes(), actual.bytes());
		};
	}

	/**
	 * The reply with its elements in byte order; a SCAN reply [cursor, [keys]] keeps its cursor and
	 * sorts its keys. Anything that is not one whole reply is compared as it is.
	 */
	private static byte[] sorted(byte[] reply) {
		byte[] scan = sortedScanReply(reply);
		if (scan != null) {
			return scan;
		}
		RespReply value = RespReplyReader.parse(reply);
		return value == null ? reply : Replies.sorted(value).toBytes();
	}

	private static byte[] aclRules(byte[] reply) {
		RespReply value = RespReplyReader.parse(reply);
		return value == null ? reply : Replies.aclRulesSorted(value).toBytes();
	}

	private static byte[] masked(byte[] reply, Step step) {
		RespReply value = RespReplyReader.parse(reply);
		return value == null ? reply : Replies.masked(value, step.masked()).toBytes();
	}

	/**
	 * A SCAN-style reply, {@code [cursor, [elements]]}, with the inner elements sorted; null for
	 * any other shape. SCAN's order within one call is the hash table's, like KEYS's.
	 */
	private static byte[] sortedScanReply(byte[] reply) {
		RespReply value = RespReplyReader.parse(reply);
		if (value == null || value.type() != '*' || value.children().size() != 2
				|| value.children().get(0).type() != '$' || value.children().get(1).type() != '*') {
			return null;
		}
		RespReply keys = Replies.sorted(value.children().get(1));
		return new RespReply(value.type(), value.line(), value.payload(), List.of(value.children().get(0), keys)).toBytes();
	}

	private static String describe(Scenario scenario, Step step, Outcome expected, Outcome actual) {
		String mode = switch (step.read()) {
			case TYPE_ONLY -> " (reply type only)";
			case UNORDERED -> " (elements in any order)";
			case ACL_RULES -> " (single-command ACL rules in any order)";
			case MASKED -> " (with " + step.masked() + " masked: " + ByteEscapes.show(masked(expected.bytes(), step), 400)
					+ " vs " + ByteEscapes.show(masked(actual.bytes(), step), 400) + ")";
			default -> "";
		};
		return scenario.file() + ":" + step.line() + mode
				+ "\n  step:     " + step.source()
				+ "\n  request:  " + ByteEscapes.show(step.request(), 200)
				+ "\n  redis:    " + expected.show()
				+ "\n  kvserver: " + actual.show();
	}

	private static void flushAll(RawConnection connection) {
		try (connection) {
			connection.send("FLUSHALL\r\n");
			assertThat(connection.read("+OK\r\n")).as("FLUSHALL before a scenario").isEqualTo("+OK\r\n");
		}
	}

	/** The test resource directory whose scenario files this class plays. */
	String scenarioDirectory() {
		return SCENARIO_DIR;
	}

	private List<Path> scenarioFiles() {
		URL dir = RedisCompatibilityIT.class.getClassLoader().getResource(scenarioDirectory());
		assertThat(dir).as("test resource directory " + scenarioDirectory()).isNotNull();
		String chosen = System.getProperty("compat.files", "");
		List<String> only = chosen.isBlank() ? List.of() : List.of(chosen.split(","));
		try (Stream<Path> listing = Files.list(Path.of(dir.toURI()))) {
			return listing.filter(p -> p.getFileName().toString().endsWith(".txt"))
				.filter(p -> only.isEmpty() ? !p.getFileName().toString().equals(KNOWN_DIFFERENCES)
						: only.contains(p.getFileName().toString()))
				.sorted()
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Plays steps on one server's connection; once the connection is gone, later steps get nothing. */
	private static final class Player {

		private final RawConnection connection;

		private final ReplyReader reader;

		private Outcome gone;

		Player(RawConnection connection) {
			this.connection = connection;
			this.reader = new ReplyReader(connection);
		}

		Outcome play(Step step) {
			if (this.gone != null) {
				return new Outcome(new byte[0], this.gone.end());
			}
			try {
				this.connection.send(step.request());
			}
			catch (UncheckedIOException ex) {
				return died(new Outcome(new byte[0], End.RESET));
			}
			Outcome outcome = step.read() == Read.UNTIL_CLOSED ? this.reader.untilClosed()
					: this.reader.replies(step.replies());
			return outcome.end() == End.COMPLETE ? outcome : died(outcome);
		}

		private Outcome died(Outcome outcome) {
			this.gone = outcome;
			return outcome;
		}

	}

}
