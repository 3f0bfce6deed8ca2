package io.kvserver.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading, setting and rewriting directives as Redis's config.c does (replies checked against redis-server 7.0.15). */
class ConfigRegistryTest {

	@TempDir
	Path dir;

	private final ConfigRegistry config = ConfigRegistry.of(new ServerDirectives());

	private Path file(String name, String content) throws IOException {
		return Files.writeString(this.dir.resolve(name), content);
	}

	@Test
	void readsQuotedValuesUnitsCommentsAndTheLastOfRepeatedLines() throws IOException {
		Path conf = file("redis.conf", """
				# comment
				   PORT "7000"  \r
				proto-max-bulk-len 2mb
				proto-max-bulk-len '3MB'
				client-query-buffer-limit 2000k
				bind 10.0.0.1 "-::1"
				maxclients 1\\
				""".replace("1\\", "12"));
		this.config.load(conf.toString(), null);
		assertThat(this.config.numeric("port").value()).isEqualTo(7000);
		assertThat(this.config.numeric("proto-max-bulk-len").value()).isEqualTo(3L * 1024 * 1024);
		assertThat(this.config.numeric("client-query-buffer-limit").value()).isEqualTo(2_000_000);
		assertThat(this.config.words("bind").value()).containsExactly("10.0.0.1", "-::1");
		assertThat(this.config.numeric("maxclients").value()).isEqualTo(12);
		assertThat(this.config.configFile()).isEqualTo(conf.toAbsolutePath());
	}

	@Test
	void aMultiArgumentDirectiveGivenAsOneArgumentIsSplitAgain() {
		this.config.load(null, "bind \"127.0.0.1 ::1\"");
		assertThat(this.config.words("bind").value()).containsExactly("127.0.0.1", "::1");
		this.config.load(null, "bind \"\"");
		assertThat(this.config.words("bind").value()).isEmpty();
		assertThat(this.config.lookup("bind").get()).isEmpty();
	}

	@Test
	void includeReadsAnotherFileAtThatPointAndGlobsMayMatchNothing() throws IOException {
		file("one.conf", "port 1\ndatabases 4\n");
		file("two.conf", "port 2\n");
		Path main = file("main.conf", "port 9\ninclude " + this.dir + "/one.conf\ninclude " + this.dir
				+ "/t*.conf\ninclude " + this.dir + "/none*.conf\n");
		this.config.load(main.toString(), null);
		assertThat(this.config.numeric("port").value()).isEqualTo(2);
		assertThat(this.config.numeric("databases").value()).isEqualTo(4);
	}

	@Test
	void commandLineDirectivesComeAfterTheFileAndCountItsLines() throws IOException {
		Path conf = file("redis.conf", "port 1\nport 2\n");
		this.config.load(conf.toString(), "port 3");
		assertThat(this.config.numeric("port").value()).isEqualTo(3);
		assertThatThrownBy(() -> this.config.load(conf.toString(), "nosuch 3"))
			.isInstanceOfSatisfying(ConfigFileException.class, ex -> {
				assertThat(ex.line()).as("the file's two lines, the newline Redis adds, then the directive").isEqualTo(4);
				assertThat(ex.report()).isEqualTo("\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\n"
						+ "Reading the configuration file, at line 4\n>>> 'nosuch 3'\n"
						+ "Bad directive or wrong number of arguments\n");
			});
	}

	@Test
	void redisDirectivesKvserverDoesNotImplementAreIgnoredNotRefused() {
		this.config.load(null, "loglevel notice\ndaemonize no\nlist-max-ziplist-entries 512\nport 5");
		assertThat(this.config.numeric("port").value()).isEqualTo(5);
		assertThat(this.config.lookup("loglevel")).as("not reported by CONFIG GET").isNull();
	}

	@Test
	void springPropertiesApplyUnderWhatTheFileSet() {
		this.config.load(null, "port 5");
		this.config.applyProperties(Map.of("kvserver.port", "6", "kvserver.databases", "3",
				"kvserver.proto-max-bulk-len", "64MB", "kvserver.bind", "0.0.0.0 ::")::get);
		assertThat(this.config.numeric("port").value()).as("the file wins").isEqualTo(5);
		assertThat(this.config.numeric("databases").value()).isEqualTo(3);
		assertThat(this.config.numeric("proto-max-bulk-len").value()).as("Spring's DataSize text reads the same")
			.isEqualTo(64L * 1024 * 1024);
		assertThat(this.config.words("bind").value()).containsExactly("0.0.0.0", "::");
		assertThatThrownBy(() -> this.config.applyProperties(Map.of("kvserver.maxclients", "none")::get))
			.hasMessage("Invalid kvserver.maxclients: argument couldn't be parsed into an integer");
	}

