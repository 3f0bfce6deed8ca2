package io.kvserver.command;

import org.junit.jupiter.api.Test;

import io.kvserver.store.Keyspace;

import static io.kvserver.command.CommandHarness.array;
import static io.kvserver.command.CommandHarness.bulk;
import static io.kvserver.command.CommandHarness.error;
import static io.kvserver.command.CommandHarness.integer;
import static io.kvserver.command.CommandHarness.nil;
import static io.kvserver.command.CommandHarness.ok;
import static io.kvserver.command.CommandHarness.status;
import static org.assertj.core.api.Assertions.assertThat;

/** MULTI/EXEC/DISCARD/WATCH/UNWATCH; replies and texts as redis-server 7.0.15 gives them (checked against one). */
class TransactionsTest {

	private static final String QUEUED = status("QUEUED");

	private static final String NULL_ARRAY = "*-1\r\n";

	private static final String EXECABORT = error("EXECABORT Transaction discarded because of previous errors.");

	private final CommandHarness redis = new CommandHarness();

	private final Session other = this.redis.connect("other-client");

	@Test
	void execRunsTheQueueInOrder() {
		assertThat(this.redis.run("MULTI")).isEqualTo(ok());
		assertThat(this.redis.run("SET", "a", "1")).isEqualTo(QUEUED);
		assertThat(this.redis.run("INCR", "a")).isEqualTo(QUEUED);
		assertThat(this.redis.run("GET", "a")).isEqualTo(QUEUED);
		assertThat(this.redis.runAs(this.other, "GET", "a")).as("nothing ran yet").isEqualTo(nil());
		assertThat(this.redis.run("EXEC")).isEqualTo(array(ok(), integer(2), bulk("2")));
		assertThat(this.redis.run("EXEC")).isEqualTo(error("ERR EXEC without MULTI"));
	}

	@Test
	void emptyTransaction() {
		this.redis.run("MULTI");
		assertThat(this.redis.run("EXEC")).isEqualTo("*0\r\n");
	}

	@Test
	void aWholePipelinedTransactionInOneBatch() {
		assertThat(this.redis.batch(new String[] { "MULTI" }, new String[] { "INCR", "n" }, new String[] { "INCR", "n" },
				new String[] { "EXEC" })).isEqualTo(ok() + QUEUED + QUEUED + array(integer(1), integer(2)));
	}

	@Test
	void runtimeErrorsAreRepliedPerCommandAndTheRestStillRuns() {
		this.redis.run("SET", "s", "abc");
		this.redis.run("MULTI");
		this.redis.run("INCR", "s");
		this.redis.run("SET", "s", "5");
		this.redis.run("INCR", "s");
		this.redis.run("SELECT", "99");
		assertThat(this.redis.run("EXEC")).isEqualTo(array(error("ERR value is not an integer or out of range"), ok(),
				integer(6), error("ERR DB index is out of range")));
	}

	@Test
	void queueTimeErrorsAbortTheTransaction() {
		for (String[] bad : new String[][] { { "NOSUCH" }, { "GET" }, { "CLIENT", "FOO" }, { "CLIENT" }, { "DISCARD", "x" },
				{ "MULTI", "x" } }) {
			this.redis.run("MULTI");
			assertThat(this.redis.run(bad)).startsWith("-ERR ");
			assertThat(this.redis.run("SET", "never", "1")).isEqualTo(QUEUED);
			assertThat(this.redis.run("EXEC")).as(String.join(" ", bad)).isEqualTo(EXECABORT);
			assertThat(this.redis.run("GET", "never")).isEqualTo(nil());
		}
	}

	@Test
	void execWithArgumentsEndsTheTransactionAtOnce() {
		this.redis.run("MULTI");
		this.redis.run("SET", "never", "1");
		assertThat(this.redis.run("EXEC", "x"))
			.isEqualTo(error("EXECABORT Transaction discarded because of: wrong number of arguments for 'exec' command"));
		assertThat(this.redis.run("EXEC")).isEqualTo(error("ERR EXEC without MULTI"));
		assertThat(this.redis.run("EXEC", "x", "y"))
			.isEqualTo(error("EXECABORT Transaction discarded because of: wrong number of arguments for 'exec' command"));
		assertThat(this.redis.run("GET", "never")).isEqualTo(nil());
	}

