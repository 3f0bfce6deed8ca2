package io.kvserver.persistence.aof;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.kvserver.persistence.CommandLog;
import io.kvserver.persistence.RdbPersistence;
import io.kvserver.persistence.RdbSnapshot;
import io.kvserver.persistence.StoredValues;
import io.kvserver.persistence.aof.AofSettings.Fsync;
import io.kvserver.persistence.rdb.RdbFormatException;
import io.kvserver.store.Databases;

/**
 * Redis 7.0's multi-part append-only file: in {@code dir/appenddirname}, a base file (an RDB with
 * {@code aof-base 1}, or commands), incremental files of commands in their effect form, and the
 * manifest that lists them in load order. Commands reach it through {@link #append} (under the
 * database lock, from the dispatcher's {@code Propagator}); they are written and, with
 * {@code appendfsync always}, forced to disk in {@link #flushBeforeReplies}, which the transport
 * calls before reply bytes leave, so one fsync covers every write of an event-loop pass.
 * <p>
 * BGREWRITEAOF opens a new incremental file at the instant of a point-in-time snapshot
 * ({@link RdbSnapshot}, no fork), writes the snapshot as the new base on a thread of its own, then
 * makes the manifest name the new base and the files after it; the old ones are deleted.
 */
public final class AppendOnlyFile implements CommandLog {

	private static final Log LOGGER = LogFactory.getLog(AppendOnlyFile.class);

	enum State {
		OFF, ON, WAIT_REWRITE
	}

	private final Databases databases;

	private final ReentrantLock lock;

	private final RdbPersistence rdb;

	private final AofSettings settings;

	private final Path dir;

	private final LongSupplier clock;

	private volatile State state = State.OFF;

	// --- the buffer: appended under the database lock, swapped out under bufferLock

	private final Object bufferLock = new Object();

	private AofBuffer buffer = new AofBuffer();

	private AofBuffer spare = new AofBuffer();

	private int selectedDb = -1;

	private volatile boolean buffered;

	/** Commands appended so far (under bufferLock), and how many of them are known to be on disk. */
	private volatile long appended;

	private volatile long durable;

	// --- the files: under fileLock

	private final Object fileLock = new Object();

	private FileChannel incr;

	private Path incrPath;

	private AofManifest manifest;

	private volatile long written;

	private volatile long synced;

	private volatile long lastFsyncMillis;

	private volatile long currentSize;

	private volatile long baseSize;

	// --- rewriting

	private volatile Rewrite rewrite;

	private volatile boolean rewriteScheduled;

	private volatile long lastRewriteSeconds = -1;

	private volatile boolean lastRewriteOk = true;

	private volatile long rewrites;

	private volatile long consecutiveRewriteFailures;

	private volatile String lastWriteError;

	private volatile long delayedFsyncs;

	/** The fake client that loaded the files at start, kept for DEBUG LOADAOF. */
	private CommandReplay replay;

	/**
	 * @param dir Redis's {@code dir}: the AOF directory is {@code dir/appenddirname}
	 */
	public AppendOnlyFile(Databases databases, RdbPersistence rdb, AofSettings settings, Path dir,
			LongSupplier clock) {
		this.databases = databases;
		this.lock = databases.lock();
		this.rdb = rdb;
		this.settings = settings;
		this.dir = dir;
		this.clock = clock;
	}

	public AofSettings settings() {
		return this.settings;
	}

	Path aofDir() {
		return this.dir.resolve(this.settings.dirname());
	}

	private Path manifestPath() {
		return aofDir().resolve(this.settings.filename() + ".manifest");
	}

	// --- startup

