package io.kvserver.store;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import java.util.Random;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The keyspace on its own, with a clock the test advances by hand so every TTL edge is exact.
 */
class KeyspaceTest {

	private static final long T0 = 1_700_000_000_000L;

	private final AtomicLong now = new AtomicLong(T0);

	private final LocalKeyspace keyspace = new LocalKeyspace(this.now::get);

	@Test
	void setGetDeleteExists() {
		assertThat(this.keyspace.get(b("k"))).isNull();
		assertThat(this.keyspace.exists(b("k"))).isFalse();

		this.keyspace.set(b("k"), b("v1"));
		assertThat(this.keyspace.get(b("k"))).isEqualTo(b("v1"));
		assertThat(this.keyspace.exists(b("k"))).isTrue();

		this.keyspace.set(b("k"), b("v2"));
		assertThat(this.keyspace.get(b("k"))).isEqualTo(b("v2"));
		assertThat(this.keyspace.size()).isEqualTo(1);

		assertThat(this.keyspace.delete(b("k"))).isTrue();
		assertThat(this.keyspace.delete(b("k"))).isFalse();
		assertThat(this.keyspace.get(b("k"))).isNull();
		assertThat(this.keyspace.size()).isZero();
	}

	@Test
	void lookupUsesKeyContentNotArrayIdentity() {
		this.keyspace.set(b("key"), b("v"));
		byte[] sameBytesOtherArray = "key".getBytes(StandardCharsets.US_ASCII);
		assertThat(this.keyspace.get(sameBytesOtherArray)).isEqualTo(b("v"));
	}

	@Test
	void binaryKeysAreDistinctAndExact() {
		byte[] nul = { 'a', 0, 'b' };
		byte[] nulShort = { 'a' };
		byte[] crlf = { 'a', '\r', '\n', 'b' };
		byte[] high = { (byte) 0xff, (byte) 0x80, 0x7f };
		byte[] empty = {};
		this.keyspace.set(nul, b("nul"));
		this.keyspace.set(nulShort, b("short"));
		this.keyspace.set(crlf, b("crlf"));
		this.keyspace.set(high, b("high"));
		this.keyspace.set(empty, b("empty"));

		assertThat(this.keyspace.size()).isEqualTo(5);
		assertThat(this.keyspace.get(new byte[] { 'a', 0, 'b' })).isEqualTo(b("nul"));
		assertThat(this.keyspace.get(new byte[] { 'a' })).isEqualTo(b("short"));
		assertThat(this.keyspace.get(new byte[] { 'a', 0 })).isNull();
		assertThat(this.keyspace.get(new byte[] { 'a', '\r', '\n', 'b' })).isEqualTo(b("crlf"));
		assertThat(this.keyspace.get(new byte[] { (byte) 0xff, (byte) 0x80, 0x7f })).isEqualTo(b("high"));
		assertThat(this.keyspace.get(new byte[0])).isEqualTo(b("empty"));

		List<String> seen = new ArrayList<>();
		this.keyspace.forEachKey(k -> seen.add(hex(k)));
		assertThat(seen).containsExactlyInAnyOrder("610062", "61", "610d0a62", "ff807f", "");
	}

	@Test
	void binaryValuesAreStoredUnchanged() {
		byte[] value = new byte[256];
		for (int i = 0; i < value.length; i++) {
			value[i] = (byte) i;
		}
		this.keyspace.set(b("k"), value);
		assertThat(this.keyspace.get(b("k"))).isEqualTo(value);
	}

	@Test
	void keyWithDeadlineLivesUntilTheDeadlineAndNotAtIt() {
		this.keyspace.set(b("k"), b("v"), T0 + 1000);
		this.now.set(T0 + 999);
		assertThat(this.keyspace.get(b("k"))).isEqualTo(b("v"));
		assertThat(this.keyspace.expireAt(b("k"))).isEqualTo(T0 + 1000);

		this.now.set(T0 + 1000); // Redis: expired when deadline <= now
		assertThat(this.keyspace.get(b("k"))).isNull();
	}