	@Test
	void nestedMultiAndWatchInsideMultiAreRefusedWithoutAbortingIt() {
		this.redis.run("MULTI");
		assertThat(this.redis.run("MULTI")).isEqualTo(error("ERR MULTI calls can not be nested"));
		assertThat(this.redis.run("WATCH", "x")).isEqualTo(error("ERR WATCH inside MULTI is not allowed"));
		this.redis.run("SET", "a", "1");
		assertThat(this.redis.run("EXEC")).isEqualTo(array(ok()));
	}

	@Test
	void discard() {
		assertThat(this.redis.run("DISCARD")).isEqualTo(error("ERR DISCARD without MULTI"));
		this.redis.run("MULTI");
		this.redis.run("SET", "a", "1");
		assertThat(this.redis.run("DISCARD")).isEqualTo(ok());
		assertThat(this.redis.run("GET", "a")).isEqualTo(nil());
		assertThat(this.redis.run("EXEC")).isEqualTo(error("ERR EXEC without MULTI"));
	}

	@Test
	void unwatchInsideMultiIsQueued() {
		this.redis.run("MULTI");
		assertThat(this.redis.run("UNWATCH")).isEqualTo(QUEUED);
		assertThat(this.redis.run("EXEC")).isEqualTo(array(ok()));
	}

	@Test
	void aWriteByAnotherClientFailsExec() {
		this.redis.run("SET", "k", "1");
		assertThat(this.redis.run("WATCH", "k")).isEqualTo(ok());
		this.redis.runAs(this.other, "SET", "k", "2");
		this.redis.run("MULTI");
		this.redis.run("SET", "k", "3");
		assertThat(this.redis.run("EXEC")).isEqualTo(NULL_ARRAY);
		assertThat(this.redis.run("GET", "k")).isEqualTo(bulk("2"));
		assertThat(this.redis.transactions.watchCount()).isZero();
	}

	@Test
	void failedExecIsANullInResp3() {
		this.redis.run("HELLO", "3");
		this.redis.run("WATCH", "k");
		this.redis.runAs(this.other, "SET", "k", "2");
		this.redis.run("MULTI");
		assertThat(this.redis.run("EXEC")).isEqualTo("_\r\n");
	}

	@Test
	void theClientsOwnWriteBeforeMultiCounts() {
		this.redis.run("WATCH", "k");
		this.redis.run("SET", "k", "1");
		this.redis.run("MULTI");
		assertThat(this.redis.run("EXEC")).isEqualTo(NULL_ARRAY);
	}

	@Test
	void everyKindOfWriteCounts() {
		this.redis.run("SET", "k", "1");
		String[][] writes = { { "SET", "k", "2" }, { "INCR", "k" }, { "DECRBY", "k", "3" }, { "MSET", "x", "1", "k", "2" },
				{ "EXPIRE", "k", "100" }, { "PERSIST", "k" }, { "PEXPIRE", "k", "100000" }, { "SET", "k", "v", "KEEPTTL" },
				{ "DEL", "k" } };
		for (String[] write : writes) {
			this.redis.run("SET", "k", "1", "EX", "1000");
			this.redis.run("WATCH", "k");
			this.redis.runAs(this.other, write);
			this.redis.run("MULTI");
			assertThat(this.redis.run("EXEC")).as(String.join(" ", write)).isEqualTo(NULL_ARRAY);
		}
	}

	@Test
	void commandsThatChangeNothingDoNotCount() {
		this.redis.run("SET", "k", "1");
		String[][] noChanges = { { "SET", "k", "2", "NX" }, { "SET", "missing", "1", "XX" }, { "DEL", "missing" },
				{ "EXPIRE", "k", "100", "XX" }, { "PERSIST", "k" }, { "GET", "k" }, { "SET", "k2", "1" },
				{ "EXPIRE", "missing", "1" } };
		for (String[] noChange : noChanges) {
			this.redis.run("WATCH", "k");
			this.redis.runAs(this.other, noChange);
			this.redis.run("MULTI");
			assertThat(this.redis.run("EXEC")).as(String.join(" ", noChange)).isEqualTo("*0\r\n");
		}
	}

