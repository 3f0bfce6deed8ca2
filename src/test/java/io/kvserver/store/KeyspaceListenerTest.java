package io.kvserver.store;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The store tells its listener (WATCH, in the command layer) of every change to a key, and of
 * nothing else. Any new way of changing keys must keep telling it, or WATCH misses writes.
 */
class KeyspaceListenerTest {

	private final AtomicLong now = new AtomicLong(1_700_000_000_000L);

	private final LocalKeyspace keyspace = new LocalKeyspace(this.now::get);

	private final List<String> events = new ArrayList<>();

	KeyspaceListenerTest() {
		this.keyspace.setListener(new KeyspaceListener() {

			@Override
			public void keyChanged(Keyspace db, byte[] key) {
				assertThat(db).isSameAs(KeyspaceListenerTest.this.keyspace);
				KeyspaceListenerTest.this.events.add("changed " + new String(key, StandardCharsets.ISO_8859_1));
			}

			@Override
			public void emptying(Keyspace db) {
				KeyspaceListenerTest.this.events.add("emptying, " + db.size() + " keys");
			}

		});
	}

	@Test
	void everyWriteIsReported() {
		this.keyspace.set(b("a"), b("1"));
		this.keyspace.setKeepTtl(b("a"), b("2"));
		this.keyspace.set(b("b"), b("1"), this.now.get() + 1000);
		this.keyspace.setExpireAt(b("a"), this.now.get() + 1000);
		this.keyspace.persist(b("a"));
		this.keyspace.delete(b("b"));
		assertThat(this.events).containsExactly("changed a", "changed a", "changed b", "changed a", "changed a",
				"changed b");
	}

	@Test
	void whatChangesNothingIsNotReported() {
		this.keyspace.set(b("a"), b("1"));
		this.events.clear();
		this.keyspace.get(b("a"));
		this.keyspace.get(b("missing"));
		this.keyspace.delete(b("missing"));
		this.keyspace.persist(b("a"));
		this.keyspace.setExpireAt(b("missing"), this.now.get() + 1000);
		this.keyspace.isStale(b("a"));
		this.keyspace.hasEntry(b("a"));
		assertThat(this.events).isEmpty();
	}

	@Test
	void silentChangesOfRepresentationAreNotReported() {
		this.keyspace.set(b("a"), b("1"), this.now.get() + 1000);
		this.events.clear();
		MutableString raw = MutableString.copyOf(b("1"), 1, 1);
		this.keyspace.setSilently(b("a"), raw);
		this.keyspace.setSilently(b("new"), MutableString.ofLength(3));
		raw.growTo(100, 1000);
		this.keyspace.resized(b("a"), 100);
		assertThat(this.events).isEmpty();
		assertThat(this.keyspace.get(b("a"))).isSameAs(raw);
		assertThat(this.keyspace.expireAt(b("a"))).as("the TTL is kept").isEqualTo(this.now.get() + 1000);
		this.keyspace.modified(b("a"), 0);
		assertThat(this.events).containsExactly("changed a");
	}

	@Test
	void expiryIsReportedWhetherLazyOrActive() {
		this.keyspace.set(b("lazy"), b("1"), this.now.get() + 10);
		this.keyspace.set(b("active"), b("1"), this.now.get() + 10);
		this.events.clear();
		this.now.addAndGet(20);
		assertThat(this.keyspace.isStale(b("lazy"))).isTrue();
		assertThat(this.keyspace.hasEntry(b("lazy"))).isTrue();
		assertThat(this.events).as("noticing a stale key changes nothing").isEmpty();
		assertThat(this.keyspace.get(b("lazy"))).isNull();
		assertThat(this.keyspace.hasEntry(b("lazy"))).isFalse();
		assertThat(this.keyspace.expireDue(10)).isEqualTo(1);
		assertThat(this.events).containsExactly("changed lazy", "changed active");
	}

	@Test
	void aFlushIsAnnouncedBeforeTheKeysGo() {
		this.keyspace.set(b("a"), b("1"));
		this.keyspace.set(b("b"), b("1"));
		this.keyspace.clear();
		assertThat(this.events).endsWith("emptying, 2 keys");
	}

	@Test
	void withoutAListenerNothingIsCalled() {
		this.keyspace.setListener(null);
		this.keyspace.set(b("a"), b("1"));
		this.keyspace.clear();
		assertThat(this.events).isEmpty();
	}

	@Test
	void databasesInstallTheListenerEverywhereAndKnowTheirIndexes() {
		Databases databases = new Databases(3, this.now::get);
		List<Integer> changedIn = new ArrayList<>();
		databases.setListener(new KeyspaceListener() {

			@Override
			public void keyChanged(Keyspace db, byte[] key) {
				changedIn.add(databases.indexOf(db));
			}

			@Override
			public void emptying(Keyspace db) {
			}

		});
		databases.db(2).set(b("k"), b("v"));
		databases.db(0).set(b("k"), b("v"));
		assertThat(changedIn).containsExactly(2, 0);
		assertThat(databases.indexOf(this.keyspace)).isEqualTo(-1);
	}

	private static byte[] b(String s) {
		return s.getBytes(StandardCharsets.ISO_8859_1);
	}

}
