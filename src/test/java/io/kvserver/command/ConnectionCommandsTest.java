package io.kvserver.command;

import java.util.concurrent.atomic.AtomicInteger;

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
	@ValueSource(strings = { "1", "0", "4", "-2" })
	void otherProtocolVersionsAreNotSpoken(String version) {
		assertThat(this.redis.run("HELLO", version)).isEqualTo(error("NOPROTO unsupported protocol version"));
	}

	@Test
	void hello3SwitchesTheConnectionToResp3() {
		long id = this.redis.session.id();
		String map = "%7\r\n" + bulk("server") + bulk("redis") + bulk("version") + bulk("7.0.15") + bulk("proto")
				+ integer(3) + bulk("id") + integer(id) + bulk("mode") + bulk("standalone") + bulk("role")
				+ bulk("master") + bulk("modules") + "*0\r\n";
		assertThat(this.redis.run("HELLO", "3")).isEqualTo(map);
		assertThat(this.redis.session.resp3()).isTrue();
		assertThat(this.redis.run("GET", "missing")).isEqualTo("_\r\n");
		assertThat(this.redis.run("CLIENT", "GETNAME")).isEqualTo("_\r\n");
		assertThat(this.redis.run("HELLO")).as("no version: stays on RESP3").isEqualTo(map);
		assertThat(this.redis.run("HELLO", "2")).startsWith("*14\r\n");
		assertThat(this.redis.run("GET", "missing")).isEqualTo(nil());
	}

	@Test
	void helloInAPipelineSwitchesTheRepliesAfterIt() {
		String replies = this.redis.batch(new String[] { "GET", "x" }, new String[] { "HELLO", "3" },
				new String[] { "GET", "x" });
		assertThat(replies).startsWith(nil() + "%7\r\n").endsWith("*0\r\n_\r\n");
	}

	@Test
	void resetGoesBackToAFreshConnection() {
		this.redis.run("CLIENT", "SETNAME", "app");
		this.redis.run("SELECT", "3");
		this.redis.run("HELLO", "3");
		this.redis.run("CLIENT", "NO-EVICT", "on");
		this.redis.run("WATCH", "k");
		this.redis.run("MULTI");
		assertThat(this.redis.run("RESET")).isEqualTo(status("RESET"));
		assertThat(this.redis.session.db()).isZero();
		assertThat(this.redis.session.resp3()).isFalse();
		assertThat(this.redis.run("CLIENT", "GETNAME")).isEqualTo(nil());
		assertThat(this.redis.run("EXEC")).isEqualTo(error("ERR EXEC without MULTI"));
		assertThat(this.redis.transactions.watchCount()).isZero();
		assertThat(this.redis.run("CLIENT", "INFO")).as("Redis 7.0's RESET keeps NO-EVICT").contains(" flags=e ");
		assertThat(this.redis.run("RESET", "x")).isEqualTo(error("ERR wrong number of arguments for 'reset' command"));
	}

	@Test
	void clientReplyOffSilencesEverythingUntilOn() {
		assertThat(this.redis.batch(new String[] { "CLIENT", "REPLY", "OFF" }, new String[] { "PING" },
				new String[] { "NOSUCH" }, new String[] { "GET" }, new String[] { "CLIENT", "REPLY", "SKIP" },
				new String[] { "CLIENT", "REPLY", "ON" }, new String[] { "PING" }))
			.isEqualTo(ok() + status("PONG"));
	}

	@Test
	void clientReplySkipSilencesOnlyTheNextCommand() {
		assertThat(this.redis.batch(new String[] { "CLIENT", "REPLY", "SKIP" }, new String[] { "SET", "k", "1" },
				new String[] { "GET", "k" })).isEqualTo(bulk("1"));
		assertThat(this.redis.run("CLIENT", "REPLY", "SKIP")).isEmpty();
		assertThat(this.redis.run("INCR", "k")).as("the skip carries over to the next batch").isEmpty();
		assertThat(this.redis.run("GET", "k")).isEqualTo(bulk("2"));
		assertThat(this.redis.run("CLIENT", "REPLY", "MAYBE")).isEqualTo(error("ERR syntax error"));
	}

	@Test
	void clientReplyOffInsideExecKeepsWhatCameBefore() {
		this.redis.run("MULTI");
		this.redis.run("PING");
		this.redis.run("CLIENT", "REPLY", "OFF");
		this.redis.run("PING");
		assertThat(this.redis.run("EXEC")).isEqualTo("*3\r\n" + status("PONG"));
		assertThat(this.redis.run("CLIENT", "REPLY", "ON")).isEqualTo(ok());
	}

	@Test
	void clientNoEvict() {
		assertThat(this.redis.run("CLIENT", "NO-EVICT", "on")).isEqualTo(ok());
		assertThat(this.redis.run("CLIENT", "INFO")).contains(" flags=e ");
		assertThat(this.redis.run("CLIENT", "NO-EVICT", "OFF")).isEqualTo(ok());
		assertThat(this.redis.run("CLIENT", "INFO")).contains(" flags=N ");
		assertThat(this.redis.run("CLIENT", "NO-EVICT", "maybe")).isEqualTo(error("ERR syntax error"));
	}

	@Test
	void clientInfoDescribesTheCaller() {
		this.redis.session.attach("10.0.0.1:5000", "127.0.0.1:6379", () -> {
		});
		this.redis.run("CLIENT", "SETNAME", "me");
		this.redis.run("SELECT", "2");
		this.redis.advance(3_000);
		String info = this.redis.run("CLIENT", "INFO");
		assertThat(info).startsWith("$").endsWith("\n\r\n")
			.contains("id=" + this.redis.session.id() + " addr=10.0.0.1:5000 laddr=127.0.0.1:6379 fd=-1 name=me age=3 idle=0 flags=N db=2 sub=0 psub=0 ssub=0 multi=-1 ")
			.contains(" events=r cmd=client|info user=default redir=-1 resp=2\n");
		this.redis.run("HELLO", "3");
		assertThat(this.redis.run("CLIENT", "INFO")).startsWith("=").contains("\r\ntxt:id=").contains(" resp=3\n");
		this.redis.run("MULTI");
		this.redis.run("SET", "a", "12345");
		assertThat(this.redis.run("CLIENT", "INFO")).isEqualTo(status("QUEUED"));
		assertThat(this.redis.run("EXEC")).contains(" flags=x ").contains(" multi=2 ").contains(" multi-mem=19 ");
	}

	@Test
	void clientListShowsEveryClientInOrderOfConnection() {
		Session other = this.redis.connect("other");
		other.attach("10.0.0.2:6000", "127.0.0.1:6379", () -> {
		});
		this.redis.runAs(other, "SET", "x", "1");
		this.redis.advance(2_000);
		String list = this.redis.run("CLIENT", "LIST");
		assertThat(list).contains("id=" + this.redis.session.id() + " ").contains("cmd=client|list")
			.contains("id=" + other.id() + " addr=10.0.0.2:6000 ").contains(" idle=2 ").contains("cmd=set ");
		assertThat(list.indexOf("id=" + this.redis.session.id() + " ")).isLessThan(list.indexOf("id=" + other.id() + " "));
		assertThat(this.redis.run("CLIENT", "LIST", "ID", Long.toString(other.id()), "999"))
			.contains("id=" + other.id() + " ").doesNotContain("id=" + this.redis.session.id() + " ");
		assertThat(this.redis.run("CLIENT", "LIST", "TYPE", "normal")).contains("id=" + other.id() + " ");
		assertThat(this.redis.run("CLIENT", "LIST", "TYPE", "pubsub")).isEqualTo(bulk(""));
		assertThat(this.redis.run("CLIENT", "LIST", "TYPE", "foo")).isEqualTo(error("ERR Unknown client type 'foo'"));
		assertThat(this.redis.run("CLIENT", "LIST", "ID", "abc")).isEqualTo(error("ERR Invalid client ID"));
		assertThat(this.redis.run("CLIENT", "LIST", "ID")).isEqualTo(error("ERR syntax error"));
		assertThat(this.redis.run("CLIENT", "LIST", "x")).isEqualTo(error("ERR syntax error"));
	}

	@Test
	void clientKillByAddressEndsTheOtherConnection() {
		AtomicInteger kills = new AtomicInteger();
		Session other = this.redis.connect("other");
		other.attach("10.0.0.2:6000", "127.0.0.1:6379", kills::incrementAndGet);
		this.redis.runAs(other, "WATCH", "k");
		assertThat(this.redis.run("CLIENT", "KILL", "ADDR", "10.0.0.2:6001")).isEqualTo(integer(0));
		assertThat(this.redis.run("CLIENT", "KILL", "ADDR", "10.0.0.2:6000")).isEqualTo(integer(1));
		assertThat(kills).hasValue(1);
		assertThat(other.isClosed()).isTrue();
		assertThat(this.redis.transactions.watchCount()).as("the killed client's watches are gone").isZero();
		assertThat(this.redis.run("CLIENT", "LIST")).doesNotContain("id=" + other.id() + " ");
		assertThat(this.redis.runAs(other, "PING")).as("a batch that was waiting is dropped").isEmpty();
		assertThat(this.redis.run("CLIENT", "KILL", "10.0.0.2:6000")).isEqualTo(error("ERR No such client"));
		assertThat(this.redis.closeRequested()).isFalse();
	}

	@Test
	void clientKillOldStyleCanKillTheCaller() {
		this.redis.session.attach("10.0.0.1:5000", "127.0.0.1:6379", () -> {
		});
		assertThat(this.redis.run("CLIENT", "KILL", "10.0.0.1:5000")).isEqualTo(ok());
		assertThat(this.redis.closeRequested()).as("closed after the reply is written").isTrue();
	}

	@Test
	void clientKillFilters() {
		AtomicInteger kills = new AtomicInteger();
		Session a = this.redis.connect("a");
		a.attach("10.0.0.2:1", "127.0.0.1:6379", kills::incrementAndGet);
		Session b = this.redis.connect("b");
		b.attach("10.0.0.3:1", "127.0.0.1:7000", kills::incrementAndGet);
		String self = Long.toString(this.redis.session.id());
		assertThat(this.redis.run("CLIENT", "KILL", "ID", self)).as("SKIPME yes by default").isEqualTo(integer(0));
		assertThat(this.redis.run("CLIENT", "KILL", "TYPE", "master")).isEqualTo(integer(0));
		assertThat(this.redis.run("CLIENT", "KILL", "LADDR", "127.0.0.1:7000")).isEqualTo(integer(1));
		assertThat(b.isClosed()).isTrue();
		assertThat(this.redis.run("CLIENT", "KILL", "ID", Long.toString(a.id()), "USER", "default")).isEqualTo(integer(1));
		assertThat(kills).hasValue(2);
		assertThat(this.redis.closeRequested()).isFalse();
		assertThat(this.redis.run("CLIENT", "KILL", "TYPE", "normal", "SKIPME", "no")).isEqualTo(integer(1));
		assertThat(this.redis.closeRequested()).isTrue();
	}

	@Test
	void clientKillErrors() {
		assertThat(this.redis.run("CLIENT", "KILL", "ID", "0")).isEqualTo(error("ERR client-id should be greater than 0"));
		assertThat(this.redis.run("CLIENT", "KILL", "ID", "x")).isEqualTo(error("ERR client-id should be greater than 0"));
		assertThat(this.redis.run("CLIENT", "KILL", "USER", "bob")).isEqualTo(error("ERR No such user 'bob'"));
		assertThat(this.redis.run("CLIENT", "KILL", "TYPE", "x")).isEqualTo(error("ERR Unknown client type 'x'"));
		assertThat(this.redis.run("CLIENT", "KILL", "SKIPME", "maybe")).isEqualTo(error("ERR syntax error"));
		assertThat(this.redis.run("CLIENT", "KILL", "ID", "1", "SKIPME")).isEqualTo(error("ERR syntax error"));
		assertThat(this.redis.run("CLIENT", "KILL", "FOO", "1")).isEqualTo(error("ERR syntax error"));
		assertThat(this.redis.run("CLIENT", "KILL")).isEqualTo(error("ERR wrong number of arguments for 'client|kill' command"));
	}

	@Test
	void clientHelpListsWhatIsImplemented() {
		String help = this.redis.run("CLIENT", "HELP");
		assertThat(help).startsWith("*37\r\n+CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n")
			.contains("+KILL <ip:port>\r\n").contains("+REPLY (ON|OFF|SKIP)\r\n").doesNotContain("TRACKING");
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
