package io.kvserver.command.server;

import java.io.IOException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.kvserver.persistence.RdbPersistence;
import io.kvserver.persistence.aof.AppendOnlyFile;

/**
 * What the server does on its way out, as Redis's finishShutdown: a background save is stopped,
 * the AOF flushed and forced to disk (a rewrite that is still writing the first base refuses
 * unless FORCE), and the dump saved when save points are set (or SAVE asked, and not NOSAVE); a
 * failed save stops the shutdown unless FORCE. SHUTDOWN runs it under the database lock; closing
 * the application (SIGTERM) runs it once more only if SHUTDOWN did not.
 */
public final class ShutdownSequence {

	private static final Log LOGGER = LogFactory.getLog(ShutdownSequence.class);

	/** SHUTDOWN's options. */
	public record Flags(boolean save, boolean noSave, boolean now, boolean force) {

		public static final Flags DEFAULT = new Flags(false, false, false, false);

	}

	private final RdbPersistence rdb;

	private final AppendOnlyFile aof;

	private volatile boolean done;

	public ShutdownSequence(RdbPersistence rdb, AppendOnlyFile aof) {
		this.rdb = rdb;
		this.aof = aof;
	}

	/** Whether the files were made final: writes after that would be lost, so they are refused. */
	public boolean done() {
		return this.done;
	}

	/**
	 * Under the database lock: true when the server may exit now; false when it must go on
	 * serving (logged as Redis logs it).
	 */
	public boolean prepare(Flags flags) {
		if (this.done) {
			return true;
		}
		LOGGER.warn("User requested shutdown...");
		if (this.rdb.bgsaveInProgress()) {
			LOGGER.warn("There is a child saving an .rdb. Killing it!");
			this.rdb.abortBgsave();
		}
		if (this.aof.rewriteInProgress() && this.aof.waitingForFirstRewrite()) {
			if (!flags.force()) {
				LOGGER.warn("Writing initial AOF, can't exit.");
				LOGGER.warn("Errors trying to shut down the server. Check the logs for more information.");
				return false;
			}
			LOGGER.warn("Writing initial AOF. Exit anyway.");
		}
		this.aof.shutdown();
		if ((!this.rdb.settings().saveRules().isEmpty() && !flags.noSave()) || flags.save()) {
			LOGGER.info("Saving the final RDB snapshot before exiting.");
			try {
				this.rdb.saveOnShutdown();
			}
			catch (IOException | RuntimeException ex) {
				if (!flags.force()) {
					LOGGER.warn("Error trying to save the DB, can't exit: " + ex.getMessage());
					LOGGER.warn("Errors trying to shut down the server. Check the logs for more information.");
					return false;
				}
				LOGGER.warn("Error trying to save the DB. Exit anyway.");
			}
		}
		this.done = true;
		LOGGER.warn("Redis is now ready to exit, bye bye...");
		return true;
	}

}
