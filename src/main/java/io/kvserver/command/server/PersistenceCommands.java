package io.kvserver.command.server;

import java.io.IOException;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.kvserver.command.Args;
import io.kvserver.command.CommandException;
import io.kvserver.command.CommandFamily;
import io.kvserver.command.CommandSpec;
import io.kvserver.command.Session;
import io.kvserver.persistence.RdbPersistence;
import io.kvserver.persistence.aof.AppendOnlyFile;
import io.kvserver.protocol.ReplyWriter;

/** SAVE, BGSAVE, LASTSAVE, BGREWRITEAOF and SHUTDOWN: the replies; the files are the persistence layer's. */
public final class PersistenceCommands implements CommandFamily {

	private static final Log LOGGER = LogFactory.getLog(PersistenceCommands.class);

	private final RdbPersistence rdb;

	private final AppendOnlyFile aof;

	private final ShutdownSequence shutdown;

	private final Runnable exit;

	/**
	 * @param exit ends the process with status 0 once SHUTDOWN has made the files final
	 */
	public PersistenceCommands(RdbPersistence rdb, AppendOnlyFile aof, ShutdownSequence shutdown, Runnable exit) {
		this.rdb = rdb;
		this.aof = aof;
		this.shutdown = shutdown;
		this.exit = exit;
	}

	@Override
	public List<CommandSpec> commands() {
		return List.of(CommandSpec.of("save", this::save), CommandSpec.of("bgsave", this::bgsave),
				CommandSpec.of("lastsave", (s, a, o) -> o.integer(this.rdb.lastSaveSeconds())),
				CommandSpec.of("bgrewriteaof", this::bgrewriteaof), CommandSpec.of("shutdown", this::shutdown));
	}

	private void save(Session session, byte[][] argv, ReplyWriter out) {
		try {
			this.rdb.save();
			out.ok();
		}
		catch (RdbPersistence.SaveInProgressException ex) {
			throw new CommandException("ERR " + ex.getMessage());
		}
		catch (IOException | RuntimeException ex) {
			LOGGER.error("Failed saving the DB: " + ex.getMessage(), ex);
			throw new CommandException("ERR"); // Redis's shared.err: the reason is in the log
		}
	}

	/** BGSAVE [SCHEDULE]: while an AOF rewrite runs, SCHEDULE waits for it; with nothing else saving, it starts at once. */
	private void bgsave(Session session, byte[][] argv, ReplyWriter out) {
		boolean schedule = argv.length == 2 && Args.is(argv[1], "SCHEDULE");
		if (argv.length > 2 || (argv.length == 2 && !schedule)) {
			throw new CommandException(CommandException.SYNTAX);
		}
		if (this.rdb.bgsaveInProgress()) {
			throw new CommandException("ERR Background save already in progress");
		}
		if (this.aof.rewriteInProgress()) {
			if (!schedule) {
				throw new CommandException("ERR Another child process is active (AOF?): can't BGSAVE right now. "
						+ "Use BGSAVE SCHEDULE in order to schedule a BGSAVE whenever possible.");
			}
			this.rdb.scheduleBgsave();
			out.simpleString("Background saving scheduled");
			return;
		}
		this.rdb.bgsave();
		out.simpleString("Background saving started");
	}

	private void bgrewriteaof(Session session, byte[][] argv, ReplyWriter out) {
		if (this.aof.rewriteInProgress()) {
			throw new CommandException("ERR Background append only file rewriting already in progress");
		}
		if (this.rdb.bgsaveInProgress()) {
			this.aof.scheduleRewrite();
			out.simpleString("Background append only file rewriting scheduled");
			return;
		}
		try {
			this.aof.startRewrite();
			out.simpleString("Background append only file rewriting started");
		}
		catch (IOException | RuntimeException ex) {
			LOGGER.error("Can't rewrite append only file in background: " + ex.getMessage(), ex);
			throw new CommandException("ERR Can't execute an AOF background rewriting. "
					+ "Please check the server logs for more information.");
		}
	}

	/** SHUTDOWN [NOSAVE | SAVE] [NOW] [FORCE] [ABORT]: on success the process exits and the client gets no reply. */
	private void shutdown(Session session, byte[][] argv, ReplyWriter out) {
		boolean save = false;
		boolean noSave = false;
		boolean now = false;
		boolean force = false;
		boolean abort = false;
		for (int i = 1; i < argv.length; i++) {
			if (Args.is(argv[i], "NOSAVE")) {
				noSave = true;
			}
			else if (Args.is(argv[i], "SAVE")) {
				save = true;
			}
			else if (Args.is(argv[i], "NOW")) {
				now = true;
			}
			else if (Args.is(argv[i], "FORCE")) {
				force = true;
			}
			else if (Args.is(argv[i], "ABORT")) {
				abort = true;
			}
			else {
				throw new CommandException(CommandException.SYNTAX);
			}
		}
		if ((abort && (save || noSave || now || force)) || (save && noSave)) {
			throw new CommandException(CommandException.SYNTAX);
		}
		if (abort) {
			// without replicas to wait for, a shutdown never stays in progress
			throw new CommandException("ERR No shutdown in progress.");
		}
		if (!this.shutdown.prepare(new ShutdownSequence.Flags(save, noSave, now, force))) {
			throw new CommandException("ERR Errors trying to SHUTDOWN. Check logs.");
		}
		out.closeAfterWrite();
		this.exit.run();
	}

}
