package io.kvserver.memory;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.kvserver.metrics.ServerStats;
import io.kvserver.store.Databases;
import io.kvserver.store.Keyspace;

import static org.assertj.core.api.Assertions.assertThat;

/** Eviction against real databases: every policy keeps used memory at the limit, or refuses. */
class MemoryLimitTest {

	private static final long T0 = 1_700_000_000_000L;

	private final AtomicLong now = new AtomicLong(T0);

	private final Databases databases = new Databases(4, this.now::get);

	private final ServerStats stats = new ServerStats();

	private final AtomicLong maxmemory = new AtomicLong();

	private final AtomicLong tenacity = new AtomicLong(100);

	private final MemoryLimit limit = new MemoryLimit(this.databases, this.maxmemory::get, () -> 5, this.tenacity::get,
			this.stats, this.now::get);

	@Test
	void withoutALimitNothingIsEvicted() {
		fill(0, 1000, false);
		assertThat(this.limit.evict()).isEqualTo(MemoryLimit.Result.OK);
		assertThat(this.databases.db(0).size()).isEqualTo(1000);
	}

	@Test
	void noevictionFailsOverTheLimitAndRecoversBelowIt() {
		fill(0, 1000, false);
		this.maxmemory.set(this.limit.used() / 2);
		assertThat(this.limit.evict()).isEqualTo(MemoryLimit.Result.FAIL);
		assertThat(this.databases.db(0).size()).isEqualTo(1000);
		this.now.addAndGet(1500);
		assertThat(this.limit.exceededCurrentMillis()).isEqualTo(1500);
		this.databases.db(0).clear();
		assertThat(this.limit.evict()).isEqualTo(MemoryLimit.Result.OK);
		assertThat(this.limit.exceededCurrentMillis()).isZero();
		assertThat(this.limit.exceededTotalMillis()).isEqualTo(1500);
		assertThat(this.stats.evictedKeys()).isZero();
	}

	@ParameterizedTest
	@EnumSource(value = EvictionPolicy.class, names = "ALLKEYS_.*", mode = EnumSource.Mode.MATCH_ANY)
	void allkeysPoliciesEvictDownToTheLimit(EvictionPolicy policy) {
		this.limit.setPolicy(policy);
		fill(0, 2000, false);
		fill(1, 2000, true);
		long full = this.limit.used();
		this.maxmemory.set(full / 2);
		assertThat(this.limit.evict()).isEqualTo(MemoryLimit.Result.OK);
		assertThat(this.limit.used()).isLessThanOrEqualTo(full / 2);
		long left = this.databases.db(0).size() + this.databases.db(1).size();
		assertThat(this.stats.evictedKeys()).isEqualTo(4000 - left).isPositive();
		assertThat(this.databases.db(0).size()).as("both databases give keys").isLessThan(2000);
		assertThat(this.databases.db(1).size()).isLessThan(2000);
	}

	@ParameterizedTest
	@EnumSource(value = EvictionPolicy.class, names = "VOLATILE_.*", mode = EnumSource.Mode.MATCH_ANY)
	void volatilePoliciesEvictOnlyKeysWithATtlThenFail(EvictionPolicy policy) {
		this.limit.setPolicy(policy);
		fill(0, 1000, false);
		fill(1, 1000, true);
		this.maxmemory.set(this.limit.used() / 4); // more than all the volatile keys hold
		assertThat(this.limit.evict()).isEqualTo(MemoryLimit.Result.FAIL);
		assertThat(this.databases.db(0).size()).as("keys without a TTL stay").isEqualTo(1000);
		assertThat(this.databases.db(1).size()).as("every key with a TTL went").isZero();
		assertThat(this.stats.evictedKeys()).isEqualTo(1000);
	}

	@Test
	void lruEvictsKeysNotUsedLately() {
		this.limit.setPolicy(EvictionPolicy.ALLKEYS_LRU);
		Keyspace db = this.databases.db(0);
		fill(0, 1000, false);
		this.now.addAndGet(100_000);
		for (int i = 0; i < 500; i++) {
			db.get(key(i)); // the first half is used again
		}
		this.maxmemory.set(this.limit.used() * 3 / 4);
		this.limit.evict();
		int recentLeft = 0;
		int oldLeft = 0;
		for (int i = 0; i < 1000; i++) {
			if (db.hasEntry(key(i))) {
				if (i < 500) {
					recentLeft++;
				}
				else {
					oldLeft++;
				}
			}
		}
		// Approximated LRU with 5 samples and a pool of 16: nearly all evictions hit the idle half.
		assertThat(recentLeft).isGreaterThan(480);
		assertThat(oldLeft).isLessThan(300);
	}

