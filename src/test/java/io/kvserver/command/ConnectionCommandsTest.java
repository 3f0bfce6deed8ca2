package io.kvserver.command;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.kvserver.command.CommandHarness.array;
import static io.kvserver.command.CommandHarness.bulk;
import static io.kvserver.command.CommandHarness.error;
import static io.kvserver.command.CommandHarness.integer;
import static io.kvserver.command.CommandHarness.nil;
import static io.kvserver.command.CommandHarness.ok;
import static io.kvserver.command.CommandHarness.status;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replies and error texts as redis-server 7.0.15 gives them (checked against one), except CLIENT
 * SETINFO, which Redis added in 7.2 and whose texts are taken from there.
 */
class ConnectionCommandsTest {

	private static final String BAD_NAME = error("ERR Client names cannot contain spaces, newlines or special characters.");

	private final CommandHarness redis = new CommandHarness();

	@Test
	void ping() {
		assertThat(this.redis.run("PING")).isEqualTo(status("PONG"));
		assertThat(this.redis.run("ping", "hi")).isEqualTo(bulk("hi"));
		assertThat(this.redis.run("PING", "a\r\nb")).isEqualTo(bulk("a\r\nb"));
		assertThat(this.redis.run("PING", "a", "b")).isEqualTo(error("ERR wrong number of arguments for 'ping' command"));
	}

	@Test
	void echo() {
		assertThat(this.redis.run("ECHO", "hi")).isEqualTo(bulk("hi"));
		assertThat(this.redis.run("ECHO", "\u0000\u00ff")).isEqualTo(bulk("\u0000\u00ff"));
		assertThat(this.redis.run("ECHO", "")).isEqualTo(bulk(""));
		assertThat(this.redis.run("ECHO")).isEqualTo(error("ERR wrong number of arguments for 'echo' command"));
		assertThat(this.redis.run("ECHO", "a", "b")).isEqualTo(error("ERR wrong number of arguments for 'echo' command"));
	}

	@Test
	void quitRepliesOkAndAsksToClose() {
		assertThat(this.redis.run("PING")).isEqualTo(status("PONG"));
		assertThat(this.redis.closeRequested()).isFalse();
		assertThat(this.redis.run("QUIT")).isEqualTo(ok());
		assertThat(this.redis.closeRequested()).isTrue();
	}

	@Test
	void quitIgnoresArguments() {
		assertThat(this.redis.run("quit", "extra", "args")).isEqualTo(ok());
		assertThat(this.redis.closeRequested()).isTrue();
	}

	@Test
	void selectSwitchesDatabase() {
		this.redis.run("SET", "k", "zero");
		assertThat(this.redis.run("SELECT", "15")).isEqualTo(ok());
		assertThat(this.redis.session.db()).isEqualTo(15);
		assertThat(this.redis.run("GET", "k")).isEqualTo(nil());
		this.redis.run("SET", "k", "fifteen");
		assertThat(this.redis.run("SELECT", "0")).isEqualTo(ok());
		assertThat(this.redis.run("GET", "k")).isEqualTo(bulk("zero"));
	}

	@Test
	void selectOutOfRange() {
		assertThat(this.redis.run("SELECT", "16")).isEqualTo(error("ERR DB index is out of range"));
		assertThat(this.redis.run("SELECT", "-1")).isEqualTo(error("ERR DB index is out of range"));
		assertThat(this.redis.run("SELECT", "2147483647")).isEqualTo(error("ERR DB index is out of range"));
		assertThat(this.redis.run("SELECT", "4294967296"))
			.isEqualTo(error("ERR value is out of range, value must between -2147483648 and 2147483647"));
		assertThat(this.redis.run("SELECT", "-2147483649"))
			.isEqualTo(error("ERR value is out of range, value must between -2147483648 and 2147483647"));
		assertThat(this.redis.run("SELECT", "abc")).isEqualTo(error("ERR value is not an integer or out of range"));
		assertThat(this.redis.run("SELECT", "1.0")).isEqualTo(error("ERR value is not an integer or out of range"));
		assertThat(this.redis.run("SELECT")).isEqualTo(error("ERR wrong number of arguments for 'select' command"));
		assertThat(this.redis.session.db()).isZero();
	}

	@Test
	void hello2DescribesTheServer() {
		long id = this.redis.session.id();
		String expected = array(bulk("server"), bulk("redis"), bulk("version"), bulk("7.0.15"), bulk("proto"),
				integer(2), bulk("id"), integer(id), bulk("mode"), bulk("standalone"), bulk("role"), bulk("master"),
				bulk("modules"), "*0\r\n");
		assertThat(this.redis.run("HELLO", "2")).isEqualTo(expected);
		assertThat(this.redis.run("HELLO")).isEqualTo(expected);
		assertThat(this.redis.run("hello", "2", "AUTH", "default", "any-password")).isEqualTo(expected);
	}

	@ParameterizedTest
	@ValueSource(strings = { "3", "1", "0", "4", "-2" })
	void otherProtocolVersionsAreNotSpoken(String version) {
		assertThat(this.redis.run("HELLO", version)).isEqualTo(error("NOPROTO unsupported protocol version"));
	}