	@Test
	void watchesAreKeptPerDatabase() {
		this.redis.run("SELECT", "1");
		this.redis.run("WATCH", "k");
		this.redis.runAs(this.other, "SET", "k", "db0");
		this.redis.run("MULTI");
		assertThat(this.redis.run("EXEC")).isEqualTo("*0\r\n");
		this.redis.run("WATCH", "k");
		this.redis.runAs(this.other, "SELECT", "1");
		this.redis.runAs(this.other, "SET", "k", "db1");
		this.redis.run("MULTI");
		assertThat(this.redis.run("EXEC")).isEqualTo(NULL_ARRAY);
	}

	@Test
	void aWatchedKeyThatExpiresFailsExecEvenBeforeItIsReclaimed() {
		this.redis.run("SET", "k", "1", "PX", "100");
		this.redis.run("WATCH", "k");
		this.redis.advance(200);
		this.redis.run("MULTI");
		assertThat(this.redis.run("EXEC")).isEqualTo(NULL_ARRAY);
	}

	@Test
	void expiryByTheActiveCycleOrAnotherClientsReadFailsExec() {
		this.redis.run("SET", "k", "1", "PX", "100");
		this.redis.run("WATCH", "k");
		this.redis.advance(200);
		this.redis.databases.lock().lock();
		try {
			assertThat(this.redis.databases.db(0).expireDue(10)).isEqualTo(1);
		}
		finally {
			this.redis.databases.lock().unlock();
		}
		this.redis.run("MULTI");
		assertThat(this.redis.run("EXEC")).isEqualTo(NULL_ARRAY);

		this.redis.run("SET", "k", "1", "PX", "100");
		this.redis.run("WATCH", "k");
		this.redis.advance(200);
		assertThat(this.redis.runAs(this.other, "GET", "k")).isEqualTo(nil());
		this.redis.run("MULTI");
		assertThat(this.redis.run("EXEC")).isEqualTo(NULL_ARRAY);
	}

	@Test
	void aKeyAlreadyExpiredWhenWatchedIsStale() {
		// Reclaiming it changes nothing: it was already logically gone.
		this.redis.run("SET", "k", "1", "PX", "100");
		this.redis.advance(200);
		this.redis.run("WATCH", "k");
		this.redis.runAs(this.other, "GET", "k");
		this.redis.run("MULTI");
		assertThat(this.redis.run("EXEC")).isEqualTo("*0\r\n");
		// Nor does flushing it away.
		this.redis.run("SET", "k", "1", "PX", "100");
		this.redis.advance(200);
		this.redis.run("WATCH", "k");
		this.redis.runAs(this.other, "FLUSHDB");
		this.redis.run("MULTI");
		assertThat(this.redis.run("EXEC")).isEqualTo("*0\r\n");
		// A new value does change it.
		this.redis.run("SET", "k", "1", "PX", "100");
		this.redis.advance(200);
		this.redis.run("WATCH", "k");
		this.redis.runAs(this.other, "SET", "k", "2");
		this.redis.run("MULTI");
		assertThat(this.redis.run("EXEC")).isEqualTo(NULL_ARRAY);
	}

	@Test
	void aStaleKeyDeletedThenWrittenCountsAsAChange() {
		this.redis.run("SET", "k", "1", "PX", "100");
		this.redis.advance(200);
		this.redis.run("WATCH", "k");
		assertThat(this.redis.runAs(this.other, "DEL", "k")).isEqualTo(integer(0));
		this.redis.runAs(this.other, "SET", "k", "new");
		this.redis.run("MULTI");
		assertThat(this.redis.run("EXEC")).isEqualTo(NULL_ARRAY);
	}

	@Test
	void flushesFailExecOnlyIfAWatchedKeyExisted() {
		this.redis.run("SET", "k", "1");
		this.redis.run("WATCH", "k");
		this.redis.runAs(this.other, "FLUSHDB");
		this.redis.run("MULTI");
		assertThat(this.redis.run("EXEC")).isEqualTo(NULL_ARRAY);

		this.redis.run("WATCH", "missing");
		this.redis.runAs(this.other, "SET", "present", "1");
		this.redis.runAs(this.other, "FLUSHALL");
		this.redis.run("MULTI");
		assertThat(this.redis.run("EXEC")).isEqualTo("*0\r\n");

		this.redis.run("SELECT", "5");
		this.redis.run("SET", "k", "1");
		this.redis.run("WATCH", "k");
		this.redis.runAs(this.other, "FLUSHALL", "ASYNC");
		this.redis.run("MULTI");
		assertThat(this.redis.run("EXEC")).isEqualTo(NULL_ARRAY);
	}

