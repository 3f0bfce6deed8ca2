package io.kvserver.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.kvserver.support.KvServerIntegrationTest;
import io.kvserver.support.RawConnection;

/**
 * Blocking commands over real sockets: a client blocked in BLPOP and the like gets its reply when
 * another client's command serves it (first come, first served), when its timeout passes, or
 * CLIENT UNBLOCK ends the wait; the requests it pipelined behind the blocking command wait for it;
 * a client that hangs up while blocked is forgotten. Run once per connection factory. Every wait
 * is for a reply or a state the server reports (INFO blocked_clients), never a sleep.
 */
abstract class BlockingContract extends KvServerIntegrationTest {

	private static final Pattern BLOCKED = Pattern.compile("blocked_clients:(\\d+)");

	private final List<RawConnection> open = new ArrayList<>();

	private RawConnection control;

	@BeforeEach
	void flush() {
		this.control = client();
		assertThat(call(this.control, "FLUSHALL")).isEqualTo("+OK\r\n");
		awaitBlocked(0);
	}

	@AfterEach
	void closeAll() {
		this.open.forEach(RawConnection::close);
	}

	private RawConnection client() {
		RawConnection connection = connect();
		this.open.add(connection);
		return connection;
	}

	private static String call(RawConnection connection, String command) {
		return connection.send(command + "\r\n").readReply();
	}

	/** Waits until the server reports this many blocked clients. */
	private void awaitBlocked(int count) {
		await("blocked_clients:" + count).atMost(Duration.ofSeconds(10)).until(() -> {
			Matcher m = BLOCKED.matcher(call(this.control, "INFO clients"));
			return m.find() && Integer.parseInt(m.group(1)) == count;
		});
	}

	/** A client that has sent {@code command} and is blocked in it (the n-th blocked client). */
	private RawConnection blockedIn(String command, int nth) {
		RawConnection waiter = client();
		waiter.send(command + "\r\n");
		awaitBlocked(nth);
		return waiter;
	}

	@Test
	void waitersAreServedInTheOrderTheyBlocked() {
		RawConnection first = blockedIn("BLPOP queue 0", 1);
		RawConnection second = blockedIn("BRPOP other queue 0", 2);
		RawConnection third = blockedIn("BLPOP queue 0", 3);
		assertThat(call(this.control, "RPUSH queue a b")).isEqualTo(":2\r\n");
		assertThat(first.readReply()).isEqualTo("*2\r\n$5\r\nqueue\r\n$1\r\na\r\n");
		assertThat(second.readReply()).isEqualTo("*2\r\n$5\r\nqueue\r\n$1\r\nb\r\n");
		awaitBlocked(1);
		assertThat(call(this.control, "EXISTS queue")).as("both elements went to the waiters").isEqualTo(":0\r\n");
		assertThat(call(this.control, "RPUSH queue c")).isEqualTo(":1\r\n");
		assertThat(third.readReply()).isEqualTo("*2\r\n$5\r\nqueue\r\n$1\r\nc\r\n");
		awaitBlocked(0);
	}

	@Test
	void aTransactionServesWaitersAfterExec() {
		RawConnection waiter = blockedIn("BLPOP k 0", 1);
		assertThat(call(this.control, "MULTI")).isEqualTo("+OK\r\n");
		assertThat(call(this.control, "RPUSH k x")).isEqualTo("+QUEUED\r\n");
		assertThat(call(this.control, "LPUSH k y")).isEqualTo("+QUEUED\r\n");
		assertThat(call(this.control, "EXEC")).isEqualTo("*2\r\n:1\r\n:2\r\n");
		assertThat(waiter.readReply()).as("served after the whole transaction").isEqualTo("*2\r\n$1\r\nk\r\n$1\r\ny\r\n");
		assertThat(call(this.control, "LRANGE k 0 -1")).isEqualTo("*1\r\n$1\r\nx\r\n");
	}

	@Test
	void lmoveIntoTheKeyServesAWaiter() {
		RawConnection waiter = blockedIn("BRPOP dst 0", 1);
		call(this.control, "RPUSH src a");
		assertThat(call(this.control, "LMOVE src dst LEFT RIGHT")).isEqualTo("$1\r\na\r\n");
		assertThat(waiter.readReply()).isEqualTo("*2\r\n$3\r\ndst\r\n$1\r\na\r\n");
	}

