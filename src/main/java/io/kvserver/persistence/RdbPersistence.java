package io.kvserver.persistence;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.kvserver.persistence.rdb.RdbFormatException;
import io.kvserver.persistence.rdb.RdbInput;
import io.kvserver.persistence.rdb.RdbReader;
import io.kvserver.persistence.rdb.RdbValue;
import io.kvserver.store.Databases;
import io.kvserver.store.Keyspace;

/**
 * RDB snapshots as Redis takes them: SAVE in the foreground, BGSAVE on a thread of its own (see
 * {@link RdbSnapshot} for how the file stays one instant's image without fork), the {@code save}
 * rules that start BGSAVE, the dump loaded at startup, and the figures INFO persistence reports.
 * A file is written under a temporary name, flushed to disk and renamed over the old one, so a
 * crash mid-save leaves the previous dump intact.
 */
public final class RdbPersistence implements WriteObserver {

	private static final Log LOGGER = LogFactory.getLog(RdbPersistence.class);

	/** CONFIG_BGSAVE_RETRY_DELAY: after a failed BGSAVE the rules wait this long before trying again. */
	private static final long RETRY_DELAY_MILLIS = 5000;

	private static final String MISCONF = "MISCONF Redis is configured to save RDB snapshots, but it's currently"
			+ " unable to persist to disk. Commands that may modify the data set are disabled, because this instance"
			+ " is configured to report errors during writes if RDB snapshotting fails (stop-writes-on-bgsave-error"
			+ " option). Please check the Redis logs for details about the RDB error.";

	private final Databases databases;

	private final ReentrantLock lock;

	private final PersistenceSettings settings;

	private final LongSupplier clock;

	/** The background save running now, null if none; set and cleared under the lock. */
	private volatile RdbSnapshot running;

	/** The AOF rewrite's snapshot while one runs (the other "child"), null if none; under the lock. */
	private volatile RdbSnapshot rewriting;

	/** Completed when the last background save started is over. */
	private volatile CompletableFuture<Void> bgsaveDone = CompletableFuture
		.completedFuture(null);

	private final String redisVersion;

	private volatile boolean bgsaveScheduled;

	private final List<Supplier<String>> otherRefusals = new CopyOnWriteArrayList<>();

	/** Server.dirty at the instant of the last successful save. */
	private volatile long dirtyAtLastSave;

	private volatile long lastSaveMillis;

	private volatile long lastBgsaveTryMillis;

	private volatile boolean lastBgsaveOk = true;

	private volatile long lastBgsaveSeconds = -1;

	private volatile long saves;

	private volatile long loadedKeys;

	private volatile long expiredOnLoad;

	private final FunctionLibraryHolder functions = new FunctionLibraryHolder();

	/**
	 * @param redisVersion the version written in the file's {@code redis-ver} aux field
	 */
	public RdbPersistence(Databases databases, PersistenceSettings settings, LongSupplier clock, String redisVersion) {
		this.databases = databases;
		this.redisVersion = redisVersion;
		this.lock = databases.lock();
		this.settings = settings;
		this.clock = clock;
		this.lastSaveMillis = clock.getAsLong();
	}

	public PersistenceSettings settings() {
		return this.settings;
	}

	/**
	 * Where the FUNCTION libraries go: those the file loaded at startup had are handed over now
	 * (functions exist only once the command dispatcher does, after the load).
	 *
	 * @throws IllegalStateException a library of the file does not load, as Redis exits on it
	 */
	public void persistFunctions(FunctionLibraryStore store) {
		this.functions.attach(store);
	}

	/** Forgets the FUNCTION libraries along with the databases (DEBUG RELOAD). */
	public void clearFunctions() {
		this.functions.clear();
	}

	// --- loading

