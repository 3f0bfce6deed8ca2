package io.kvserver.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

import org.junit.jupiter.api.Test;

import io.kvserver.persistence.rdb.RdbInput;
import io.kvserver.persistence.rdb.RdbReader;
import io.kvserver.persistence.rdb.RdbValue;
import io.kvserver.store.Databases;
import io.kvserver.store.Keyspace;

/**
 * A snapshot written while a writer keeps changing the data shows the data exactly as it was when
 * the snapshot started: overwritten keys with their old values, deleted keys present, new keys
 * absent, whatever the table's growth and the order of the walk.
 */
class RdbSnapshotTest {

	private static final int KEYS = 50_000;

	@Test
	void aSnapshotTakenUnderConcurrentWritesIsThatInstantsImage() throws Exception {
		for (long seed = 1; seed <= 3; seed++) {
			checkSnapshotUnderWrites(seed);
		}
	}

	private void checkSnapshotUnderWrites(long seed) throws Exception {
		AtomicLong clock = new AtomicLong(1_000_000);
		Databases databases = new Databases(2, clock::get);
		ReentrantLock lock = databases.lock();
		Map<String, String> expected = new HashMap<>();
		for (int i = 0; i < KEYS; i++) {
			int dbIndex = i % 7 == 0 ? 1 : 0;
			String key = "k" + i;
			databases.db(dbIndex).set(bytes(key), bytes("v0-" + i), i % 3 == 0 ? 5_000_000L : -1);
			expected.put(dbIndex + "/" + key, "v0-" + i);
		}
		RdbSnapshot snapshot;
		lock.lock();
		try {
			snapshot = new RdbSnapshot(databases, lock, clock.get());
		}
		finally {
			lock.unlock();
		}
		// The writer changes existing keys, deletes some, creates new ones (the table grows), as
		// commands would, announcing each key first as the dispatcher does.
		AtomicBoolean stop = new AtomicBoolean();
		AtomicLong writes = new AtomicLong();
		Thread writer = Thread.ofPlatform().start(() -> {
			Random random = new Random(seed);
			int created = 0;
			while (!stop.get()) {
				lock.lock();
				try {
					for (int n = 0; n < 50; n++) {
						Keyspace db = databases.db(random.nextInt(2));
						int choice = random.nextInt(10);
						if (choice < 5) {
							byte[] key = bytes("k" + random.nextInt(KEYS));
							snapshot.beforeKeyWrite(key);
							db.set(key, bytes("changed"));
						}
						else if (choice < 7) {
							byte[] key = bytes("k" + random.nextInt(KEYS));
							snapshot.beforeKeyWrite(key);
							db.delete(key);
						}
						else {
							byte[] key = bytes("new" + created++);
							snapshot.beforeKeyWrite(key);
							db.set(key, bytes("new"));
						}
					}
					writes.addAndGet(50);
				}
				finally {
					lock.unlock();
				}
			}
		});
		ByteArrayOutputStream file = new ByteArrayOutputStream();
		PersistenceSettings settings = new PersistenceSettings(Path.of("."), "dump.rdb", List.of());
		try {
			snapshot.writeTo(file, settings, new LinkedHashMap<>());
		}
		finally {
			stop.set(true);
			writer.join();
		}
		lock.lock();
		try {
			snapshot.release();
		}
		finally {
			lock.unlock();
		}
		assertThat(writes.get()).as("writes made while the snapshot was written").isPositive();
		assertThat(read(file.toByteArray())).as("seed %d", seed).isEqualTo(expected);
	}

	private static Map<String, String> read(byte[] rdb) throws IOException {
		Map<String, String> keys = new HashMap<>();
		int[] db = new int[1];
		RdbReader.read(RdbInput.of(rdb, 0, rdb.length), new RdbReader.Visitor() {
			@Override
			public void selectDb(int index) {
				db[0] = index;
			}

			@Override
			public void entry(byte[] key, RdbValue value, long expireAt, long idle, int frequency) {
				String previous = keys.put(db[0] + "/" + text(key), text(((RdbValue.StringData) value).value()));
				assertThat(previous).as("key written twice: %s", text(key)).isNull();
			}
		});
		return keys;
	}

	private static byte[] bytes(String s) {
		return s.getBytes(StandardCharsets.ISO_8859_1);
	}

	private static String text(byte[] b) {
		return new String(b, StandardCharsets.ISO_8859_1);
	}

}