	@Test
	void blmoveServedPushesOnToTheNextWaiter() {
		RawConnection mover = blockedIn("BLMOVE a b RIGHT LEFT 0", 1);
		RawConnection popper = blockedIn("BLPOP b 0", 2);
		assertThat(call(this.control, "LPUSH a job")).isEqualTo(":1\r\n");
		assertThat(mover.readReply()).isEqualTo("$3\r\njob\r\n");
		assertThat(popper.readReply()).isEqualTo("*2\r\n$1\r\nb\r\n$3\r\njob\r\n");
		assertThat(call(this.control, "EXISTS a b")).isEqualTo(":0\r\n");
	}

	@Test
	void eachWaiterTakesWhatItAsksFor() {
		RawConnection twoAtOnce = blockedIn("BLMPOP 0 1 k LEFT COUNT 2", 1);
		RawConnection mover = blockedIn("BRPOPLPUSH k dst 0", 2);
		assertThat(call(this.control, "RPUSH k 1 2 3")).isEqualTo(":3\r\n");
		assertThat(twoAtOnce.readReply()).isEqualTo("*2\r\n$1\r\nk\r\n*2\r\n$1\r\n1\r\n$1\r\n2\r\n");
		assertThat(mover.readReply()).isEqualTo("$1\r\n3\r\n");
		assertThat(call(this.control, "LRANGE dst 0 -1")).isEqualTo("*1\r\n$1\r\n3\r\n");
	}

	@Test
	void sortedSetWaitersAreServedByZaddWhileListWaitersWaitOn() {
		RawConnection listWaiter = blockedIn("BLPOP k 0", 1);
		RawConnection min = blockedIn("BZPOPMIN k 0", 2);
		RawConnection max = blockedIn("BZMPOP 0 1 k MAX COUNT 2", 3);
		assertThat(call(this.control, "ZADD k 1 a 2 b 3.5 c")).isEqualTo(":3\r\n");
		assertThat(min.readReply()).isEqualTo("*3\r\n$1\r\nk\r\n$1\r\na\r\n$1\r\n1\r\n");
		assertThat(max.readReply())
			.isEqualTo("*2\r\n$1\r\nk\r\n*2\r\n*2\r\n$1\r\nc\r\n$3\r\n3.5\r\n*2\r\n$1\r\nb\r\n$1\r\n2\r\n");
		awaitBlocked(1);
		assertThat(call(this.control, "EXISTS k")).isEqualTo(":0\r\n");
		call(this.control, "RPUSH k x");
		assertThat(listWaiter.readReply()).isEqualTo("*2\r\n$1\r\nk\r\n$1\r\nx\r\n");
	}

	@Test
	void requestsPipelinedBehindABlockedCommandWaitForIt() {
		RawConnection waiter = client();
		waiter.send("PING\r\nBLPOP k 0\r\nRPUSH mine 1\r\nECHO after\r\n");
		assertThat(waiter.readReply()).isEqualTo("+PONG\r\n");
		awaitBlocked(1);
		assertThat(call(this.control, "EXISTS mine")).as("the request after BLPOP has not run").isEqualTo(":0\r\n");
		call(this.control, "RPUSH k v");
		assertThat(waiter.readReply()).isEqualTo("*2\r\n$1\r\nk\r\n$1\r\nv\r\n");
		assertThat(waiter.readReply()).isEqualTo(":1\r\n");
		assertThat(waiter.readReply()).isEqualTo("$5\r\nafter\r\n");
		waiter.send("BLPOP k 0\r\nECHO again\r\n");
		awaitBlocked(1);
		waiter.send("ECHO sent-while-blocked\r\n");
		call(this.control, "RPUSH k w");
		assertThat(waiter.readReply()).isEqualTo("*2\r\n$1\r\nk\r\n$1\r\nw\r\n");
		assertThat(waiter.readReply()).isEqualTo("$5\r\nagain\r\n");
		assertThat(waiter.readReply()).isEqualTo("$18\r\nsent-while-blocked\r\n");
	}