	@Test
	void getOfExpiredKeyRemovesItAndCountsIt() {
		this.keyspace.set(b("k"), b("v"), T0 + 10);
		this.now.addAndGet(10);
		assertThat(this.keyspace.size()).as("not reclaimed until touched").isEqualTo(1);
		assertThat(this.keyspace.expiredKeys()).isZero();

		assertThat(this.keyspace.get(b("k"))).isNull();
		assertThat(this.keyspace.size()).isZero();
		assertThat(this.keyspace.expiresCount()).isZero();
		assertThat(this.keyspace.expiredKeys()).isEqualTo(1);

		assertThat(this.keyspace.get(b("k"))).isNull();
		assertThat(this.keyspace.expiredKeys()).as("a missing key is not expired twice").isEqualTo(1);
	}

	@Test
	void existsOfExpiredKeyRemovesItAndCountsIt() {
		this.keyspace.set(b("k"), b("v"), T0 + 10);
		this.now.addAndGet(10);
		assertThat(this.keyspace.exists(b("k"))).isFalse();
		assertThat(this.keyspace.size()).isZero();
		assertThat(this.keyspace.expiredKeys()).isEqualTo(1);
	}

	@Test
	void expireAtReportsNoKeyNoDeadlineOrTheDeadline() {
		assertThat(this.keyspace.expireAt(b("missing"))).isEqualTo(-2);
		this.keyspace.set(b("plain"), b("v"));
		assertThat(this.keyspace.expireAt(b("plain"))).isEqualTo(-1);
		this.keyspace.set(b("ttl"), b("v"), T0 + 5000);
		assertThat(this.keyspace.expireAt(b("ttl"))).isEqualTo(T0 + 5000);

		this.now.set(T0 + 5000);
		assertThat(this.keyspace.expireAt(b("ttl"))).isEqualTo(-2);
		assertThat(this.keyspace.size()).as("expireAt reclaims lazily").isEqualTo(1);
		assertThat(this.keyspace.expiredKeys()).isEqualTo(1);
	}

	@Test
	void deleteOfExpiredKeyReportsNothingDeletedButCountsTheExpiry() {
		this.keyspace.set(b("k"), b("v"), T0 + 10);
		this.now.addAndGet(20);
		assertThat(this.keyspace.delete(b("k"))).isFalse();
		assertThat(this.keyspace.size()).isZero();
		assertThat(this.keyspace.expiredKeys()).isEqualTo(1);
	}

	@Test
	void deleteOfLiveKeyWithDeadlineIsNotAnExpiry() {
		this.keyspace.set(b("k"), b("v"), T0 + 10);
		assertThat(this.keyspace.delete(b("k"))).isTrue();
		assertThat(this.keyspace.expiresCount()).isZero();
		assertThat(this.keyspace.expiredKeys()).isZero();
	}

	@Test
	void plainSetClearsTheDeadline() {
		this.keyspace.set(b("k"), b("v1"), T0 + 10);
		this.keyspace.set(b("k"), b("v2"));
		assertThat(this.keyspace.expireAt(b("k"))).isEqualTo(-1);
		assertThat(this.keyspace.expiresCount()).isZero();

		this.now.addAndGet(1000);
		assertThat(this.keyspace.get(b("k"))).isEqualTo(b("v2"));
		assertThat(this.keyspace.expireDue(100)).as("the old heap entry is stale").isZero();
		assertThat(this.keyspace.get(b("k"))).isEqualTo(b("v2"));
	}

	@Test
	void setKeepTtlKeepsALiveDeadline() {
		this.keyspace.set(b("k"), b("v1"), T0 + 1000);
		this.now.addAndGet(500);
		this.keyspace.setKeepTtl(b("k"), b("v2"));
		assertThat(this.keyspace.get(b("k"))).isEqualTo(b("v2"));
		assertThat(this.keyspace.expireAt(b("k"))).isEqualTo(T0 + 1000);

		this.now.set(T0 + 1000);
		assertThat(this.keyspace.get(b("k"))).isNull();
	}

