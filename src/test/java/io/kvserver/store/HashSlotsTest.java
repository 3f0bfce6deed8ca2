package io.kvserver.store;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The hash table on its own (through {@link ValueTable}), against a HashMap model. */
class HashSlotsTest {

	private final ValueTable table = new ValueTable();

	@Test
	void addFindRemove() {
		assertThat(find("a")).isEqualTo(-1);
		int slot = add("a", "1");
		assertThat(find("a")).isEqualTo(slot);
		assertThat(value(slot)).isEqualTo("1");
		assertThat(find("b")).isEqualTo(-1);
		this.table.remove(find("a"));
		assertThat(find("a")).isEqualTo(-1);
		assertThat(this.table.size()).isZero();
	}

	@Test
	void growsAndShrinksLikeRedisDict() {
		assertThat(this.table.bucketCount()).as("nothing allocated before the first key").isZero();
		add("k0", "v");
		assertThat(this.table.bucketCount()).isEqualTo(4);
		for (int i = 1; i < 4; i++) {
			add("k" + i, "v");
		}
		assertThat(this.table.bucketCount()).as("full, not over").isEqualTo(4);
		add("k4", "v");
		assertThat(this.table.bucketCount()).as("the fifth key doubles it").isEqualTo(8);
		for (int i = 5; i < 1000; i++) {
			add("k" + i, "v");
		}
		assertThat(this.table.bucketCount()).isEqualTo(1024);
		for (int i = 0; i < 990; i++) {
			this.table.remove(find("k" + i));
		}
		assertThat(this.table.size()).isEqualTo(10);
		assertThat(this.table.bucketCount()).as("below a tenth full it shrinks").isEqualTo(16);
		for (int i = 990; i < 1000; i++) {
			assertThat(find("k" + i)).as("k" + i + " survives the compaction").isNotNegative();
			assertThat(value(find("k" + i))).isEqualTo("v");
		}
	}

	@ParameterizedTest(name = "seed {0}")
	@ValueSource(longs = { 1, 2, 3, 42, 4711, 20240601 })
	void randomOperationsAgreeWithAHashMap(long seed) {
		Random random = new Random(seed);
		Map<String, String> model = new HashMap<>();
		for (int op = 0; op < 50_000; op++) {
			String key = "k" + random.nextInt(2_000);
			int slot = find(key);
			assertThat(slot >= 0).as("presence of " + key).isEqualTo(model.containsKey(key));
			if (random.nextInt(3) == 0) {
				if (slot >= 0) {
					this.table.remove(slot);
					model.remove(key);
				}
			}
			else {
				String value = "v" + op;
				if (slot < 0) {
					slot = add(key, value);
				}
				this.table.values[slot] = value.getBytes(StandardCharsets.ISO_8859_1);
				model.put(key, value);
			}
			assertThat(this.table.size()).isEqualTo(model.size());
		}
		model.forEach((key, value) -> assertThat(value(find(key))).isEqualTo(value));
		List<String> visited = new ArrayList<>();
		this.table.forEachSlot(slot -> visited.add(new String(this.table.keys[slot], StandardCharsets.ISO_8859_1)));
		assertThat(visited).containsExactlyInAnyOrderElementsOf(model.keySet());
	}

	@Test
	void aScanOfAnUnchangingTableReturnsEveryKeyExactlyOnce() {
		for (int i = 0; i < 5000; i++) {
			add("k" + i, "v");
		}
		List<String> seen = new ArrayList<>();
		long cursor = 0;
		int calls = 0;
		do {
			cursor = this.table.scan(cursor, slot -> seen.add(key(slot)));
			calls++;
		}
		while (cursor != 0);
		assertThat(calls).isEqualTo(this.table.bucketCount());
		assertThat(seen).hasSize(5000).doesNotHaveDuplicates();
	}

