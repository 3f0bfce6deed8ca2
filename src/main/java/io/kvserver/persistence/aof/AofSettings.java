package io.kvserver.persistence.aof;

import java.util.Locale;

/**
 * The append-only file's settings under Redis's names. CONFIG SET changes {@code appendonly}
 * (through {@link AppendOnlyFile#enable}/{@link AppendOnlyFile#disable}), {@code appendfsync},
 * {@code aof-use-rdb-preamble}, {@code aof-load-truncated} and the auto-rewrite pair;
 * {@code appenddirname} and {@code appendfilename} are immutable, as in Redis 7.0.
 */
public final class AofSettings {

	/** appendfsync: when the file is forced to disk. */
	public enum Fsync {

		/** Before the replies of every event-loop pass that wrote. */
		ALWAYS,
		/** Once a second, by a thread of its own. */
		EVERYSEC,
		/** Never: the operating system decides. */
		NO;

		public String configName() {
			return name().toLowerCase(Locale.ROOT);
		}

		/** The value of a CONFIG SET / property, or null if it is not one of the three. */
		public static Fsync of(String text) {
			return switch (text.toLowerCase(Locale.ROOT)) {
				case "always" -> ALWAYS;
				case "everysec" -> EVERYSEC;
				case "no" -> NO;
				default -> null;
			};
		}

	}

	private final String dirname;

	private final String filename;

	private volatile boolean appendonly;

	private volatile Fsync fsync = Fsync.EVERYSEC;

	private volatile boolean useRdbPreamble = true;

	private volatile boolean loadTruncated = true;

	private volatile long rewritePercentage = 100;

	private volatile boolean noFsyncOnRewrite;

	private volatile boolean rewriteIncrementalFsync = true;

	private volatile long rewriteMinSize = 64L * 1024 * 1024;

	public AofSettings(boolean appendonly, String dirname, String filename) {
		this.appendonly = appendonly;
		this.dirname = dirname;
		this.filename = filename;
	}

	public boolean appendonly() {
		return this.appendonly;
	}

	void setAppendonly(boolean on) {
		this.appendonly = on;
	}

	public String dirname() {
		return this.dirname;
	}

	public String filename() {
		return this.filename;
	}

	public Fsync fsync() {
		return this.fsync;
	}

	public void setFsync(Fsync fsync) {
		this.fsync = fsync;
	}

	public boolean useRdbPreamble() {
		return this.useRdbPreamble;
	}

	public void setUseRdbPreamble(boolean on) {
		this.useRdbPreamble = on;
	}

	public boolean loadTruncated() {
		return this.loadTruncated;
	}

	public void setLoadTruncated(boolean on) {
		this.loadTruncated = on;
	}

	/** no-appendfsync-on-rewrite: no fsync at all while a rewrite runs, as Redis (less latency, less safety). */
	public boolean noFsyncOnRewrite() {
		return this.noFsyncOnRewrite;
	}

	public void setNoFsyncOnRewrite(boolean on) {
		this.noFsyncOnRewrite = on;
	}

	public boolean rewriteIncrementalFsync() {
		return this.rewriteIncrementalFsync;
	}

	public void setRewriteIncrementalFsync(boolean on) {
		this.rewriteIncrementalFsync = on;
	}

	public long rewritePercentage() {
		return this.rewritePercentage;
	}

	public void setRewritePercentage(long percentage) {
		this.rewritePercentage = percentage;
	}

	public long rewriteMinSize() {
		return this.rewriteMinSize;
	}

	public void setRewriteMinSize(long bytes) {
		this.rewriteMinSize = bytes;
	}

}