	@Test
	void setKeepTtlDoesNotResurrectAnExpiredDeadline() {
		this.keyspace.set(b("k"), b("v1"), T0 + 10);
		this.now.addAndGet(10);
		this.keyspace.setKeepTtl(b("k"), b("v2"));
		assertThat(this.keyspace.expiredKeys()).as("the old key expired first").isEqualTo(1);
		assertThat(this.keyspace.get(b("k"))).isEqualTo(b("v2"));
		assertThat(this.keyspace.expireAt(b("k"))).isEqualTo(-1);

		this.now.addAndGet(1_000_000);
		assertThat(this.keyspace.expireDue(100)).isZero();
		assertThat(this.keyspace.get(b("k"))).isEqualTo(b("v2"));
	}

	@Test
	void setKeepTtlOnKeyWithoutDeadlineOrMissingKey() {
		this.keyspace.setKeepTtl(b("new"), b("v"));
		assertThat(this.keyspace.expireAt(b("new"))).isEqualTo(-1);
		this.keyspace.set(b("plain"), b("v"));
		this.keyspace.setKeepTtl(b("plain"), b("v2"));
		assertThat(this.keyspace.expireAt(b("plain"))).isEqualTo(-1);
		assertThat(this.keyspace.get(b("plain"))).isEqualTo(b("v2"));
	}

	@Test
	void setExpireAtOnlyOnExistingKeys() {
		assertThat(this.keyspace.setExpireAt(b("missing"), T0 + 10)).isFalse();
		assertThat(this.keyspace.size()).isZero();
		assertThat(this.keyspace.expiresCount()).isZero();

		this.keyspace.set(b("k"), b("v"));
		assertThat(this.keyspace.setExpireAt(b("k"), T0 + 10)).isTrue();
		assertThat(this.keyspace.expireAt(b("k"))).isEqualTo(T0 + 10);
		assertThat(this.keyspace.setExpireAt(b("k"), T0 + 20)).isTrue();
		assertThat(this.keyspace.expireAt(b("k"))).isEqualTo(T0 + 20);

		this.now.set(T0 + 15);
		assertThat(this.keyspace.expireDue(100)).as("the superseded deadline reclaims nothing").isZero();
		assertThat(this.keyspace.exists(b("k"))).isTrue();
		this.now.set(T0 + 20);
		assertThat(this.keyspace.expireDue(100)).isEqualTo(1);
		assertThat(this.keyspace.size()).isZero();
	}

	@Test
	void setExpireAtOnExpiredKeyFails() {
		this.keyspace.set(b("k"), b("v"), T0 + 10);
		this.now.addAndGet(10);
		assertThat(this.keyspace.setExpireAt(b("k"), T0 + 100_000)).isFalse();
		assertThat(this.keyspace.exists(b("k"))).isFalse();
	}

	@Test
	void persistRemovesTheDeadline() {
		assertThat(this.keyspace.persist(b("missing"))).isFalse();
		this.keyspace.set(b("plain"), b("v"));
		assertThat(this.keyspace.persist(b("plain"))).as("no deadline to remove").isFalse();

		this.keyspace.set(b("k"), b("v"), T0 + 10);
		assertThat(this.keyspace.persist(b("k"))).isTrue();
		assertThat(this.keyspace.expireAt(b("k"))).isEqualTo(-1);
		assertThat(this.keyspace.persist(b("k"))).isFalse();

		this.now.addAndGet(1000);
		assertThat(this.keyspace.expireDue(100)).isZero();
		assertThat(this.keyspace.get(b("k"))).isEqualTo(b("v"));
	}

	@Test
	void persistOfExpiredKeyFails() {
		this.keyspace.set(b("k"), b("v"), T0 + 10);
		this.now.addAndGet(10);
		assertThat(this.keyspace.persist(b("k"))).isFalse();
		assertThat(this.keyspace.size()).isZero();
	}

	@Test
	void sizeCountsExpiredKeysNotYetReclaimedLikeDbsize() {
		this.keyspace.set(b("a"), b("v"), T0 + 10);
		this.keyspace.set(b("b"), b("v"), T0 + 20);
		this.keyspace.set(b("c"), b("v"));
		this.now.set(T0 + 100);
		assertThat(this.keyspace.size()).isEqualTo(3);
		assertThat(this.keyspace.expiresCount()).isEqualTo(2);
		this.keyspace.get(b("a"));
		assertThat(this.keyspace.size()).isEqualTo(2);
		assertThat(this.keyspace.expiresCount()).isEqualTo(1);
	}