	/**
	 * With {@code appendonly yes}, loads the files the manifest names (base, then incremental
	 * files in order) before clients are served, then opens the last incremental file for
	 * appending (creating a base and a first incremental file on an empty start, as Redis does).
	 * @return whether the AOF is on, in which case the RDB dump is not loaded
	 */
	public boolean loadAtStartup(CommandReplay replay) {
		this.replay = replay;
		if (!this.settings.appendonly()) {
			return false;
		}
		try {
			this.manifest = readManifest();
			if (this.manifest != null) {
				load(this.manifest, replay);
			}
			else {
				this.manifest = new AofManifest();
			}
			openAtStart();
		}
		catch (IOException | RdbFormatException | StoredValues.UnsupportedTypeException ex) {
			throw new IllegalStateException("Fatal error loading the AOF: " + ex.getMessage(), ex);
		}
		this.state = State.ON;
		return true;
	}

	/**
	 * DEBUG LOADAOF, under the database lock: what is buffered goes to the file and is forced to
	 * disk, the databases are emptied and the files the manifest on disk names are loaded again
	 * through the client that loaded them at start (whether the AOF is on or not, as Redis).
	 */
	public void reload() throws IOException {
		if (this.state != State.OFF) {
			synchronized (this.fileLock) {
				writeBuffer(true);
			}
		}
		AofManifest onDisk = readManifest();
		if (onDisk == null) {
			// Redis exits here (loadAppendOnlyFiles answers AOF_NOT_EXIST); kvserver refuses the command.
			throw new IOException("The AOF manifest file " + this.settings.filename() + ".manifest doesn't exist");
		}
		for (int i = 0; i < this.databases.count(); i++) {
			this.databases.db(i).clear();
		}
		load(onDisk, this.replay);
	}

	private AofManifest readManifest() throws IOException {
		Path file = manifestPath();
		if (!Files.exists(file)) {
			return null;
		}
		try {
			return AofManifest.parse(Files.readString(file, StandardCharsets.ISO_8859_1));
		}
		catch (IllegalArgumentException ex) {
			throw new IOException(ex.getMessage() + " in " + file, ex);
		}
	}

	private void load(AofManifest manifest, CommandReplay replay) throws IOException {
		long started = System.nanoTime();
		List<AofManifest.Entry> files = new ArrayList<>();
		if (manifest.base != null) {
			files.add(manifest.base);
		}
		files.addAll(manifest.incrs);
		long total = 0;
		for (int i = 0; i < files.size(); i++) {
			AofManifest.Entry entry = files.get(i);
			Path file = aofDir().resolve(entry.name());
			if (!Files.exists(file)) {
				throw new IOException("The AOF file " + entry.name() + " doesn't exist");
			}
			loadFile(file, entry.type() == AofManifest.BASE, i == files.size() - 1, replay);
			long size = Files.size(file);
			total += size;
			if (entry.type() == AofManifest.BASE) {
				this.baseSize = size;
			}
		}
		this.currentSize = total;
		LOGGER.info(String.format("DB loaded from append only file: %.3f seconds", (System.nanoTime() - started) / 1e9));
	}

