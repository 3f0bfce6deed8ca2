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
import io.kvserver.protocol.ReplyWriter;

/** SAVE, BGSAVE and LASTSAVE: the replies; the files are the persistence layer's. */
public final class PersistenceCommands implements CommandFamily {

	private static final Log LOGGER = LogFactory.getLog(PersistenceCommands.class);

	private final RdbPersistence rdb;

	public PersistenceCommands(RdbPersistence rdb) {
		this.rdb = rdb;
	}

	@Override
	public List<CommandSpec> commands() {
		return List.of(CommandSpec.of("save", this::save), CommandSpec.of("bgsave", this::bgsave),
				CommandSpec.of("lastsave", (s, a, o) -> o.integer(this.rdb.lastSaveSeconds())));
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

	/** BGSAVE [SCHEDULE]: with nothing else saving, SCHEDULE starts it at once too. */
	private void bgsave(Session session, byte[][] argv, ReplyWriter out) {
		if (argv.length > 2 || (argv.length == 2 && !Args.is(argv[1], "SCHEDULE"))) {
			throw new CommandException(CommandException.SYNTAX);
		}
		if (this.rdb.bgsaveInProgress()) {
			throw new CommandException("ERR Background save already in progress");
		}
		this.rdb.bgsave();
		out.simpleString("Background saving started");
	}

}