	@Test
	void swappingDatabasesFailsExecWhenTheWatchedKeyIsReplaced() {
		Keyspace db0 = this.redis.databases.db(0);
		Keyspace db1 = this.redis.databases.db(1);
		this.redis.run("WATCH", "k");
		this.redis.runAs(this.other, "SELECT", "1");
		this.redis.runAs(this.other, "SET", "k", "in-db1");
		swap(db0, db1);
		this.redis.run("MULTI");
		assertThat(this.redis.run("EXEC")).as("a missing key replaced by a present one").isEqualTo(NULL_ARRAY);

		this.redis.run("WATCH", "nowhere");
		swap(db0, db1);
		this.redis.run("MULTI");
		assertThat(this.redis.run("EXEC")).as("missing in both").isEqualTo("*0\r\n");

		this.redis.runAs(this.other, "SET", "stale", "1", "PX", "100");
		this.redis.advance(200);
		this.redis.run("WATCH", "stale");
		swap(db0, db1);
		this.redis.run("MULTI");
		assertThat(this.redis.run("EXEC")).as("missing replaced by a stale key: still missing").isEqualTo("*0\r\n");
	}

	/** What SWAPDB has to do: tell the watches of both databases before the swap. */
	private void swap(Keyspace a, Keyspace b) {
		this.redis.databases.lock().lock();
		try {
			this.redis.transactions.replacing(0, a, b);
			this.redis.transactions.replacing(1, b, a);
		}
		finally {
			this.redis.databases.lock().unlock();
		}
	}

	@Test
	void unwatchForgetsAChange() {
		this.redis.run("WATCH", "k");
		this.redis.runAs(this.other, "SET", "k", "2");
		assertThat(this.redis.run("UNWATCH")).isEqualTo(ok());
		this.redis.run("MULTI");
		assertThat(this.redis.run("EXEC")).isEqualTo("*0\r\n");
	}

	@Test
	void discardAndExecUnwatch() {
		this.redis.run("WATCH", "a", "b", "a");
		assertThat(this.redis.transactions.watchCount()).isEqualTo(2);
		this.redis.run("MULTI");
		this.redis.run("DISCARD");
		assertThat(this.redis.transactions.watchCount()).isZero();
		this.redis.runAs(this.other, "SET", "a", "1");
		this.redis.run("MULTI");
		assertThat(this.redis.run("EXEC")).isEqualTo("*0\r\n");

		this.redis.run("WATCH", "a");
		this.redis.run("MULTI");
		this.redis.run("EXEC");
		this.redis.runAs(this.other, "SET", "a", "2");
		this.redis.run("MULTI");
		assertThat(this.redis.run("EXEC")).as("after EXEC the key is no longer watched").isEqualTo("*0\r\n");
	}

	@Test
	void aDisconnectingClientDropsItsWatches() {
		KvService service = new KvService(this.redis.sessions, this.redis.dispatcher, this.redis.transactions,
				this.redis.databases.lock());
		this.redis.runAs(this.other, "WATCH", "a", "b");
		this.redis.run("WATCH", "a");
		assertThat(this.redis.transactions.watchCount()).isEqualTo(3);
		service.disconnected("other-client");
		assertThat(this.redis.transactions.watchCount()).isEqualTo(1);
		assertThat(this.other.isClosed()).isTrue();
		this.redis.run("SET", "a", "1");
		this.redis.run("MULTI");
		assertThat(this.redis.run("EXEC")).isEqualTo(NULL_ARRAY);
	}

	@Test
	void watchArity() {
		assertThat(this.redis.run("WATCH")).isEqualTo(error("ERR wrong number of arguments for 'watch' command"));
		assertThat(this.redis.run("UNWATCH", "x")).isEqualTo(error("ERR wrong number of arguments for 'unwatch' command"));
	}

}
