package io.kvserver.persistence;

import java.nio.file.Path;
import java.util.List;

/**
 * The persistence settings under Redis's names. CONFIG SET may change {@code save},
 * {@code rdbcompression} and {@code stop-writes-on-bgsave-error} while the server runs; {@code dir}
 * and {@code dbfilename} are protected and {@code rdbchecksum} immutable, as in Redis 7.0. Read by
 * the saving thread, written by commands: volatile.
 */
public final class PersistenceSettings {

	private final Path dir;

	private final String dbfilename;

	private volatile List<SaveRule> saveRules;

	private volatile boolean rdbCompression = true;

	private volatile boolean rdbChecksum = true;

	private volatile boolean stopWritesOnBgsaveError = true;

	public PersistenceSettings(Path dir, String dbfilename, List<SaveRule> saveRules) {
		this.dir = dir.toAbsolutePath().normalize();
		this.dbfilename = dbfilename;
		this.saveRules = List.copyOf(saveRules);
	}

	public Path dir() {
		return this.dir;
	}

	public String dbfilename() {
		return this.dbfilename;
	}

	public Path rdbFile() {
		return this.dir.resolve(this.dbfilename);
	}

	public List<SaveRule> saveRules() {
		return this.saveRules;
	}

	public void setSaveRules(List<SaveRule> rules) {
		this.saveRules = List.copyOf(rules);
	}

	public boolean rdbCompression() {
		return this.rdbCompression;
	}

	public void setRdbCompression(boolean on) {
		this.rdbCompression = on;
	}

	public boolean rdbChecksum() {
		return this.rdbChecksum;
	}

	public void setRdbChecksum(boolean on) {
		this.rdbChecksum = on;
	}

	public boolean stopWritesOnBgsaveError() {
		return this.stopWritesOnBgsaveError;
	}

	public void setStopWritesOnBgsaveError(boolean on) {
		this.stopWritesOnBgsaveError = on;
	}

}
