package io.kvserver.store;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What eviction needs from the store: access bits as LRU clock or LFU counter, sampling into the
 * eviction pool, eviction itself, and the running memory total of all databases.
 */
class EvictionSamplingTest {

	private static final long T0 = 1_700_000_000_000L;

	private final AtomicLong now = new AtomicLong(T0);

	private final Databases databases = new Databases(4, this.now::get);

	private final Keyspace db0 = this.databases.db(0);

	@ParameterizedTest(name = "seed {0}")
	@ValueSource(longs = { 1, 7, 99 })
	void runningTotalOfEveryDatabaseEqualsTheirSum(long seed) {
		Random random = new Random(seed);
		for (int i = 0; i < 4000; i++) {
			Keyspace db = this.databases.db(random.nextInt(4));
			byte[] key = b("k" + random.nextInt(40));
			switch (random.nextInt(10)) {
				case 0, 1 -> db.set(key, new byte[random.nextInt(90)]);
				case 2 -> db.set(key, new byte[random.nextInt(9)], this.now.get() + random.nextInt(30));
				case 3 -> db.delete(key);
				case 4 -> db.evict(key);
				case 5 -> {
					if (db.exists(key)) {
						Keyspace other = this.databases.db(random.nextInt(4));
						if (other != db && !other.hasEntry(key)) {
							db.moveTo(key, other);
						}
					}
				}
				case 6 -> this.databases.swap(random.nextInt(4), random.nextInt(4));
				case 7 -> db.expireDue(3);
				case 8 -> this.now.addAndGet(random.nextInt(5));
				default -> {
					if (random.nextInt(40) == 0) {
						db.clear();
					}
				}
			}
			assertThat(this.databases.memoryEstimate()).as("after step %d", i)
				.isEqualTo(this.databases.sumOfMemoryEstimates());
		}
	}

	@Test
	void lfuCounterStartsAtFiveRisesWithAccessesAndDecaysPerMinute() {
		this.databases.accessTracking().trackFrequency(true);
		this.databases.accessTracking().setLogFactor(0); // every access counts
		this.db0.set(b("k"), b("v"));
		assertThat(this.db0.frequency(b("k"))).isEqualTo(AccessTracking.LFU_INIT_VAL);
		for (int i = 0; i < 10; i++) {
			this.db0.get(b("k"));
		}
		assertThat(this.db0.frequency(b("k"))).isEqualTo(15);
		this.db0.peek(b("k"));
		assertThat(this.db0.frequency(b("k"))).as("peek is no access").isEqualTo(15);
		this.now.addAndGet(3 * 60_000);
		assertThat(this.db0.frequency(b("k"))).as("three minutes, decay time 1").isEqualTo(12);
		this.databases.accessTracking().setDecayMinutes(0);
		assertThat(this.db0.frequency(b("k"))).as("no decay").isEqualTo(15);
		this.db0.set(b("k"), b("other"));
		assertThat(this.db0.frequency(b("k"))).as("an overwrite keeps the counter").isEqualTo(15);
		assertThat(this.db0.frequency(b("missing"))).isEqualTo(-1);
	}

	@Test
	void lfuCounterRisesLogarithmicallyAndSaturates() {
		this.databases.accessTracking().trackFrequency(true);
		this.db0.set(b("k"), b("v"));
		for (int i = 0; i < 1000; i++) {
			this.db0.get(b("k"));
		}
		// With lfu-log-factor 10, Redis's table: 1K hits give a counter around 18 (redis.conf).
		assertThat(this.db0.frequency(b("k"))).isBetween(12, 30);
		this.databases.accessTracking().setLogFactor(0);
		for (int i = 0; i < 1000; i++) {
			this.db0.get(b("k"));
		}
		assertThat(this.db0.frequency(b("k"))).isEqualTo(255);
	}

	@Test
	void idleTimeCountsFromTheLastAccess() {
		this.db0.set(b("k"), b("v"));
		this.now.addAndGet(5_000);
		assertThat(this.db0.idleMillis(b("k"))).isEqualTo(5_000);
		this.db0.get(b("k"));
		assertThat(this.db0.idleMillis(b("k"))).isZero();
	}