	@Test
	void aTimeoutEndsTheWaitWithANull() {
		RawConnection waiter = client();
		long start = System.nanoTime();
		waiter.send("BLPOP k 0.2\r\nBLMOVE k d LEFT LEFT 0.01\r\nPING\r\n");
		assertThat(waiter.readReply()).isEqualTo("*-1\r\n");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
		assertThat(waiter.readReply()).isEqualTo("*-1\r\n");
		assertThat(waiter.readReply()).isEqualTo("+PONG\r\n");
		awaitBlocked(0);
		assertThat(call(this.control, "INFO clients")).contains("clients_in_timeout_table:0\r\n");
	}

	@Test
	void clientUnblockEndsTheWaitAsATimeoutOrWithAnError() {
		assertThat(call(this.control, "CONFIG RESETSTAT")).isEqualTo("+OK\r\n"); // the server is shared with other tests
		RawConnection waiter = client();
		String id = call(waiter, "CLIENT ID").substring(1).trim();
		waiter.send("BLPOP k 0\r\n");
		awaitBlocked(1);
		assertThat(call(this.control, "CLIENT LIST ID " + id)).contains(" flags=b ").contains(" cmd=blpop ");
		assertThat(call(this.control, "CLIENT UNBLOCK " + id)).isEqualTo(":1\r\n");
		assertThat(waiter.readReply()).isEqualTo("*-1\r\n");
		assertThat(call(this.control, "CLIENT UNBLOCK " + id)).isEqualTo(":0\r\n");
		waiter.send("BRPOP k 100\r\n");
		awaitBlocked(1);
		assertThat(call(this.control, "INFO clients")).contains("clients_in_timeout_table:1\r\n");
		assertThat(call(this.control, "CLIENT UNBLOCK " + id + " ERROR")).isEqualTo(":1\r\n");
		assertThat(waiter.readReply()).isEqualTo("-UNBLOCKED client unblocked via CLIENT UNBLOCK\r\n");
		assertThat(call(this.control, "INFO errorstats")).contains("errorstat_UNBLOCKED:count=1");
		assertThat(call(this.control, "INFO commandstats")).contains("cmdstat_brpop:calls=1,")
			.containsPattern("cmdstat_brpop:.*failed_calls=1");
		awaitBlocked(0);
	}

	@Test
	void aClientThatHangsUpWhileBlockedIsForgotten() {
		RawConnection waiter = blockedIn("BLPOP k 0", 1);
		RawConnection other = blockedIn("BLPOP k 0", 2);
		waiter.close();
		awaitBlocked(1);
		assertThat(call(this.control, "RPUSH k a b")).isEqualTo(":2\r\n");
		assertThat(other.readReply()).isEqualTo("*2\r\n$1\r\nk\r\n$1\r\na\r\n");
		assertThat(call(this.control, "LRANGE k 0 -1")).as("nothing went to the client that left")
			.isEqualTo("*1\r\n$1\r\nb\r\n");
	}

	@Test
	void aBlockedClientCanBeKilled() {
		RawConnection waiter = client();
		String id = call(waiter, "CLIENT ID").substring(1).trim();
		waiter.send("BLPOP k 0\r\n");
		awaitBlocked(1);
		assertThat(call(this.control, "CLIENT KILL ID " + id)).isEqualTo(":1\r\n");
		assertThat(waiter.isClosedByServer()).isTrue();
		awaitBlocked(0);
	}

	@Test
	void servedRepliesFollowTheClientsProtocol() {
		RawConnection waiter = client();
		assertThat(waiter.send("HELLO 3\r\n").readReply()).startsWith("%7\r\n");
		waiter.send("BLMOVE k d LEFT LEFT 0.01\r\n");
		assertThat(waiter.readReply()).isEqualTo("_\r\n");
		waiter.send("BLMPOP 0 1 k RIGHT\r\n");
		awaitBlocked(1);
		call(this.control, "RPUSH k a");
		assertThat(waiter.readReply()).isEqualTo("*2\r\n$1\r\nk\r\n*1\r\n$1\r\na\r\n");
	}

	@Test
	void aSwapdbThatBringsTheKeyServesTheWaiter() {
		RawConnection waiter = blockedIn("BLPOP k 0", 1);
		call(this.control, "SELECT 1");
		call(this.control, "RPUSH k from-db-1");
		assertThat(call(this.control, "SWAPDB 0 1")).isEqualTo("+OK\r\n");
		assertThat(waiter.readReply()).isEqualTo("*2\r\n$1\r\nk\r\n$9\r\nfrom-db-1\r\n");
		call(this.control, "SELECT 0");
	}

}