	@Test
	void configSetIsAllOrNothingWithRedisErrorsInRedisOrder() {
		assertThat(this.config.set(List.of("proto-max-bulk-len", "2mb", "nosuch", "1", "port", "1")))
			.isEqualTo("Unknown option or number of arguments for CONFIG SET - 'nosuch'");
		assertThat(this.config.set(List.of("proto-max-bulk-len", "2mb", "port", "1")))
			.isEqualTo("CONFIG SET failed (possibly related to argument 'port') - can't set immutable config");
		assertThat(this.config.set(List.of("maxclients", "5", "MAXCLIENTS", "6")))
			.isEqualTo("CONFIG SET failed (possibly related to argument 'MAXCLIENTS') - duplicate parameter");
		assertThat(this.config.set(List.of("proto-max-bulk-len", "2mb", "client-query-buffer-limit", "1k")))
			.isEqualTo("CONFIG SET failed (possibly related to argument 'client-query-buffer-limit') - "
					+ "argument must be between 1048576 and 9223372036854775807 inclusive");
		assertThat(this.config.lookup("proto-max-bulk-len").get()).as("restored").isEqualTo("536870912");
		assertThat(this.config.set(List.of("proto-max-bulk-len", "2mb", "client-query-buffer-limit", "2gb"))).isNull();
		assertThat(this.config.lookup("client-query-buffer-limit").get()).isEqualTo("2147483648");
	}

	@Test
	void aRefusingApplyHookRestoresEveryValueAndReappliesThem() {
		NumericDirective maxBulk = this.config.numeric("proto-max-bulk-len");
		long[] applied = { 0 };
		maxBulk.onApply(() -> {
			applied[0] = maxBulk.value();
			return null;
		});
		this.config.numeric("maxclients").onApply(() -> "no room");
		assertThat(this.config.set(List.of("proto-max-bulk-len", "2mb", "maxclients", "7")))
			.isEqualTo("CONFIG SET failed (possibly related to argument 'maxclients') - no room");
		assertThat(maxBulk.value()).isEqualTo(512L * 1024 * 1024);
		assertThat(applied[0]).as("the restored value applied again").isEqualTo(512L * 1024 * 1024);
		assertThat(this.config.numeric("maxclients").value()).isEqualTo(10_000);
	}

	@Test
	void rewriteKeepsTheFileAndReplacesOrAppendsWhatChanged() throws IOException {
		Path conf = file("redis.conf", "# my conf\nport 16500\nbind 127.0.0.1\n\nmaxclients 100\nappendonly no\n"
				+ "loglevel notice\nproto-max-bulk-len 2mb\nproto-max-bulk-len 3mb\n");
		this.config.load(conf.toString(), "client-query-buffer-limit 5mb");
		// A line nobody understands (written after start): kept as a "# ???" comment.
		Files.writeString(conf, Files.readString(conf).replace("loglevel notice\n", "loglevel notice\nnosuch directive\n"));
		assertThat(this.config.set(List.of("proto-max-bulk-len", "4mb", "maxclients", "200"))).isNull();
		assertThat(this.config.rewrite()).isNull();
		// What redis-server 7.0.15 wrote for the same file and commands, less the directives kvserver lacks.
		assertThat(Files.readString(conf)).isEqualTo("""
				# my conf
				port 16500
				bind 127.0.0.1

				maxclients 200
				appendonly no
				loglevel notice
				# ??? nosuch directive
				proto-max-bulk-len 4mb

				# Generated by CONFIG REWRITE
				client-query-buffer-limit 5mb
				""");
		assertThat(this.config.rewrite()).as("a second rewrite changes nothing").isNull();
		assertThat(Files.readString(conf)).contains("# Generated by CONFIG REWRITE\nclient-query-buffer-limit 5mb\n")
			.doesNotContain("# ??? # ???");
	}

	@Test
	void rewriteWithoutAConfigFileIsRedisError() {
		assertThat(this.config.rewrite()).isEqualTo("The server is running without a config file");
	}

}