	@Test
	void forEachKeySkipsExpiredKeysWithoutReclaimingThem() {
		this.keyspace.set(b("live"), b("v"), T0 + 100);
		this.keyspace.set(b("dead"), b("v"), T0 + 10);
		this.keyspace.set(b("plain"), b("v"));
		this.now.set(T0 + 50);

		List<String> seen = new ArrayList<>();
		this.keyspace.forEachKey(k -> seen.add(new String(k, StandardCharsets.ISO_8859_1)));
		assertThat(seen).containsExactlyInAnyOrder("live", "plain");
		assertThat(this.keyspace.size()).isEqualTo(3);
		assertThat(this.keyspace.expiredKeys()).isZero();
	}

	@Test
	void expireDueReclaimsInDeadlineOrderUpToTheLimit() {
		// Inserted out of order: the heap, not insertion order, decides.
		this.keyspace.set(b("k3"), b("v"), T0 + 30);
		this.keyspace.set(b("k1"), b("v"), T0 + 10);
		this.keyspace.set(b("k5"), b("v"), T0 + 50);
		this.keyspace.set(b("k2"), b("v"), T0 + 20);
		this.keyspace.set(b("k4"), b("v"), T0 + 40);
		this.keyspace.set(b("forever"), b("v"));
		this.now.set(T0 + 45);

		assertThat(this.keyspace.expireDue(2)).isEqualTo(2);
		assertThat(this.keyspace.size()).as("k3 and k4 are due but over the limit").isEqualTo(4);
		assertThat(keysSeenAt(T0)).containsExactlyInAnyOrder("k3", "k4", "k5", "forever");

		assertThat(this.keyspace.expireDue(1)).isEqualTo(1);
		assertThat(this.keyspace.size()).isEqualTo(3);
		assertThat(keysSeenAt(T0)).as("k3 went before k4").containsExactlyInAnyOrder("k4", "k5", "forever");

		assertThat(this.keyspace.expireDue(100)).as("k4 is due, k5 is not").isEqualTo(1);
		assertThat(this.keyspace.size()).isEqualTo(2);
		assertThat(this.keyspace.get(b("k5"))).isEqualTo(b("v"));
		assertThat(this.keyspace.expiredKeys()).isEqualTo(4);
	}

	@Test
	void expireDueTakesTheEarliestDeadlinesFirst() {
		for (int i = 0; i < 100; i++) {
			this.keyspace.set(b("k" + i), b("v"), T0 + 1000 - i); // k99 is due first, k0 last
		}
		this.now.set(T0 + 2000);
		assertThat(this.keyspace.expireDue(60)).isEqualTo(60);
		assertThat(this.keyspace.size()).isEqualTo(40);
		List<String> expected = new ArrayList<>();
		for (int i = 0; i < 40; i++) {
			expected.add("k" + i);
		}
		assertThat(keysSeenAt(T0)).containsExactlyInAnyOrderElementsOf(expected);
	}

	@Test
	void expireDueWithZeroLimitDoesNothing() {
		this.keyspace.set(b("k"), b("v"), T0 + 1);
		this.now.addAndGet(10);
		assertThat(this.keyspace.expireDue(0)).isZero();
		assertThat(this.keyspace.size()).isEqualTo(1);
	}

	@Test
	void repeatedTtlChangesOnOneKeyKeepTheHeapBounded() {
		this.keyspace.set(b("k"), b("v"));
		for (int i = 1; i <= 100_000; i++) {
			this.keyspace.setExpireAt(b("k"), T0 + 1_000_000 + i);
		}
		assertThat(this.keyspace.deadlineHeapSize()).isLessThan(5_000);
		assertThat(this.keyspace.expireAt(b("k"))).isEqualTo(T0 + 1_100_000);

		this.now.set(T0 + 1_099_999);
		assertThat(this.keyspace.expireDue(Integer.MAX_VALUE)).as("only the last deadline counts").isZero();
		assertThat(this.keyspace.exists(b("k"))).isTrue();
		this.now.set(T0 + 1_100_000);
		assertThat(this.keyspace.expireDue(Integer.MAX_VALUE)).isEqualTo(1);
		assertThat(this.keyspace.size()).isZero();
	}

