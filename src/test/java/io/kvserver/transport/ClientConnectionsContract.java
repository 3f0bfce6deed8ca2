package io.kvserver.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.kvserver.command.SessionRegistry;
import io.kvserver.support.KvServerIntegrationTest;
import io.kvserver.support.RawConnection;

/**
 * What commands learn about connections from the transport, over real sockets: the addresses CLIENT
 * LIST shows, CLIENT KILL ending another client's connection (from that client's side, through the
 * transport's normal close), and WATCH noticing other clients and expiry. Run once per connection
 * factory (kvserver's event loops, with one and two loops; Spring Integration's net and nio).
 */
abstract class ClientConnectionsContract extends KvServerIntegrationTest {

	@Autowired
	private SessionRegistry sessions;

	@Test
	void clientListShowsEveryConnectionsRealAddresses() {
		try (RawConnection a = connect(); RawConnection b = connect()) {
			a.send("CLIENT SETNAME conn-a\r\n");
			assertThat(a.readReply()).isEqualTo("+OK\r\n");
			b.send("CLIENT LIST\r\n");
			String list = b.readReply();
			assertThat(list).containsPattern("id=\\d+ addr=127\\.0\\.0\\.1:\\d+ laddr=127\\.0\\.0\\.1:" + port()
					+ " fd=-1 name=conn-a age=\\d+ idle=\\d+ flags=N db=0 .* cmd=client\\|setname user=default redir=-1 resp=2\n");
			assertThat(list).containsPattern(" name= .* cmd=client\\|list ");
			b.send("CLIENT INFO\r\n");
			assertThat(b.readReply()).contains(" laddr=127.0.0.1:" + port() + " ").contains(" cmd=client|info ");
		}
	}

	@Test
	void clientKillByAddressClosesTheOtherConnection() {
		try (RawConnection victim = connect(); RawConnection killer = connect()) {
			String address = addressOf(victim, killer, "victim-1");
			killer.send("CLIENT KILL ADDR " + address + "\r\n");
			assertThat(killer.readReply()).isEqualTo(":1\r\n");
			assertThat(victim.isClosedByServer()).isTrue();
			killer.send("CLIENT LIST\r\n");
			assertThat(killer.readReply()).doesNotContain("name=victim-1");
			killer.send("CLIENT KILL " + address + "\r\n");
			assertThat(killer.readReply()).isEqualTo("-ERR No such client\r\n");
			killer.send("PING\r\n");
			assertThat(killer.readReply()).isEqualTo("+PONG\r\n");
		}
	}

	@Test
	void clientKillOldStyleAndByIdAndTheSessionGoes() {
		try (RawConnection a = connect(); RawConnection b = connect(); RawConnection killer = connect()) {
			String address = addressOf(a, killer, "victim-2");
			killer.send("CLIENT KILL " + address + "\r\n");
			assertThat(killer.readReply()).isEqualTo("+OK\r\n");
			assertThat(a.isClosedByServer()).isTrue();
			b.send("CLIENT ID\r\n");
			long id = Long.parseLong(b.readReply().substring(1).trim());
			killer.send("CLIENT KILL ID " + id + "\r\n");
			assertThat(killer.readReply()).isEqualTo(":1\r\n");
			assertThat(b.isClosedByServer()).isTrue();
			await().atMost(Duration.ofSeconds(10))
				.until(() -> this.sessions.all().stream().noneMatch(s -> s.id() == id));
		}
	}

	@Test
	void clientKillOfItselfAnswersFirst() {
		try (RawConnection self = connect()) {
			self.send("CLIENT ID\r\n");
			String id = self.readReply().substring(1).trim();
			self.send("CLIENT KILL ID " + id + " SKIPME no\r\nPING\r\n");
			assertThat(self.readReply()).isEqualTo(":1\r\n");
			assertThat(self.isClosedByServer()).as("closed after the reply, before PING").isTrue();
		}
	}