	@Test
	void aScanOfAnEmptyTableEndsAtOnce() {
		assertThat(this.table.scan(0, slot -> {
			throw new AssertionError("nothing to visit");
		})).isZero();
		assertThat(this.table.scan(12345, slot -> {
		})).isZero();
	}

	/**
	 * Redis's guarantee: a key present from the start to the end of a full iteration is returned at
	 * least once, however much the table grows and shrinks between calls.
	 */
	@ParameterizedTest(name = "seed {0}")
	@ValueSource(longs = { 1, 7, 99, 1234, 55555, 987654321 })
	void aScanReturnsEveryKeyPresentThroughoutWhileTheTableGrowsAndShrinks(long seed) {
		Random random = new Random(seed);
		Set<String> stable = new HashSet<>();
		for (int i = 0; i < 300; i++) {
			add("stable" + i, "v");
			stable.add("stable" + i);
		}
		List<String> churn = new ArrayList<>();
		int next = 0;
		Set<Integer> sizesSeen = new HashSet<>();
		Set<String> seen = new HashSet<>();
		long cursor = 0;
		int calls = 0;
		do {
			cursor = this.table.scan(cursor, slot -> seen.add(key(slot)));
			calls++;
			// Between calls: a burst of inserts (growth) or of deletes (shrinking), never of stable keys.
			int phase = (calls / 8) % 2;
			int burst = random.nextInt(400);
			for (int i = 0; i < burst; i++) {
				if (phase == 0) {
					String key = "churn" + next++;
					add(key, "v");
					churn.add(key);
				}
				else if (!churn.isEmpty()) {
					String key = churn.remove(random.nextInt(churn.size()));
					this.table.remove(find(key));
				}
			}
			sizesSeen.add(this.table.bucketCount());
			assertThat(calls).as("the iteration ends").isLessThan(1_000_000);
		}
		while (cursor != 0);
		assertThat(sizesSeen.size()).as("the table was resized during the scan").isGreaterThan(2);
		assertThat(seen).containsAll(stable);
	}

	@Test
	void randomSlotsAreLiveAndCoverEveryKey() {
		for (int i = 0; i < 200; i++) {
			add("k" + i, "v");
		}
		for (int i = 0; i < 150; i++) {
			this.table.remove(find("k" + i));
		}
		Random random = new Random(3);
		Set<String> picked = new HashSet<>();
		for (int i = 0; i < 5000; i++) {
			int slot = this.table.randomSlot(random);
			assertThat(this.table.keys[slot]).isNotNull();
			picked.add(key(slot));
		}
		Set<String> live = new HashSet<>();
		for (int i = 150; i < 200; i++) {
			live.add("k" + i);
		}
		assertThat(picked).isEqualTo(live);
		this.table.clear();
		assertThat(this.table.randomSlot(random)).isEqualTo(-1);
	}

	@Test
	void clearEmptiesTheTable() {
		for (int i = 0; i < 100; i++) {
			add("k" + i, "v");
		}
		this.table.clear();
		assertThat(this.table.size()).isZero();
		assertThat(this.table.bucketCount()).isZero();
		assertThat(find("k1")).isEqualTo(-1);
		add("k1", "again");
		assertThat(value(find("k1"))).isEqualTo("again");
	}

	private int add(String key, String value) {
		byte[] k = key.getBytes(StandardCharsets.ISO_8859_1);
		int slot = this.table.add(k, KeyHash.hash(k));
		this.table.values[slot] = value.getBytes(StandardCharsets.ISO_8859_1);
		return slot;
	}

	private int find(String key) {
		byte[] k = key.getBytes(StandardCharsets.ISO_8859_1);
		return this.table.find(k, KeyHash.hash(k));
	}

	private String value(int slot) {
		return new String((byte[]) this.table.values[slot], StandardCharsets.ISO_8859_1);
	}

	private String key(int slot) {
		return new String(this.table.keys[slot], StandardCharsets.ISO_8859_1);
	}

}