	@Test
	void repeatedSetWithTtlThenPlainSetKeepsTheHeapBounded() {
		for (int i = 0; i < 100_000; i++) {
			this.keyspace.set(b("k"), b("v"), T0 + 1_000_000);
			this.keyspace.set(b("k"), b("v"));
		}
		assertThat(this.keyspace.deadlineHeapSize()).isLessThan(5_000);
		this.now.set(T0 + 2_000_000);
		assertThat(this.keyspace.expireDue(Integer.MAX_VALUE)).isZero();
		assertThat(this.keyspace.get(b("k"))).isEqualTo(b("v"));
	}

	@Test
	void staleEntriesAreDroppedWhileManyKeysKeepLiveDeadlines() {
		for (int i = 0; i < 10_000; i++) {
			this.keyspace.set(b("k" + i), b("v"), T0 + 1000 + i);
		}
		for (int round = 0; round < 10; round++) {
			for (int i = 0; i < 10_000; i++) {
				this.keyspace.setExpireAt(b("k" + i), T0 + 100_000 + round * 10_000 + i);
			}
		}
		assertThat(this.keyspace.deadlineHeapSize()).isLessThanOrEqualTo(2 * 10_000 + 1024 + 1);
		this.now.set(T0 + 100_000 + 9 * 10_000 + 4_999);
		assertThat(this.keyspace.expireDue(Integer.MAX_VALUE)).isEqualTo(5_000);
		assertThat(this.keyspace.size()).isEqualTo(5_000);
	}

	@Test
	void clearEmptiesEverythingButKeepsTheExpiredCounter() {
		this.keyspace.set(b("a"), b("v"), T0 + 10);
		this.keyspace.set(b("b"), b("v"), T0 + 1000);
		this.keyspace.set(b("c"), b("v"));
		this.now.addAndGet(10);
		this.keyspace.get(b("a"));
		this.keyspace.clear();
		assertThat(this.keyspace.size()).isZero();
		assertThat(this.keyspace.expiresCount()).isZero();
		assertThat(this.keyspace.deadlineHeapSize()).isZero();
		assertThat(this.keyspace.expiredKeys()).isEqualTo(1);
		this.now.addAndGet(10_000);
		assertThat(this.keyspace.expireDue(100)).isZero();
	}

	@Test
	void renameMovesValueDeadlineAndAccessTimeAndReplacesTheTarget() {
		this.keyspace.set(b("a"), b("va"), T0 + 5000);
		this.keyspace.set(b("b"), b("vb"), T0 + 9000);
		this.now.addAndGet(3000);
		this.keyspace.rename(b("a"), b("b"));
		assertThat(this.keyspace.exists(b("a"))).isFalse();
		assertThat(this.keyspace.get(b("b"))).isEqualTo(b("va"));
		assertThat(this.keyspace.expireAt(b("b"))).isEqualTo(T0 + 5000);
		assertThat(this.keyspace.size()).isEqualTo(1);
		assertThat(this.keyspace.expiresCount()).isEqualTo(1);

		this.keyspace.set(b("plain"), b("v"));
		this.keyspace.rename(b("plain"), b("c"));
		assertThat(this.keyspace.expireAt(b("c"))).isEqualTo(-1);
		this.now.set(T0 + 5000);
		assertThat(this.keyspace.expireDue(10)).as("the deadline moved with the key").isEqualTo(1);
		assertThat(this.keyspace.exists(b("b"))).isFalse();
	}