	@Test
	void idlePoolEvictsTheLeastRecentlyUsedFirst() {
		for (int i = 0; i < 10; i++) {
			this.db0.set(b("k" + i), b("v"));
			this.now.addAndGet(1_000);
		}
		this.db0.get(b("k0")); // the oldest is now the newest
		EvictionPool pool = new EvictionPool(EvictionPool.Score.IDLE);
		this.db0.sampleForEviction(false, 200, pool, 0); // enough samples to see every key
		assertThat(pool.popBest().key()).isEqualTo(b("k1"));
		assertThat(pool.popBest().key()).isEqualTo(b("k2"));
	}

	@Test
	void ttlPoolPrefersTheSoonestDeadlineAndSamplesOnlyKeysWithOne() {
		this.db0.set(b("forever"), b("v"));
		this.db0.set(b("late"), b("v"), T0 + 50_000);
		this.db0.set(b("soon"), b("v"), T0 + 1_000);
		this.db0.set(b("mid"), b("v"), T0 + 9_000);
		EvictionPool pool = new EvictionPool(EvictionPool.Score.TTL);
		this.db0.sampleForEviction(true, 100, pool, 0);
		List<String> order = drain(pool);
		assertThat(order).doesNotContain("forever").startsWith("soon");
		assertThat(new HashSet<>(order)).containsExactlyInAnyOrder("soon", "mid", "late");
		assertThat(order.indexOf("mid")).isLessThan(order.indexOf("late"));
	}

	@Test
	void frequencyPoolPrefersTheLeastUsed() {
		this.databases.accessTracking().trackFrequency(true);
		this.databases.accessTracking().setLogFactor(0);
		this.db0.set(b("hot"), b("v"));
		this.db0.set(b("cold"), b("v"));
		for (int i = 0; i < 20; i++) {
			this.db0.get(b("hot"));
		}
		EvictionPool pool = new EvictionPool(EvictionPool.Score.FREQUENCY);
		this.db0.sampleForEviction(false, 50, pool, 0);
		assertThat(pool.popBest().key()).isEqualTo(b("cold"));
	}

	@Test
	void poolKeepsTheSixteenBestInOrder() {
		EvictionPool pool = new EvictionPool(EvictionPool.Score.IDLE);
		Random random = new Random(5);
		List<Long> scores = new ArrayList<>();
		for (int i = 0; i < 200; i++) {
			long score = random.nextInt(1_000_000);
			scores.add(score);
			pool.offer(b(Long.toString(score)), 0, score);
		}
		scores.sort(null);
		List<Long> expected = scores.subList(scores.size() - EvictionPool.SIZE, scores.size()).reversed();
		List<Long> popped = new ArrayList<>();
		for (EvictionPool.Candidate c = pool.popBest(); c != null; c = pool.popBest()) {
			popped.add(Long.parseLong(new String(c.key(), StandardCharsets.US_ASCII)));
		}
		assertThat(popped).isEqualTo(expected);
	}

	@Test
	void evictionIsNoCommandChangeButWatchSeesIt() {
		this.db0.set(b("k"), b("v"), T0 + 10_000);
		long dirty = this.db0.dirty();
		List<String> changed = new ArrayList<>();
		this.db0.setListener(new KeyspaceListener() {

			@Override
			public void keyChanged(Keyspace db, byte[] key) {
				changed.add(new String(key, StandardCharsets.US_ASCII));
			}

			@Override
			public void emptying(Keyspace db) {
			}

		});
		assertThat(this.db0.evict(b("k"))).isTrue();
		assertThat(this.db0.evict(b("k"))).isFalse();
		assertThat(this.db0.dirty()).isEqualTo(dirty);
		assertThat(changed).containsExactly("k");
		assertThat(this.db0.size()).isZero();
		assertThat(this.db0.expiresCount()).isZero();
	}

	@Test
	void randomEntryComesFromTheTableAsked() {
		this.db0.set(b("plain"), b("v"));
		this.db0.set(b("ttl"), b("v"), T0 + 1_000);
		Set<String> seen = new HashSet<>();
		for (int i = 0; i < 200; i++) {
			seen.add(new String(this.db0.randomEntry(true), StandardCharsets.US_ASCII));
		}
		assertThat(seen).containsExactly("ttl");
		assertThat(this.databases.db(1).randomEntry(false)).isNull();
	}

	private static List<String> drain(EvictionPool pool) {
		List<String> keys = new ArrayList<>();
		for (EvictionPool.Candidate c = pool.popBest(); c != null; c = pool.popBest()) {
			keys.add(new String(c.key(), StandardCharsets.US_ASCII));
		}
		return keys;
	}

	private static byte[] b(String s) {
		return s.getBytes(StandardCharsets.US_ASCII);
	}

}