	@Test
	void helloErrors() {
		assertThat(this.redis.run("HELLO", "abc"))
			.isEqualTo(error("ERR Protocol version is not an integer or out of range"));
		assertThat(this.redis.run("HELLO", "2", "FOO")).isEqualTo(error("ERR Syntax error in HELLO option 'FOO'"));
		assertThat(this.redis.run("HELLO", "2", "SETNAME"))
			.isEqualTo(error("ERR Syntax error in HELLO option 'SETNAME'"));
		assertThat(this.redis.run("HELLO", "2", "AUTH", "default"))
			.isEqualTo(error("ERR Syntax error in HELLO option 'AUTH'"));
		assertThat(this.redis.run("HELLO", "2", "SETNAME", "a b")).isEqualTo(BAD_NAME);
	}

	@Test
	void helloAuthKnowsOnlyTheDefaultUserAndNamesAreCaseSensitive() {
		String wrongPass = error("WRONGPASS invalid username-password pair or user is disabled.");
		assertThat(this.redis.run("HELLO", "2", "AUTH", "bob", "x")).isEqualTo(wrongPass);
		assertThat(this.redis.run("HELLO", "2", "AUTH", "DEFAULT", "x")).isEqualTo(wrongPass);
	}

	@Test
	void helloSetnameSetsTheName() {
		assertThat(this.redis.run("HELLO", "2", "SETNAME", "app")).startsWith("*14\r\n");
		assertThat(this.redis.run("CLIENT", "GETNAME")).isEqualTo(bulk("app"));
	}

	@Test
	void helloAppliesOptionsInOrderLikeRedis() {
		// Redis sets the name as it reads SETNAME, so a later bad option does not undo it.
		assertThat(this.redis.run("HELLO", "2", "SETNAME", "foo", "BAD"))
			.isEqualTo(error("ERR Syntax error in HELLO option 'BAD'"));
		assertThat(this.redis.run("CLIENT", "GETNAME")).isEqualTo(bulk("foo"));
		assertThat(this.redis.run("HELLO", "2", "SETNAME", "bar", "AUTH", "bob", "x"))
			.isEqualTo(error("WRONGPASS invalid username-password pair or user is disabled."));
		assertThat(this.redis.run("CLIENT", "GETNAME")).isEqualTo(bulk("bar"));
	}

	@Test
	void clientSetnameAndGetname() {
		assertThat(this.redis.run("CLIENT", "GETNAME")).isEqualTo(nil());
		assertThat(this.redis.run("CLIENT", "SETNAME", "my-app")).isEqualTo(ok());
		assertThat(this.redis.run("client", "getname")).isEqualTo(bulk("my-app"));
		assertThat(this.redis.run("CLIENT", "SETNAME", "")).as("an empty name clears it").isEqualTo(ok());
		assertThat(this.redis.run("CLIENT", "GETNAME")).isEqualTo(nil());
		assertThat(this.redis.run("CLIENT", "SETNAME", "!~")).isEqualTo(ok());
		assertThat(this.redis.run("CLIENT", "GETNAME")).isEqualTo(bulk("!~"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "a b", "a\nb", "a\rb", "\u0000", "\u007f", "\u00e9", "tab\there" })
	void clientSetnameRejectsSpacesAndSpecialCharacters(String name) {
		this.redis.run("CLIENT", "SETNAME", "before");
		assertThat(this.redis.run("CLIENT", "SETNAME", name)).isEqualTo(BAD_NAME);
		assertThat(this.redis.run("CLIENT", "GETNAME")).isEqualTo(bulk("before"));
	}

	@Test
	void clientArityUsesSubcommandNames() {
		assertThat(this.redis.run("CLIENT")).isEqualTo(error("ERR wrong number of arguments for 'client' command"));
		assertThat(this.redis.run("CLIENT", "SETNAME"))
			.isEqualTo(error("ERR wrong number of arguments for 'client|setname' command"));
		assertThat(this.redis.run("CLIENT", "GETNAME", "x"))
			.isEqualTo(error("ERR wrong number of arguments for 'client|getname' command"));
		assertThat(this.redis.run("CLIENT", "NOPE")).isEqualTo(error("ERR unknown subcommand 'NOPE'. Try CLIENT HELP."));
	}

	@Test
	void clientId() {
		assertThat(this.redis.run("CLIENT", "ID")).isEqualTo(integer(this.redis.session.id()));
	}

	@Test
	void clientSetinfo() {
		assertThat(this.redis.run("CLIENT", "SETINFO", "LIB-NAME", "jedis")).isEqualTo(ok());
		assertThat(this.redis.run("CLIENT", "SETINFO", "lib-ver", "5.2.0")).isEqualTo(ok());
		assertThat(this.redis.session.libName()).isEqualTo("jedis");
		assertThat(this.redis.session.libVersion()).isEqualTo("5.2.0");
	}

	@Test
	void clientSetinfoValidation() {
		assertThat(this.redis.run("CLIENT", "SETINFO", "lib-colour", "x"))
			.isEqualTo(error("ERR Unrecognized option 'lib-colour'"));
		assertThat(this.redis.run("CLIENT", "SETINFO", "lib-name", "has space"))
			.isEqualTo(error("ERR lib-name cannot contain spaces, newlines or special characters."));
		assertThat(this.redis.run("CLIENT", "SETINFO", "LIB-VER", "1\n2"))
			.isEqualTo(error("ERR LIB-VER cannot contain spaces, newlines or special characters."));
		assertThat(this.redis.run("CLIENT", "SETINFO", "lib-name"))
			.isEqualTo(error("ERR wrong number of arguments for 'client|setinfo' command"));
		assertThat(this.redis.session.libName()).isNull();
		assertThat(this.redis.session.libVersion()).isNull();
	}

}