	@Test
	void killingAClientThatIsWatchingDropsItsWatches() {
		try (RawConnection victim = connect(); RawConnection killer = connect()) {
			String address = addressOf(victim, killer, "victim-3");
			victim.send("WATCH conn:watched\r\nMULTI\r\nSET conn:watched x\r\n");
			assertThat(victim.readReply()).isEqualTo("+OK\r\n");
			assertThat(victim.readReply()).isEqualTo("+OK\r\n");
			assertThat(victim.readReply()).isEqualTo("+QUEUED\r\n");
			killer.send("CLIENT KILL ADDR " + address + "\r\nGET conn:watched\r\n");
			assertThat(killer.readReply()).isEqualTo(":1\r\n");
			assertThat(killer.readReply()).as("the killed client's transaction never ran").isEqualTo("$-1\r\n");
			assertThat(victim.isClosedByServer()).isTrue();
		}
	}

	@Test
	void aWatchedKeyChangedByAnotherConnectionFailsExec() {
		try (RawConnection watcher = connect(); RawConnection writer = connect()) {
			watcher.send("SET conn:k 1\r\nWATCH conn:k\r\n");
			assertThat(watcher.readReply()).isEqualTo("+OK\r\n");
			assertThat(watcher.readReply()).isEqualTo("+OK\r\n");
			writer.send("INCR conn:k\r\n");
			assertThat(writer.readReply()).isEqualTo(":2\r\n");
			watcher.send("MULTI\r\nINCR conn:k\r\nEXEC\r\nGET conn:k\r\n");
			assertThat(watcher.readReply()).isEqualTo("+OK\r\n");
			assertThat(watcher.readReply()).isEqualTo("+QUEUED\r\n");
			assertThat(watcher.readReply()).isEqualTo("*-1\r\n");
			assertThat(watcher.readReply()).isEqualTo("$1\r\n2\r\n");
		}
	}

	@Test
	void aWatchedKeyReclaimedByActiveExpiryFailsExec() {
		try (RawConnection watcher = connect(); RawConnection observer = connect()) {
			watcher.send("SELECT 9\r\nFLUSHDB\r\nSET conn:ttl 1 PX 100\r\nWATCH conn:ttl\r\n");
			for (int i = 0; i < 4; i++) {
				assertThat(watcher.readReply()).isEqualTo("+OK\r\n");
			}
			// DBSIZE counts keys that expired but are not reclaimed yet, and reclaims nothing itself.
			observer.send("SELECT 9\r\n");
			assertThat(observer.readReply()).isEqualTo("+OK\r\n");
			await().atMost(Duration.ofSeconds(10)).until(() -> {
				observer.send("DBSIZE\r\n");
				return observer.readReply().equals(":0\r\n");
			});
			watcher.send("MULTI\r\nPING\r\nEXEC\r\n");
			assertThat(watcher.readReply()).isEqualTo("+OK\r\n");
			assertThat(watcher.readReply()).isEqualTo("+QUEUED\r\n");
			assertThat(watcher.readReply()).isEqualTo("*-1\r\n");
		}
	}

	/**
	 * Each request sent only after the previous reply arrived: the pattern in which Spring
	 * Integration's NIO connection used to handle two batches of one client at once and send some
	 * replies twice.
	 */
	@Test
	void everyRequestGetsExactlyOneReplyInOrder() {
		try (RawConnection c = connect()) {
			c.send("DEL conn:seq\r\n");
			assertThat(c.readReply()).matches(":[01]\r\n");
			for (int i = 1; i <= 500; i++) {
				c.send("INCR conn:seq\r\n");
				assertThat(c.readReply()).isEqualTo(":" + i + "\r\n");
			}
			StringBuilder burst = new StringBuilder();
			StringBuilder expected = new StringBuilder();
			for (int i = 501; i <= 1500; i++) {
				burst.append("INCR conn:seq\r\n");
				expected.append(':').append(i).append("\r\n");
			}
			c.send(burst.toString());
			assertThat(c.read(expected.toString())).isEqualTo(expected.toString());
			c.send("PING\r\n");
			assertThat(c.readReply()).isEqualTo("+PONG\r\n");
		}
	}

	/** The address of {@code client}'s connection as the server sees it, found by a name it sets. */
	private static String addressOf(RawConnection client, RawConnection asker, String name) {
		client.send("CLIENT SETNAME " + name + "\r\n");
		assertThat(client.readReply()).isEqualTo("+OK\r\n");
		asker.send("CLIENT LIST\r\n");
		Matcher m = Pattern.compile("addr=(\\S+) laddr=\\S+ fd=-1 name=" + name + " ").matcher(asker.readReply());
		assertThat(m.find()).as("a CLIENT LIST line for " + name).isTrue();
		return m.group(1);
	}

}