	/**
	 * Loads the dump at startup, before clients are served; a missing file is an empty start, a
	 * corrupt one stops the server (as Redis exits on "Short read or OOM loading DB").
	 */
	public void loadAtStartup() {
		Path file = this.settings.rdbFile();
		if (!Files.exists(file)) {
			return;
		}
		long started = System.nanoTime();
		this.lock.lock();
		try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
			load(in, Files.size(file));
			LOGGER.info(String.format(Locale.ROOT, "DB loaded from disk: %.3f seconds (%d keys, %d expired)",
					(System.nanoTime() - started) / 1e9, this.loadedKeys, this.expiredOnLoad));
		}
		catch (IOException | RdbFormatException | StoredValues.UnsupportedTypeException ex) {
			throw new IllegalStateException("Fatal error loading the DB " + file + ": " + ex.getMessage(), ex);
		}
		finally {
			this.lock.unlock();
		}
		this.dirtyAtLastSave = this.databases.dirty();
	}

	/** Reads an RDB stream into the databases (the caller holds the lock); keys already expired are dropped. */
	public void load(InputStream in, long size) throws IOException {
		long now = this.clock.getAsLong();
		long[] counts = new long[2];
		RdbReader.read(new RdbInput(in, size), new RdbReader.Visitor() {

			private Keyspace db = RdbPersistence.this.databases.db(0);

			@Override
			public void selectDb(int index) {
				if (index >= RdbPersistence.this.databases.count()) {
					throw new RdbFormatException("Data file was created with a Redis server configured to handle more than "
							+ RdbPersistence.this.databases.count() + " databases.");
				}
				this.db = RdbPersistence.this.databases.db(index);
			}

			@Override
			public void entry(byte[] key, RdbValue value, long expireAt, long idleSeconds, int frequency) {
				if (StoredValues.isEmpty(value)) {
					return;
				}
				if (expireAt != -1 && expireAt < now) {
					counts[1]++;
					return;
				}
				Object stored = StoredValues.fromRdb(value);
				if (expireAt != -1) {
					this.db.set(key, stored, expireAt);
				}
				else {
					this.db.set(key, stored);
				}
				counts[0]++;
			}

			@Override
			public void functionLibrary(byte[] code) {
				RdbPersistence.this.functions.restore(code);
			}

		});
		this.loadedKeys = counts[0];
		this.expiredOnLoad = counts[1];
	}

	// --- saving

	/** Nothing counts as changed since the last save from now on (DEBUG LOADAOF: Redis's server.dirty = 0). */
	public void forgetChanges() {
		this.dirtyAtLastSave = this.databases.dirty();
	}

	/** SAVE: the file written now, by the caller, which holds the lock. */
	public void save() throws IOException {
		if (this.running != null) {
			throw new SaveInProgressException();
		}
		saveNow();
	}

	/**
	 * The last save before exiting, by the caller, which holds the lock: a background save is
	 * stopped (its thread cleans up after itself) and this one written regardless, as Redis kills
	 * its child and saves.
	 */
	public void saveOnShutdown() throws IOException {
		abortBgsave();
		saveNow();
	}

	private void saveNow() throws IOException {
		long now = this.clock.getAsLong();
		RdbSnapshot snapshot = snapshot(now);
		long dirty = this.databases.dirty();
		try {
			writeFile(snapshot, "temp-" + ProcessHandle.current().pid() + ".rdb");
		}
		finally {
			snapshot.release();
		}
		this.saves++;
		this.dirtyAtLastSave = dirty;
		this.lastSaveMillis = now;
		this.lastBgsaveOk = true; // Redis's rdbSave sets lastbgsave_status too
	}

	/** Whether a background save is running. */
	public boolean bgsaveInProgress() {
		return this.running != null;
	}

	/**
	 * BGSAVE, under the lock: the snapshot's instant is now, its file is written by a thread of
	 * its own. Throws {@link SaveInProgressException} if one is running already.
	 */
	public void bgsave() {
		if (this.running != null) {
			throw new SaveInProgressException();
		}
		long now = this.clock.getAsLong();
		this.lastBgsaveTryMillis = now;
		this.bgsaveScheduled = false;
		RdbSnapshot snapshot = snapshot(now);
		long dirty = this.databases.dirty();
		this.running = snapshot;
		this.saves++;
		this.bgsaveDone = new CompletableFuture<>();
		Thread.ofPlatform().name("rdb-bgsave").daemon().start(() -> runInBackground(snapshot, dirty));
	}

	/** BGSAVE SCHEDULE while another save runs: started by {@link #cron} once it is over. */
	public void scheduleBgsave() {
		this.bgsaveScheduled = true;
	}

	private void runInBackground(RdbSnapshot snapshot, long dirty) {
		long started = System.nanoTime();
		boolean ok;
		try {
			writeFile(snapshot, "temp-" + ProcessHandle.current().pid() + "-bg.rdb");
			ok = true;
			LOGGER.info("Background saving terminated with success");
		}
		catch (IOException | RuntimeException ex) {
			ok = false;
			LOGGER.error("Background saving error: " + ex.getMessage(), ex);
		}
		this.lock.lock();
		try {
			snapshot.release();
			this.running = null;
			this.lastBgsaveOk = ok;
			this.lastBgsaveSeconds = Math.round((System.nanoTime() - started) / 1e9);
			if (ok) {
				this.dirtyAtLastSave = dirty;
				this.lastSaveMillis = snapshot.startedAtMillis();
			}
		}
		finally {
			this.lock.unlock();
			this.bgsaveDone.complete(null);
		}
	}

	/** Writes under a temporary name, forces it to disk, renames it over the dump and syncs the directory. */
	private void writeFile(RdbSnapshot snapshot, String tempName) throws IOException {
		Path dir = this.settings.dir();
		Path temp = dir.resolve(tempName);
		try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
				StandardOpenOption.TRUNCATE_EXISTING)) {
			OutputStream out = Channels.newOutputStream(channel);
			snapshot.writeTo(out, this.settings, auxFields(snapshot.startedAtMillis()));
			channel.force(true);
		}
		catch (IOException | RuntimeException ex) {
			Files.deleteIfExists(temp);
			throw ex;
		}
		Files.move(temp, this.settings.rdbFile(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		syncDirectory(dir);
	}

	static void syncDirectory(Path dir) {
		try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
			channel.force(true);
		}
		catch (IOException ex) {
			// Some file systems cannot sync a directory; the rename itself is done.
			LOGGER.debug("Could not sync directory " + dir, ex);
		}
	}

	/**
	 * The databases and the FUNCTION libraries as they are now, under the lock: what a dump or an
	 * AOF base file shows.
	 */
	public RdbSnapshot snapshot(long nowMillis) {
		RdbSnapshot snapshot = new RdbSnapshot(this.databases, this.lock, nowMillis);
		snapshot.keepFunctionLibraries(this.functions.libraryCodes());
		return snapshot;
	}

	/** An AOF base file with an RDB preamble: the snapshot as an RDB whose aux field {@code aof-base} is 1. */
	public void writeAofBase(RdbSnapshot snapshot, OutputStream out) throws IOException {
		Map<String, String> aux = auxFields(snapshot.startedAtMillis());
		aux.put("aof-base", "1");
		snapshot.writeTo(out, this.settings, aux);
	}

	/** The AOF rewrite's snapshot gets the dispatcher's announcements too, until it is detached (null). */
	public void attachRewrite(RdbSnapshot snapshot) {
		this.rewriting = snapshot;
	}

	/** Whether an AOF rewrite's snapshot is being written. */
	public boolean rewriteInProgress() {
		return this.rewriting != null;
	}

	/** Redis 7.0's aux fields, in its order. */
	private Map<String, String> auxFields(long nowMillis) {
		Map<String, String> aux = new LinkedHashMap<>();
		aux.put("redis-ver", this.redisVersion);
		aux.put("redis-bits", "64");
		aux.put("ctime", Long.toString(nowMillis / 1000));
		Runtime rt = Runtime.getRuntime();
		aux.put("used-mem", Long.toString(rt.totalMemory() - rt.freeMemory()));
		aux.put("aof-base", "0");
		return aux;
	}

	/**
	 * The save rules, checked ten times a second as Redis's serverCron does: a BGSAVE starts when
	 * some rule's changes are older than its seconds (after a failure, not before five seconds).
	 */
	public void cron() {
		this.lock.lock();
		try {
			if (this.running != null || this.rewriting != null) {
				return; // one "child" at a time, as Redis's hasActiveChildProcess
			}
			long now = this.clock.getAsLong();
			if (this.bgsaveScheduled) {
				bgsave();
				return;
			}
			long changes = this.databases.dirty() - this.dirtyAtLastSave;
			for (SaveRule rule : this.settings.saveRules()) {
				if (changes >= rule.changes() && now - this.lastSaveMillis > rule.seconds() * 1000
						&& (now - this.lastBgsaveTryMillis > RETRY_DELAY_MILLIS || this.lastBgsaveOk)) {
					LOGGER.info(rule.changes() + " changes in " + rule.seconds() + " seconds. Saving...");
					bgsave();
					return;
				}
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Stops a running background save (FLUSHALL, SHUTDOWN), as Redis kills its child. */
	public void abortBgsave() {
		if (this.running != null) {
			this.running.abort();
		}
	}

	/** Waits, at most this long, for a running background save to finish (not under the lock: it needs it). */
	public void awaitBgsave(long timeoutMillis) {
		try {
			this.bgsaveDone.get(timeoutMillis, TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException | ExecutionException ex) {
			LOGGER.warn("A background save was still running after " + timeoutMillis + " ms");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	// --- the dispatcher's hooks

	@Override
	public boolean snapshotting() {
		return this.running != null || this.rewriting != null;
	}

	@Override
	public void beforeKeyWrite(byte[] key) {
		if (this.running != null) {
			this.running.beforeKeyWrite(key);
		}
		if (this.rewriting != null) {
			this.rewriting.beforeKeyWrite(key);
		}
	}

	@Override
	public void beforeUnnamedWrites() {
		if (this.running != null) {
			this.running.beforeUnnamedWrites();
		}
		if (this.rewriting != null) {
			this.rewriting.beforeUnnamedWrites();
		}
	}

	@Override
	public String writeRefusal() {
		if (!this.lastBgsaveOk && this.settings.stopWritesOnBgsaveError() && !this.settings.saveRules().isEmpty()) {
			return MISCONF;
		}
		for (Supplier<String> other : this.otherRefusals) {
			String refusal = other.get();
			if (refusal != null) {
				return refusal;
			}
		}
		return null;
	}

	/** Another reason to refuse writes, asked after the RDB's own (the AOF's write errors, a shutdown under way). */
	public void refuseWritesWhen(Supplier<String> refusal) {
		this.otherRefusals.add(refusal);
	}

	// --- what INFO and LASTSAVE report

	public long lastSaveSeconds() {
		return this.lastSaveMillis / 1000;
	}

	/** INFO persistence's rdb_* fields, in Redis's order (after the fork fields). */
	void describe(Map<String, Object> info) {
		RdbSnapshot snapshot = this.running;
		info.put("current_save_keys_processed", snapshot == null ? 0 : snapshot.keysProcessed());
		info.put("current_save_keys_total", snapshot == null ? 0 : snapshot.keysTotal());
		info.put("rdb_changes_since_last_save", this.databases.dirty() - this.dirtyAtLastSave);
		info.put("rdb_bgsave_in_progress", snapshot == null ? 0 : 1);
		info.put("rdb_last_save_time", lastSaveSeconds());
		info.put("rdb_last_bgsave_status", this.lastBgsaveOk ? "ok" : "err");
		info.put("rdb_last_bgsave_time_sec", this.lastBgsaveSeconds);
		info.put("rdb_current_bgsave_time_sec",
				snapshot == null ? -1 : (this.clock.getAsLong() - snapshot.startedAtMillis()) / 1000);
		info.put("rdb_saves", this.saves);
		info.put("rdb_last_cow_size", 0);
		info.put("rdb_last_load_keys_expired", this.expiredOnLoad);
		info.put("rdb_last_load_keys_loaded", this.loadedKeys);
	}

	/** SAVE or BGSAVE while a background save runs: Redis's "Background save already in progress". */
	public static final class SaveInProgressException extends RuntimeException {

		public SaveInProgressException() {
			super("Background save already in progress");
		}

	}

}