	@Test
	void moveToTakesTheDeadlineAlong() {
		LocalKeyspace other = new LocalKeyspace(this.now::get);
		this.keyspace.set(b("k"), b("v"), T0 + 100);
		this.keyspace.moveTo(b("k"), other);
		assertThat(this.keyspace.size()).isZero();
		assertThat(this.keyspace.expiresCount()).isZero();
		assertThat(other.get(b("k"))).isEqualTo(b("v"));
		assertThat(other.expireAt(b("k"))).isEqualTo(T0 + 100);
		this.now.set(T0 + 100);
		assertThat(this.keyspace.expireDue(10)).as("the stale heap entry left behind reclaims nothing").isZero();
		assertThat(other.expireDue(10)).isEqualTo(1);
	}

	@Test
	void copyToDuplicatesWithTheDeadlineAndFlagsTheCopy() {
		LocalKeyspace other = new LocalKeyspace(this.now::get);
		this.keyspace.setKeepTtl(b("f"), b("1.5"), Keyspace.ENCODED_AS_STRING);
		this.keyspace.setExpireAt(b("f"), T0 + 100);
		this.keyspace.copyTo(b("f"), other, b("g"));
		assertThat(other.get(b("g"))).isEqualTo(b("1.5"));
		assertThat(other.expireAt(b("g"))).isEqualTo(T0 + 100);
		assertThat(other.flags(b("g"))).isEqualTo(Keyspace.ENCODED_AS_STRING | Keyspace.DUPLICATED);
		assertThat(this.keyspace.flags(b("f"))).isEqualTo(Keyspace.ENCODED_AS_STRING);

		this.keyspace.copyTo(b("f"), this.keyspace, b("h"));
		assertThat(this.keyspace.get(b("h"))).isEqualTo(b("1.5"));
		assertThat(this.keyspace.size()).isEqualTo(2);
	}

	@Test
	void idleTimeCountsFromTheLastAccessButNotFromPeeks() {
		this.keyspace.set(b("k"), b("v"));
		this.now.addAndGet(5_000);
		assertThat(this.keyspace.peek(b("k"))).isEqualTo(b("v"));
		assertThat(this.keyspace.idleMillis(b("k"))).isEqualTo(5_000);
		this.keyspace.get(b("k"));
		assertThat(this.keyspace.idleMillis(b("k"))).isZero();
		this.now.addAndGet(61_000);
		assertThat(this.keyspace.idleMillis(b("k"))).isEqualTo(61_000);
		assertThat(this.keyspace.idleMillis(b("missing"))).isEqualTo(-1);
	}

	@Test
	void randomKeyReclaimsExpiredKeysItMeets() {
		assertThat(this.keyspace.randomKey()).isNull();
		for (int i = 0; i < 50; i++) {
			this.keyspace.set(b("dead" + i), b("v"), T0 + 10);
		}
		this.keyspace.set(b("live"), b("v"));
		this.now.addAndGet(10);
		for (int i = 0; i < 20; i++) {
			assertThat(this.keyspace.randomKey()).isEqualTo(b("live"));
		}
		this.keyspace.delete(b("live"));
		assertThat(this.keyspace.randomKey()).as("only expired keys left").isNull();
		assertThat(this.keyspace.size()).isZero();
		assertThat(this.keyspace.expiredKeys()).isEqualTo(50);
	}

	@Test
	void scanCollectsAtLeastCountKeysPerCallAndEndsAtCursorZero() {
		for (int i = 0; i < 1000; i++) {
			this.keyspace.set(b("k" + i), b("v"));
		}
		List<byte[]> all = new ArrayList<>();
		long cursor = 0;
		do {
			List<byte[]> batch = new ArrayList<>();
			cursor = this.keyspace.scan(cursor, 50, batch);
			if (cursor != 0) {
				assertThat(batch.size()).isGreaterThanOrEqualTo(50);
			}
			all.addAll(batch);
		}
		while (cursor != 0);
		assertThat(all).hasSize(1000);
		List<byte[]> once = new ArrayList<>();
		assertThat(this.keyspace.scan(0, 100_000, once)).as("a large COUNT takes everything at once").isZero();
		assertThat(once).hasSize(1000);
	}

