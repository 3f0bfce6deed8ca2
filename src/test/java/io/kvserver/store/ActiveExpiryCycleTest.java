package io.kvserver.store;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ActiveExpiryCycleTest {

	private static final long T0 = 1_700_000_000_000L;

	@Test
	void runOnceReclaimsExpiredKeysNobodyTouchesAndLeavesTheRest() {
		AtomicLong now = new AtomicLong(T0);
		Databases databases = new Databases(4, now::get);
		Keyspace onlyExpiring = databases.db(1);
		for (int i = 0; i < 100_000; i++) {
			onlyExpiring.set(key("e", i), key("v", i), T0 + 1 + i % 1000);
		}
		Keyspace mixed = databases.db(3);
		for (int i = 0; i < 1000; i++) {
			mixed.set(key("e", i), key("v", i), T0 + 500);
			mixed.set(key("later", i), key("v", i), T0 + 3_600_000);
			mixed.set(key("plain", i), key("v", i));
		}
		ActiveExpiryCycle cycle = new ActiveExpiryCycle(databases, 100);

		assertThat(cycle.runOnce()).as("nothing is due yet").isZero();
		assertThat(onlyExpiring.size()).isEqualTo(100_000);

		now.set(T0 + 1000);
		long reclaimed = 0;
		for (int pass = 0; pass < 1000; pass++) {
			int removed = cycle.runOnce();
			if (removed == 0) {
				break;
			}
			reclaimed += removed;
		}
		assertThat(reclaimed).isEqualTo(101_000);
		assertThat(onlyExpiring.size()).isZero();
		assertThat(onlyExpiring.expiresCount()).isZero();
		assertThat(onlyExpiring.expiredKeys()).isEqualTo(100_000);
		assertThat(mixed.size()).isEqualTo(2000);
		assertThat(mixed.expiresCount()).isEqualTo(1000);
		assertThat(mixed.get(key("later", 7))).isEqualTo(key("v", 7));
		assertThat(mixed.get(key("plain", 7))).isEqualTo(key("v", 7));
		assertThat(databases.lock().isLocked()).as("the lock is released after each slice").isFalse();
	}

	@Test
	void runningCycleReclaimsKeysByItselfOnTheRealClock() {
		Databases databases = new Databases(2, System::currentTimeMillis);
		long start = System.currentTimeMillis();
		Keyspace db = databases.db(1);
		for (int i = 0; i < 5000; i++) {
			db.set(key("e", i), key("v", i), start + 200);
		}
		db.set(key("keep", 1), key("v", 1), start + 3_600_000);
		db.set(key("keep", 2), key("v", 2));

		ActiveExpiryCycle cycle = new ActiveExpiryCycle(databases, 10);
		cycle.start();
		try {
			assertThat(cycle.isRunning()).isTrue();
			await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
				.until(() -> sizeUnderLock(databases, 1) == 2);
		}
		finally {
			cycle.stop();
		}
		assertThat(cycle.isRunning()).isFalse();
		assertThat(db.expiredKeys()).as("reclaimed by the cycle, not by lookups").isEqualTo(5000);
		assertThat(db.get(key("keep", 1))).isEqualTo(key("v", 1));
		assertThat(db.get(key("keep", 2))).isEqualTo(key("v", 2));
	}

	private static int sizeUnderLock(Databases databases, int index) {
		databases.lock().lock();
		try {
			return databases.db(index).size();
		}
		finally {
			databases.lock().unlock();
		}
	}

	private static byte[] key(String prefix, int i) {
		return (prefix + ":" + i).getBytes(StandardCharsets.US_ASCII);
	}

}