	/** One file: an RDB (a base with a preamble) or commands; a torn tail is cut off if allowed (aof-load-truncated). */
	private void loadFile(Path file, boolean base, boolean last, CommandReplay replay) throws IOException {
		long size = Files.size(file);
		if (size == 0) {
			return;
		}
		try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
			in.mark(5);
			byte[] magic = in.readNBytes(5);
			in.reset();
			if (base && new String(magic, StandardCharsets.ISO_8859_1).equals("REDIS")) {
				LOGGER.info("Reading RDB base file on AOF loading...");
				this.lock.lock();
				try {
					this.rdb.load(in, size);
				}
				finally {
					this.lock.unlock();
				}
				return;
			}
			replayCommands(file, in, last, replay);
		}
	}

	private void replayCommands(Path file, InputStream in, boolean last, CommandReplay replay) throws IOException {
		AofCommandReader reader = new AofCommandReader(in, 0);
		List<byte[][]> batch = new ArrayList<>();
		long validUpTo = 0;
		long validBeforeMulti = -1;
		try {
			byte[][] argv;
			while ((argv = reader.next()) != null) {
				if (isCommand(argv, "multi")) {
					replay.run(batch);
					batch.clear();
					validBeforeMulti = validUpTo;
				}
				batch.add(argv);
				validUpTo = reader.offset();
				if (batch.size() >= 1024) {
					replay.run(batch);
					batch.clear();
				}
			}
			replay.run(batch);
			if (replay.inTransaction()) {
				LOGGER.warn("Revert incomplete MULTI/EXEC transaction in AOF file " + file.getFileName());
				replay.discardTransaction();
				truncate(file, validBeforeMulti, last);
			}
		}
		catch (EOFException ex) {
			replay.run(batch); // the whole commands before the torn one
			long cut = validUpTo;
			if (replay.inTransaction()) {
				replay.discardTransaction();
				cut = validBeforeMulti;
			}
			truncate(file, cut, last);
		}
	}

	/** A short read: with aof-load-truncated and in the last file, the file is cut where its last whole command ends. */
	private void truncate(Path file, long validUpTo, boolean last) throws IOException {
		if (!this.settings.loadTruncated()) {
			throw new IOException("Unexpected end of file reading the append only file " + file.getFileName()
					+ ". You can: 1) Make a backup of your AOF file, then use ./redis-check-aof --fix <filename.manifest>. "
					+ "2) Alternatively you can set the 'aof-load-truncated' configuration option to yes and restart the server.");
		}
		if (!last) {
			throw new IOException("Fatal error: the truncated file is not the last file");
		}
		LOGGER.warn("!!! Warning: short read while loading the AOF file " + file.getFileName() + "!!!");
		LOGGER.warn("!!! Truncating the AOF " + file.getFileName() + " at offset " + validUpTo + " !!!");
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
			channel.truncate(validUpTo);
			channel.force(true);
		}
		LOGGER.warn("AOF " + file.getFileName() + " loaded anyway because aof-load-truncated is enabled");
	}

	private static boolean isCommand(byte[][] argv, String name) {
		return argv[0].length == name.length()
				&& new String(argv[0], StandardCharsets.ISO_8859_1).equalsIgnoreCase(name);
	}

	/** aofOpenIfNeededOnServerStart: a base for an empty start, then the last incremental file opened (or a first one). */
	private void openAtStart() throws IOException {
		Files.createDirectories(aofDir());
		synchronized (this.fileLock) {
			if (this.manifest.base == null && this.manifest.incrs.isEmpty()) {
				AofManifest.Entry base = this.manifest.newBase(this.settings.filename(), this.settings.useRdbPreamble());
				this.lock.lock();
				try {
					writeBase(this.rdb.snapshot(this.clock.getAsLong()),
							aofDir().resolve(base.name()));
				}
				finally {
					this.lock.unlock();
				}
				LOGGER.info("Creating AOF base file " + base.name() + " on server start");
			}
			boolean opened = !this.manifest.incrs.isEmpty();
			AofManifest.Entry last = opened ? this.manifest.incrs.getLast() : this.manifest.newIncr(this.settings.filename());
			openIncr(aofDir().resolve(last.name()));
			persistManifest(this.manifest);
			LOGGER.info((opened ? "Opening" : "Creating") + " AOF incr file " + last.name() + " on server start");
		}
	}

	private void openIncr(Path path) throws IOException {
		this.incr = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
				StandardOpenOption.APPEND);
		this.incrPath = path;
		this.written = this.incr.size();
		this.synced = this.written;
		synchronized (this.bufferLock) {
			this.selectedDb = -1; // a new file starts with a SELECT
		}
	}

	/** Writes the manifest under a temporary name, forces it, renames it over the old one and syncs the directory. */
	private void persistManifest(AofManifest manifest) throws IOException {
		Path temp = aofDir().resolve("temp-" + this.settings.filename() + ".manifest");
		try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
				StandardOpenOption.TRUNCATE_EXISTING)) {
			ByteBuffer bytes = ByteBuffer.wrap(manifest.format().getBytes(StandardCharsets.ISO_8859_1));
			while (bytes.hasRemaining()) {
				channel.write(bytes);
			}
			channel.force(true);
		}
		Files.move(temp, manifestPath(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		syncDirectory(aofDir());
	}

	private static void syncDirectory(Path dir) {
		try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
			channel.force(true);
		}
		catch (IOException ex) {
			LOGGER.debug("Could not sync directory " + dir, ex);
		}
	}

	/** Writes the snapshot as a base file (an RDB with aof-base 1, or commands) and forces it to disk; the lock is taken in chunks. */
	private void writeBase(RdbSnapshot snapshot, Path path) throws IOException {
		try (FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
				StandardOpenOption.TRUNCATE_EXISTING)) {
			OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
			if (this.settings.useRdbPreamble()) {
				this.rdb.writeAofBase(snapshot, out);
			}
			else {
				AofCommandSink sink = new AofCommandSink(out);
				sink.functionLibraries(snapshot.functionLibraries());
				snapshot.walk(sink);
				sink.finish();
			}
			out.flush();
			channel.force(true);
		}
		finally {
			snapshot.release();
		}
	}

	// --- appending (CommandLog)

	@Override
	public boolean enabled() {
		return this.state != State.OFF;
	}

	@Override
	public void append(int db, byte[][] argv) {
		synchronized (this.bufferLock) {
			if (db != this.selectedDb) {
				this.buffer.append(new byte[][] { SELECT, Integer.toString(db).getBytes(StandardCharsets.US_ASCII) });
				this.selectedDb = db;
			}
			this.buffer.append(argv);
			this.appended++;
			this.buffered = true;
		}
	}

	private static final byte[] SELECT = "SELECT".getBytes(StandardCharsets.US_ASCII);

	/**
	 * Writes what was appended since the last call and, with appendfsync always, forces it to disk:
	 * called before replies leave (see the transport's ReplyBarrier), so a client never reads an
	 * acknowledgement of a write that is not in the file. Cheap when nothing was appended.
	 */
	public void flushBeforeReplies() {
		boolean always = this.settings.fsync() == Fsync.ALWAYS;
		// with always, also wait for a flush another thread has started and not yet forced to disk
		if (always ? this.durable == this.appended : !this.buffered) {
			return;
		}
		synchronized (this.fileLock) {
			writeBuffer(always);
		}
	}

	/** Under fileLock: the buffer to the current incremental file, then an fsync if asked. */
	private void writeBuffer(boolean force) {
		AofBuffer out = null;
		long upTo;
		synchronized (this.bufferLock) {
			upTo = this.appended;
			if (this.incr == null) {
				this.buffered = false;
				this.durable = upTo; // no file (appendonly no, or a rewrite with the AOF off): nothing to wait for
				return;
			}
			if (this.buffer.length() > 0) {
				out = this.buffer;
				this.buffer = this.spare;
				this.spare = out;
			}
			this.buffered = false;
		}
		try {
			if (out != null) {
				ByteBuffer bytes = ByteBuffer.wrap(out.array(), 0, out.length());
				while (bytes.hasRemaining()) {
					this.incr.write(bytes);
				}
				this.written += out.length();
				this.currentSize += out.length();
				out.clear();
			}
			if (force && !(this.settings.noFsyncOnRewrite() && this.rewrite != null)) {
				if (this.synced != this.written) {
					this.incr.force(false);
					this.synced = this.written;
					this.lastFsyncMillis = this.clock.getAsLong();
				}
				this.durable = upTo;
			}
			this.lastWriteError = null;
		}
		catch (IOException ex) {
			writeFailed(out != null ? out : new AofBuffer(), ex);
		}
	}

	/**
	 * A failed write or fsync. With appendfsync always Redis cannot keep its promise and exits; so
	 * does kvserver (before any reply is sent). Otherwise the bytes are kept to be written again and
	 * writes are refused (MISCONF) until a write succeeds.
	 */
	private void writeFailed(AofBuffer unwritten, IOException ex) {
		LOGGER.error("Error writing to the AOF file: " + ex.getMessage(), ex);
		if (this.settings.fsync() == Fsync.ALWAYS) {
			LOGGER.error("Can't recover from AOF write error when the AOF fsync policy is 'always'. Exiting...");
			Runtime.getRuntime().halt(1);
		}
		this.lastWriteError = ex.getMessage() != null ? ex.getMessage() : ex.getClass().getSimpleName();
		synchronized (this.bufferLock) {
			// what was appended meanwhile goes after the unwritten bytes
			unwritten.append(this.buffer.array(), 0, this.buffer.length());
			this.buffer.clear();
			AofBuffer swap = this.buffer;
			this.buffer = unwritten;
			this.spare = swap;
			this.buffered = true;
		}
	}

	/** Redis's MISCONF for a failed AOF write, null while writing works. */
	public String writeRefusal() {
		String error = this.lastWriteError;
		return error == null || this.state == State.OFF ? null : "MISCONF Errors writing to the AOF file: " + error;
	}

	/**
	 * Ten times a second: writes what is buffered, forces the file once a second with
	 * appendfsync everysec, and starts a rewrite when the auto-rewrite rule says so.
	 */
	public void cron() {
		if (this.state == State.OFF) {
			return;
		}
		synchronized (this.fileLock) {
			Fsync fsync = this.settings.fsync();
			writeBuffer(fsync == Fsync.ALWAYS);
			long now = this.clock.getAsLong();
			if (fsync == Fsync.EVERYSEC && this.written != this.synced && now - this.lastFsyncMillis >= 1000
					&& this.incr != null) {
				try {
					this.incr.force(false);
					this.synced = this.written;
					this.lastFsyncMillis = now;
				}
				catch (IOException ex) {
					this.lastWriteError = ex.getMessage();
					LOGGER.error("Error syncing the AOF file: " + ex.getMessage(), ex);
				}
			}
		}
		if (this.rewrite == null && (this.rewriteScheduled || autoRewriteDue()) && !this.rdb.bgsaveInProgress()) {
			this.lock.lock();
			try {
				if (this.rewrite == null && !this.rdb.bgsaveInProgress()) {
					if (!this.rewriteScheduled) {
						LOGGER.info("Starting automatic rewriting of AOF on " + growth() + "% growth");
					}
					startRewrite();
				}
			}
			catch (IOException ex) {
				LOGGER.error("Can't rewrite append only file in background: " + ex.getMessage(), ex);
			}
			finally {
				this.lock.unlock();
			}
		}
	}

	private boolean autoRewriteDue() {
		long percentage = this.settings.rewritePercentage();
		return this.state == State.ON && percentage > 0 && this.currentSize > this.settings.rewriteMinSize()
				&& growth() >= percentage;
	}

	private long growth() {
		long base = this.baseSize > 0 ? this.baseSize : 1;
		return this.currentSize * 100 / base - 100;
	}

	// --- rewriting

	/** What a running rewrite needs when it ends. */
	private record Rewrite(RdbSnapshot snapshot, AofManifest.Entry newIncr, long startedNanos) {
	}

	public boolean rewriteInProgress() {
		return this.rewrite != null;
	}

	/** Turned on at run time and the first base is not written yet: the files do not hold the data. */
	public boolean waitingForFirstRewrite() {
		return this.state == State.WAIT_REWRITE;
	}

	/** BGREWRITEAOF while a BGSAVE runs: started by the cron once it is over. */
	public void scheduleRewrite() {
		this.rewriteScheduled = true;
	}

	/**
	 * BGREWRITEAOF, or CONFIG SET appendonly yes, under the database lock: a new incremental file
	 * takes the writes from this instant on, and a thread writes the instant's data as a new base.
	 */
	public void startRewrite() throws IOException {
		this.rewriteScheduled = false;
		Files.createDirectories(aofDir());
		AofManifest.Entry newIncr;
		synchronized (this.fileLock) {
			if (this.incr != null) {
				writeBuffer(this.settings.fsync() != Fsync.NO);
				this.incr.close();
			}
			if (this.manifest == null) {
				this.manifest = readManifestOrEmpty();
			}
			if (this.state == State.OFF) {
				newIncr = null; // BGREWRITEAOF with appendonly no: a base alone, no file to append to
			}
			else if (this.state == State.WAIT_REWRITE) {
				// turned on at run time: the files join the manifest only once the base is written
				newIncr = new AofManifest.Entry("temp-" + this.settings.filename() + ".incr", 0, AofManifest.INCR);
				Files.deleteIfExists(aofDir().resolve(newIncr.name()));
			}
			else {
				newIncr = this.manifest.newIncr(this.settings.filename());
				persistManifest(this.manifest);
			}
			if (newIncr != null) {
				openIncr(aofDir().resolve(newIncr.name()));
			}
		}
		RdbSnapshot snapshot = this.rdb.snapshot(this.clock.getAsLong());
		this.rdb.attachRewrite(snapshot);
		Rewrite running = new Rewrite(snapshot, newIncr, System.nanoTime());
		this.rewrite = running;
		LOGGER.info("Background append only file rewriting started");
		Thread.ofPlatform().name("aof-rewrite").daemon().start(() -> runRewrite(running));
	}

	private AofManifest readManifestOrEmpty() throws IOException {
		AofManifest existing = readManifest();
		return existing != null ? existing : new AofManifest();
	}

	private void runRewrite(Rewrite running) {
		Path temp = aofDir().resolve("temp-rewriteaof-bg-" + ProcessHandle.current().pid() + ".aof");
		boolean ok = false;
		try {
			writeBase(running.snapshot(), temp);
			ok = true;
		}
		catch (IOException | RuntimeException ex) {
			LOGGER.error("Background AOF rewrite failed: " + ex.getMessage(), ex);
			try {
				Files.deleteIfExists(temp);
			}
			catch (IOException ignored) {
				// nothing more to do
			}
		}
		this.lock.lock();
		try {
			this.rdb.attachRewrite(null);
			if (ok) {
				finishRewrite(running, temp);
			}
		}
		catch (IOException ex) {
			ok = false;
			LOGGER.error("Background AOF rewrite could not be installed: " + ex.getMessage(), ex);
		}
		finally {
			this.rewrite = null;
			this.lastRewriteOk = ok;
			this.lastRewriteSeconds = Math.round((System.nanoTime() - running.startedNanos()) / 1e9);
			this.consecutiveRewriteFailures = ok ? 0 : this.consecutiveRewriteFailures + 1;
			this.lock.unlock();
		}
	}

	/** backgroundRewriteDoneHandler: the new base renamed in, the manifest updated, the old files deleted. */
	private void finishRewrite(Rewrite running, Path temp) throws IOException {
		synchronized (this.fileLock) {
			AofManifest next = this.manifest.copy();
			AofManifest.Entry base = next.newBase(this.settings.filename(), this.settings.useRdbPreamble());
			Files.move(temp, aofDir().resolve(base.name()), StandardCopyOption.REPLACE_EXISTING,
					StandardCopyOption.ATOMIC_MOVE);
			AofManifest.Entry newIncr = running.newIncr();
			if (this.state == State.WAIT_REWRITE) {
				// the temporary incremental file becomes a real one
				AofManifest.Entry real = next.newIncr(this.settings.filename());
				writeBuffer(this.settings.fsync() != Fsync.NO);
				Path realPath = aofDir().resolve(real.name());
				Files.move(this.incrPath, realPath, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
				this.incrPath = realPath;
				newIncr = real;
			}
			next.historyBefore(newIncr);
			persistManifest(next);
			for (AofManifest.Entry old : next.history) {
				Files.deleteIfExists(aofDir().resolve(old.name()));
			}
			next.history.clear();
			persistManifest(next); // aofDelHistoryFiles: the manifest again, without the deleted files
			this.manifest = next;
			this.baseSize = Files.size(aofDir().resolve(base.name()));
			this.currentSize = this.baseSize + this.written;
			this.rewrites++;
			if (this.state == State.WAIT_REWRITE) {
				this.state = State.ON;
				LOGGER.info("Background AOF rewrite finished successfully");
			}
			LOGGER.info("Background AOF rewrite terminated with success");
		}
	}

	// --- turning it on and off at run time (CONFIG SET appendonly)

	/** CONFIG SET appendonly yes, under the database lock: writes are logged from now on, the base written in the background. */
	public void enable() throws IOException {
		if (this.state != State.OFF) {
			return;
		}
		this.settings.setAppendonly(true);
		this.state = State.WAIT_REWRITE;
		if (this.rdb.bgsaveInProgress()) {
			this.rdb.abortBgsave(); // Redis kills an RDB child to start the rewrite at once
		}
		try {
			startRewrite();
		}
		catch (IOException ex) {
			this.state = State.OFF;
			this.settings.setAppendonly(false);
			throw ex;
		}
	}

	/** CONFIG SET appendonly no, under the database lock: the file is flushed and closed; a rewrite stops. */
	public void disable() {
		this.settings.setAppendonly(false);
		if (this.state == State.OFF) {
			return;
		}
		Rewrite running = this.rewrite;
		if (running != null) {
			running.snapshot().abort();
		}
		synchronized (this.fileLock) {
			writeBuffer(true);
			closeIncr();
			this.state = State.OFF;
		}
	}

	private void closeIncr() {
		if (this.incr != null) {
			try {
				this.incr.close();
			}
			catch (IOException ex) {
				LOGGER.warn("Closing the AOF file failed: " + ex.getMessage());
			}
			this.incr = null;
		}
	}

	/** Shutdown: what is buffered is written and forced to disk, a rewrite is stopped. */
	public void shutdown() {
		Rewrite running = this.rewrite;
		if (running != null) {
			running.snapshot().abort();
		}
		if (this.state == State.OFF) {
			return;
		}
		synchronized (this.fileLock) {
			writeBuffer(true);
			if (this.incr != null) {
				try {
					this.incr.force(true);
				}
				catch (IOException ex) {
					LOGGER.error("Error syncing the AOF file on shutdown: " + ex.getMessage(), ex);
				}
			}
			LOGGER.info("Calling fsync() on the AOF file.");
		}
	}

	// --- INFO persistence

	/** The aof_* fields always present, in Redis 7.0's order. */
	public void describe(Map<String, Object> info) {
		Rewrite running = this.rewrite;
		info.put("aof_enabled", this.state != State.OFF ? 1 : 0);
		info.put("aof_rewrite_in_progress", running != null ? 1 : 0);
		info.put("aof_rewrite_scheduled", this.rewriteScheduled ? 1 : 0);
		info.put("aof_last_rewrite_time_sec", this.lastRewriteSeconds);
		info.put("aof_current_rewrite_time_sec",
				running == null ? -1 : Math.round((System.nanoTime() - running.startedNanos()) / 1e9));
		info.put("aof_last_bgrewrite_status", this.lastRewriteOk ? "ok" : "err");
		info.put("aof_rewrites", this.rewrites);
		info.put("aof_rewrites_consecutive_failures", this.consecutiveRewriteFailures);
		info.put("aof_last_write_status", this.lastWriteError == null ? "ok" : "err");
		info.put("aof_last_cow_size", 0);
	}

	/** The fields Redis adds while the AOF is on, in its order. */
	public void describeWhenOn(Map<String, Object> info) {
		if (this.state == State.OFF) {
			return;
		}
		info.put("aof_current_size", this.currentSize);
		info.put("aof_base_size", this.baseSize);
		info.put("aof_pending_rewrite", this.rewriteScheduled ? 1 : 0);
		int pending;
		synchronized (this.bufferLock) {
			pending = this.buffer.length();
		}
		info.put("aof_buffer_length", pending);
		info.put("aof_pending_bio_fsync", 0);
		info.put("aof_delayed_fsync", this.delayedFsyncs);
	}

	/** For tests and INFO: the file commands are appended to now. */
	Path incrPath() {
		return this.incrPath;
	}

}