	@Test
	void reclaimIfExpiredOnlyRemovesExpiredKeys() {
		this.keyspace.set(b("dead"), b("v"), T0 + 10);
		this.keyspace.set(b("live"), b("v"), T0 + 100);
		this.now.addAndGet(10);
		assertThat(this.keyspace.reclaimIfExpired(b("live"))).isFalse();
		assertThat(this.keyspace.reclaimIfExpired(b("missing"))).isFalse();
		assertThat(this.keyspace.reclaimIfExpired(b("dead"))).isTrue();
		assertThat(this.keyspace.reclaimIfExpired(b("dead"))).isFalse();
		assertThat(this.keyspace.size()).isEqualTo(1);
		assertThat(this.keyspace.expiredKeys()).isEqualTo(1);
	}

	@Test
	void averageTtlIsTheExactMeanOfRemainingTtls() {
		assertThat(this.keyspace.averageTtl()).isZero();
		this.keyspace.set(b("a"), b("v"), T0 + 1000);
		this.keyspace.set(b("b"), b("v"), T0 + 2000);
		this.keyspace.set(b("c"), b("v"));
		assertThat(this.keyspace.averageTtl()).isEqualTo(1500);
		this.keyspace.setExpireAt(b("a"), T0 + 4000);
		assertThat(this.keyspace.averageTtl()).isEqualTo(3000);
		this.now.addAndGet(1000);
		assertThat(this.keyspace.averageTtl()).isEqualTo(2000);
		this.keyspace.set(b("far"), b("v"), Long.MAX_VALUE);
		this.keyspace.set(b("far2"), b("v"), Long.MAX_VALUE - 1);
		long expected = (long) ((2.0 * Long.MAX_VALUE + 2 * T0 + 6000) / 4) - (T0 + 1000);
		assertThat((double) this.keyspace.averageTtl()).as("no overflow in the sum").isCloseTo(expected,
				Offset.offset(1e4));
		this.keyspace.delete(b("far"));
		this.keyspace.delete(b("far2"));
		this.keyspace.persist(b("b"));
		assertThat(this.keyspace.averageTtl()).isEqualTo(3000);
		this.now.addAndGet(1_000_000);
		assertThat(this.keyspace.averageTtl()).as("never negative").isZero();
	}

	@Test
	void overwritingAnExpiredKeyCountsTheExpiry() {
		this.keyspace.set(b("k"), b("v"), T0 + 10);
		this.now.addAndGet(10);
		this.keyspace.set(b("k"), b("v2"));
		assertThat(this.keyspace.expiredKeys()).isEqualTo(1);
		assertThat(this.keyspace.expireAt(b("k"))).isEqualTo(-1);
	}

	@Test
	void manyKeysSurviveGrowthAndShrinkWithTheirDeadlines() {
		for (int i = 0; i < 20_000; i++) {
			this.keyspace.set(b("k" + i), b("v" + i), i % 2 == 0 ? T0 + 1000 + i : -1 + T0 * 2);
		}
		for (int i = 0; i < 19_000; i++) {
			assertThat(this.keyspace.delete(b("k" + i))).isTrue();
		}
		assertThat(this.keyspace.bucketCount()).as("shrunk from 32768 once below a tenth full").isEqualTo(4096);
		for (int i = 19_000; i < 20_000; i++) {
			assertThat(this.keyspace.get(b("k" + i))).isEqualTo(b("v" + i));
			assertThat(this.keyspace.expireAt(b("k" + i))).isEqualTo(i % 2 == 0 ? T0 + 1000 + i : -1 + T0 * 2);
		}
	}

	/**
	 * The keys still stored, seen through forEachKey at an earlier time when none had expired yet;
	 * the clock is put back afterwards. Neither call reclaims anything, so this only observes.
	 */
	private List<String> keysSeenAt(long time) {
		long saved = this.now.getAndSet(time);
		List<String> keys = new ArrayList<>();
		this.keyspace.forEachKey(k -> keys.add(new String(k, StandardCharsets.ISO_8859_1)));
		this.now.set(saved);
		return keys;
	}

	private static byte[] b(String s) {
		return s.getBytes(StandardCharsets.ISO_8859_1);
	}

	private static String hex(byte[] bytes) {
		StringBuilder sb = new StringBuilder();
		for (byte x : bytes) {
			sb.append(String.format("%02x", x & 0xff));
		}
		return sb.toString();
	}

