package io.kvserver.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** redis-server's command line (server.c main), with Spring's --name=value arguments passed through. */
class LaunchArgumentsTest {

	@Test
	void aConfigFileThenDirectivesEachWithItsValuesQuoted() {
		LaunchArguments args = LaunchArguments.parse("/etc/redis.conf", "--port", "7000", "--bind", "127.0.0.1",
				"::1", "--requirepass", "a b\"c");
		assertThat(args.configFile()).isEqualTo("/etc/redis.conf");
		assertThat(args.options()).isEqualTo("port \"7000\" \nbind \"127.0.0.1\" \"::1\" \nrequirepass \"a b\\\"c\" ");
		assertThat(args.springArgs()).isEmpty();
	}

	@Test
	void springArgumentsPassThroughAnywhere() {
		LaunchArguments args = LaunchArguments.parse("--kvserver.transport=net", "--port", "1", "--server.port=0");
		assertThat(args.configFile()).isNull();
		assertThat(args.options()).isEqualTo("port \"1\" ");
		assertThat(args.springArgs()).containsExactly("--kvserver.transport=net", "--server.port=0");
	}

	@Test
	void aDirectiveAndItsValueInOneArgument() {
		LaunchArguments args = LaunchArguments.parse("--port 7000", "--maxclients", "5");
		assertThat(args.options()).isEqualTo("port 7000 \nmaxclients \"5\" ");
	}

	@Test
	void saveWithoutAValueMeansNoSnapshots() {
		assertThat(LaunchArguments.parse("--save", "--port", "1").options()).isEqualTo("save \"\"\nport \"1\" ");
		assertThat(LaunchArguments.parse("--save").options()).isEqualTo("save \"\"");
	}

	@Test
	void aDirectiveWithoutValueTakesTheNextArgumentEvenIfItLooksLikeADirective() {
		// Redis: "--maxclients --port" makes "--port" maxclients' value.
		assertThat(LaunchArguments.parse("--maxclients", "--port").options()).isEqualTo("maxclients \"--port\" ");
	}

	@Test
	void nothingToRead() {
		LaunchArguments args = LaunchArguments.parse("--server.port=8081");
		assertThat(args.hasConfig()).isFalse();
	}

}