	@Test
	void ttlEvictsTheSoonestDeadlinesFirst() {
		this.limit.setPolicy(EvictionPolicy.VOLATILE_TTL);
		Keyspace db = this.databases.db(0);
		for (int i = 0; i < 1000; i++) {
			db.set(key(i), new byte[100], T0 + 1_000_000 + i * 1000L);
		}
		this.maxmemory.set(this.limit.used() / 2);
		this.limit.evict();
		int soonLeft = 0;
		for (int i = 0; i < 250; i++) {
			soonLeft += db.hasEntry(key(i)) ? 1 : 0;
		}
		assertThat(soonLeft).isLessThan(25);
	}

	@Test
	void lfuEvictsRarelyUsedKeys() {
		this.limit.setPolicy(EvictionPolicy.ALLKEYS_LFU);
		assertThat(this.databases.accessTracking().tracksFrequency()).isTrue();
		Keyspace db = this.databases.db(0);
		fill(0, 1000, false);
		for (int round = 0; round < 30; round++) {
			for (int i = 0; i < 200; i++) {
				db.get(key(i));
			}
		}
		this.maxmemory.set(this.limit.used() / 2);
		this.limit.evict();
		int hotLeft = 0;
		for (int i = 0; i < 200; i++) {
			hotLeft += db.hasEntry(key(i)) ? 1 : 0;
		}
		assertThat(hotLeft).isGreaterThan(190);
		this.limit.setPolicy(EvictionPolicy.NOEVICTION);
		assertThat(this.databases.accessTracking().tracksFrequency()).isFalse();
	}

	@Test
	void aShortTimeSliceLeavesTheRestToTheBackground() {
		this.limit.setPolicy(EvictionPolicy.ALLKEYS_RANDOM);
		this.tenacity.set(0); // no time at all: 16 keys, then stop
		fill(0, 1000, false);
		this.maxmemory.set(1);
		assertThat(this.limit.evict()).isEqualTo(MemoryLimit.Result.RUNNING);
		assertThat(this.limit.running()).isTrue();
		assertThat(this.stats.evictedKeys()).isEqualTo(16);
		this.tenacity.set(100);
		assertThat(this.limit.evict()).as("nothing left to evict").isEqualTo(MemoryLimit.Result.FAIL);
		assertThat(this.limit.running()).isFalse();
	}

	@Test
	void otherCountedMemoryAddsToUsed() {
		fill(0, 10, false);
		long keyspace = this.limit.used();
		this.limit.count(() -> 12345);
		assertThat(this.limit.used()).isEqualTo(keyspace + 12345);
		assertThat(this.limit.peak()).isEqualTo(keyspace + 12345);
	}

	@Test
	void timeLimitFollowsRedisTenacity() {
		assertThat(MemoryLimit.timeLimitNanos(0)).isZero();
		assertThat(MemoryLimit.timeLimitNanos(10)).isEqualTo(500_000);
		assertThat(MemoryLimit.timeLimitNanos(11)).isEqualTo(575_000);
		assertThat(MemoryLimit.timeLimitNanos(100)).isEqualTo(Long.MAX_VALUE);
	}

	@Test
	void defaultMaxmemoryIsHalfTheHeapInWholeMegabytes() {
		assertThat(MemoryDirectives.defaultMaxmemory(256L * 1024 * 1024)).isEqualTo(128L * 1024 * 1024);
		assertThat(MemoryDirectives.defaultMaxmemory(1000L * 1024 * 1024 + 5)).isEqualTo(500L * 1024 * 1024);
		assertThat(MemoryDirectives.defaultMaxmemory(Long.MAX_VALUE)).isZero();
	}

	private void fill(int db, int count, boolean withTtl) {
		Keyspace keyspace = this.databases.db(db);
		for (int i = 0; i < count; i++) {
			if (withTtl) {
				keyspace.set(key(i), new byte[100], T0 + 3_600_000);
			}
			else {
				keyspace.set(key(i), new byte[100]);
			}
		}
	}

	private static byte[] key(int i) {
		return ("key:" + i).getBytes(StandardCharsets.US_ASCII);
	}

}