	@Test
	void silentReplacementsAndResizesKeepTheMemoryCountExact() {
		this.keyspace.set(b("k"), b("value"));
		MutableString raw = MutableString.copyOf(b("value"), 5, 5);
		this.keyspace.setSilently(b("k"), raw);
		assertThat(this.keyspace.memoryEstimate()).isEqualTo(this.keyspace.recomputeMemoryEstimate());
		long before = raw.memoryBytes();
		raw.growTo(5000, 1 << 20);
		this.keyspace.resized(b("k"), raw.memoryBytes() - before);
		assertThat(this.keyspace.memoryEstimate()).isEqualTo(this.keyspace.recomputeMemoryEstimate());
		this.keyspace.setSilently(b("new"), MutableString.ofLength(10));
		assertThat(this.keyspace.memoryEstimate()).isEqualTo(this.keyspace.recomputeMemoryEstimate());
		assertThat(this.keyspace.size()).isEqualTo(2);
	}

	@Test
	void memoryEstimateCountsKeysValuesAndTables() {
		assertThat(this.keyspace.memoryEstimate()).as("empty tables").isZero();
		long empty = this.keyspace.memoryEstimate();
		this.keyspace.set(b("k"), b("v"));
		long one = this.keyspace.memoryEstimate();
		// "k" and "v" are 17-byte arrays padded to 24, plus the tables' first slots.
		assertThat(one - empty).isGreaterThanOrEqualTo(48);
		this.keyspace.set(b("k"), new byte[100]);
		assertThat(this.keyspace.memoryEstimate() - one).as("the value grew from 24 to 120 bytes").isEqualTo(96);
		long beforeTtl = this.keyspace.memoryEstimate();
		this.keyspace.setExpireAt(b("k"), T0 + 1000);
		assertThat(this.keyspace.memoryEstimate()).as("the expiry table's slots").isGreaterThan(beforeTtl);
		this.now.addAndGet(2000);
		assertThat(this.keyspace.get(b("k"))).isNull();
		assertThat(this.keyspace.memoryEstimate()).isEqualTo(this.keyspace.recomputeMemoryEstimate());
		for (int i = 0; i < 10_000; i++) {
			this.keyspace.set(b("key:" + i), new byte[16]);
		}
		// 10,000 keys of 24-byte arrays and 16-byte values: at least 40 bytes each of data.
		assertThat(this.keyspace.memoryEstimate()).isBetween(10_000L * 80, 10_000L * 200);
		this.keyspace.clear();
		assertThat(this.keyspace.memoryEstimate()).isEqualTo(empty);
	}

	/** Random operations, then the running estimate must equal one computed from scratch. */
	@ParameterizedTest(name = "seed {0}")
	@ValueSource(longs = { 1, 2, 3, 42, 1234567 })
	void memoryEstimateStaysEqualToARecount(long seed) {
		Random random = new Random(seed);
		for (int i = 0; i < 5000; i++) {
			byte[] key = b("k" + random.nextInt(50));
			byte[] value = new byte[random.nextInt(70)];
			switch (random.nextInt(11)) {
				case 0 -> this.keyspace.set(key, value);
				case 1 -> this.keyspace.setKeepTtl(key, value);
				case 2 -> this.keyspace.set(key, value, this.now.get() + random.nextInt(50));
				case 3 -> this.keyspace.delete(key);
				case 4 -> this.keyspace.setExpireAt(key, this.now.get() + random.nextInt(50));
				case 5 -> this.keyspace.persist(key);
				case 6 -> this.keyspace.get(key);
				case 7 -> this.keyspace.expireDue(random.nextInt(5));
				case 8 -> this.now.addAndGet(random.nextInt(10));
				case 9 -> this.keyspace.expireAt(key);
				default -> {
					if (random.nextInt(50) == 0) {
						this.keyspace.clear();
					}
				}
			}
			assertThat(this.keyspace.memoryEstimate()).as("after step %d", i)
				.isEqualTo(this.keyspace.recomputeMemoryEstimate());
		}
	}

}
