package io.kvserver.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.kvserver.support.ChildProcess;
import io.kvserver.support.PackagedJar;
import io.kvserver.support.ProgramRun;

/**
 * Differential: a config file (and command-line directives) that Redis refuses must stop the packaged
 * kvserver with the same report on stderr and the same exit status as redis-server 7.0 itself. Only
 * refused configurations are played, so neither server ever starts.
 */
class ConfigFileIT {

	@TempDir
	static Path work;

	static Stream<Arguments> refusedConfigurations() {
		return Stream.of(
				Arguments.of("unknown directive", "port 16999\n# a comment\n\nfoo bar\n", List.of()),
				Arguments.of("unknown directive after spaces and CRLF", "  \tnosuch 1 2 \r\n", List.of()),
				Arguments.of("no value", "port\n", List.of()),
				Arguments.of("two values", "databases 1 2\n", List.of()),
				Arguments.of("not a number", "maxclients ten\n", List.of()),
				Arguments.of("out of range", "port 65536\n", List.of()),
				Arguments.of("below the minimum", "maxclients 0\n", List.of()),
				Arguments.of("unsigned", "maxclients -1\n", List.of()),
				Arguments.of("leading zero", "databases 016\n", List.of()),
				Arguments.of("memory too small", "proto-max-bulk-len 1000kb\n", List.of()),
				Arguments.of("memory unit", "client-query-buffer-limit 1tb\n", List.of()),
				Arguments.of("negative memory", "client-query-buffer-limit -1gb\n", List.of()),
				Arguments.of("unbalanced quotes", "bind \"127.0.0.1\n", List.of()),
				Arguments.of("text after a closing quote", "port \"1\"2\n", List.of()),
				Arguments.of("quoted value echoed as written", "maxclients \"\\x31\\x30x\"\n", List.of()),
				Arguments.of("too many bind addresses", "bind 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17\n", List.of()),
				Arguments.of("include with an error in the included file", "port 16999\ninclude %DIR%/bad.conf\n", List.of()),
				Arguments.of("include by glob", "include %DIR%/b*.conf\n", List.of()),
				Arguments.of("command-line directive without a value", "port 16999\n", List.of("--maxclients")),
				Arguments.of("command-line directive with two values", "port 16999\n", List.of("--port", "1", "2")),
				Arguments.of("unknown command-line directive", "", List.of("--nosuch", "x")),
				Arguments.of("command-line value that needs quoting", "", List.of("--databases", "a b\"c")),
				Arguments.of("a user rule Redis refuses", "user alice on >secret zzz\n", List.of()),
				Arguments.of("a user selector left open", "user alice on (~x +get\n", List.of()),
				Arguments.of("a bad key pattern in a user line", "user alice on %Rx~a\n", List.of()),
				Arguments.of("a user declared twice", "user alice on\nuser alice off\n", List.of()),
				Arguments.of("a user line without a name", "user\n", List.of()),
				Arguments.of("a bad protected-mode", "protected-mode maybe\n", List.of()),
				Arguments.of("a bad acl-pubsub-default", "acl-pubsub-default some\n", List.of()),
				Arguments.of("a bad save line", "save 1 2 3\n", List.of()),
				Arguments.of("deprecated directive skipped, the next line refused",
						"list-max-ziplist-entries 512\nport x\n", List.of()));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("refusedConfigurations")
	void refusedAsRedisRefusesIt(String name, String config, List<String> args) throws IOException {
		Path dir = Files.createTempDirectory(work, "case");
		Files.writeString(dir.resolve("bad.conf"), "maxclients 5\nmaxclients none\n");
		Path file = dir.resolve("redis.conf");
		Files.writeString(file, config.replace("%DIR%", dir.toString()));
		List<String> redisCommand = new ArrayList<>(List.of(ChildProcess.require("redis-server", "redis-server").toString(),
				file.toString()));
		redisCommand.addAll(args);
		List<String> ourArgs = new ArrayList<>(List.of(file.toString()));
		ourArgs.addAll(args);

		ProgramRun redis = ProgramRun.run(redisCommand, dir, null, dir, 30);
		ProgramRun ours = ProgramRun.run(PackagedJar.command(List.of(), ourArgs), dir, null, dir, 60);

		assertThat(redis.exitCode()).as("redis-server refuses it (else the case is wrong)").isEqualTo(1);
		assertThat(redis.stderr()).as("redis-server's report").contains("FATAL CONFIG FILE ERROR");
		assertThat(ours.stderr()).as("kvserver's report on stderr").isEqualTo(redis.stderr());
		assertThat(ours.exitCode()).as("exit status").isEqualTo(1);
	}

	/** A file that cannot be read is a warning in Redis's log (stdout without a log file), not the FATAL report. */
	@ParameterizedTest(name = "{0}")
	@MethodSource("unreadableFiles")
	void unreadableFileLoggedAsRedisLogsIt(String name, String config) throws IOException {
		Path dir = Files.createTempDirectory(work, "case");
		Path file = dir.resolve("redis.conf");
		Files.writeString(file, config.replace("%DIR%", dir.toString()));
		String target = config.isEmpty() ? dir.resolve("missing.conf").toString() : file.toString();
		ProgramRun redis = ProgramRun.run(List.of(ChildProcess.require("redis-server", "redis-server").toString(), target),
				dir, null, dir, 30);
		ProgramRun ours = ProgramRun.run(PackagedJar.command(List.of(), List.of(target)), dir, null, dir, 60);
		assertThat(redis.exitCode()).isEqualTo(1);
		assertThat(ours.exitCode()).isEqualTo(1);
		assertThat(logMessage(ours.stdout())).isEqualTo(logMessage(redis.stdout())).startsWith("Fatal error, can't open");
		assertThat(ours.stdout()).matches("\\d+:C \\d\\d [A-Z][a-z]{2} \\d{4} \\d\\d:\\d\\d:\\d\\d\\.\\d{3} # .*\n");
	}

	static Stream<Arguments> unreadableFiles() {
		return Stream.of(Arguments.of("missing file", ""), Arguments.of("missing include", "include %DIR%/none.conf\n"));
	}

	/** A Redis log line without its pid, role and time. */
	private static String logMessage(String log) {
		return log.substring(log.indexOf(" # ") + 3);
	}

}
