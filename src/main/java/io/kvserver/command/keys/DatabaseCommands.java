package io.kvserver.command.keys;

import java.util.Arrays;
import java.util.List;

import io.kvserver.command.Args;
import io.kvserver.command.CommandException;
import io.kvserver.command.CommandFamily;
import io.kvserver.command.CommandSpec;
import io.kvserver.command.KeyReads;
import io.kvserver.command.Session;
import io.kvserver.command.TransactionManager;
import io.kvserver.metrics.ServerStats;
import io.kvserver.protocol.ReplyWriter;
import io.kvserver.store.Keyspace;
import io.kvserver.store.Store;
import io.kvserver.util.Numbers;

/**
 * Commands across databases: SWAPDB, MOVE and COPY (db.c); and WAIT, which with no replicas to
 * wait for answers at once.
 */
public final class DatabaseCommands implements CommandFamily {

	private static final String SAME_OBJECT = "ERR source and destination objects are the same";

	private static final String DB_OUT_OF_RANGE = "ERR DB index is out of range";

	private final Store databases;

	private final KeyReads reads;

	private final TransactionManager transactions;

	public DatabaseCommands(Store databases, ServerStats stats, TransactionManager transactions) {
		this.databases = databases;
		this.reads = new KeyReads(stats);
		this.transactions = transactions;
	}

	@Override
	public List<CommandSpec> commands() {
		return List.of(
				CommandSpec.of("swapdb", this::swapDb),
				CommandSpec.of("move", this::move),
				CommandSpec.of("copy", this::copy),
				CommandSpec.of("wait", this::await));
	}

	private void swapDb(Session session, byte[][] argv, ReplyWriter out) {
		int first = intArgument(argv[1], "ERR invalid first DB index");
		int second = intArgument(argv[2], "ERR invalid second DB index");
		if (!validDb(first) || !validDb(second)) {
			throw new CommandException(DB_OUT_OF_RANGE);
		}
		if (first == second) {
			out.ok(); // Redis's dbSwapDatabases returns before touching anything: WATCH stays intact
			return;
		}
		// Clients watching keys in either database see them change, as Redis's touchAllWatchedKeysInDb.
		this.transactions.replacing(first, this.databases.db(first), this.databases.db(second));
		this.transactions.replacing(second, this.databases.db(second), this.databases.db(first));
		this.databases.swap(first, second);
		out.ok();
	}

	/** MOVE key db: the key and its TTL go to the other database, unless the key exists there. */
	private void move(Session session, byte[][] argv, ReplyWriter out) {
		int target = intArgument(argv[2], null);
		if (!validDb(target)) {
			throw new CommandException(DB_OUT_OF_RANGE);
		}
		if (target == session.db()) {
			throw new CommandException(SAME_OBJECT);
		}
		Keyspace source = this.databases.db(session.db());
		Keyspace destination = this.databases.db(target);
		if (source.get(argv[1]) == null || destination.get(argv[1]) != null) {
			out.integer(0);
			return;
		}
		source.moveTo(argv[1], destination);
		out.integer(1);
	}

	/** COPY source destination [DB destination-db] [REPLACE]: a new value with the source's TTL. */
	private void copy(Session session, byte[][] argv, ReplyWriter out) {
		int target = session.db();
		boolean replace = false;
		for (int j = 3; j < argv.length; j++) {
			if (Args.is(argv[j], "REPLACE")) {
				replace = true;
			}
			else if (Args.is(argv[j], "DB") && j + 1 < argv.length) {
				target = intArgument(argv[++j], null);
				if (!validDb(target)) {
					throw new CommandException(DB_OUT_OF_RANGE);
				}
			}
			else {
				throw new CommandException(CommandException.SYNTAX);
			}
		}
		if (target == session.db() && Arrays.equals(argv[1], argv[2])) {
			throw new CommandException(SAME_OBJECT);
		}
		Keyspace source = this.databases.db(session.db());
		Keyspace destination = this.databases.db(target);
		if (this.reads.read(source, argv[1]) == null) {
			out.integer(0);
			return;
		}
		if (destination.get(argv[2]) != null) {
			if (!replace) {
				out.integer(0);
				return;
			}
			destination.delete(argv[2]);
		}
		source.copyTo(argv[1], destination, argv[2]);
		out.integer(1);
	}

	/**
	 * WAIT numreplicas timeout. There are no replicas, so no write is ever acknowledged: the answer
	 * is 0 at once. (Redis would block until the timeout when more than 0 replicas are asked for;
	 * with none connected the answer it then gives is the same 0.)
	 */
	private void await(Session session, byte[][] argv, ReplyWriter out) {
		Args.parseLong(argv[1]);
		long[] timeout = new long[1];
		if (!Numbers.parseLong(argv[2], timeout)) {
			throw new CommandException("ERR timeout is not an integer or out of range");
		}
		if (timeout[0] < 0) {
			throw new CommandException("ERR timeout is negative");
		}
		out.integer(0);
	}

	private boolean validDb(int index) {
		return index >= 0 && index < this.databases.count();
	}

	/**
	 * Redis's getIntFromObjectOrReply: not an integer, or outside the int range, gives the message
	 * if there is one, else Redis's own texts.
	 */
	private static int intArgument(byte[] arg, String message) {
		long[] value = new long[1];
		if (!Numbers.parseLong(arg, value)) {
			throw new CommandException(message != null ? message : CommandException.NOT_AN_INTEGER);
		}
		if (value[0] < Integer.MIN_VALUE || value[0] > Integer.MAX_VALUE) {
			throw new CommandException(message != null ? message
					: "ERR value is out of range, value must between -2147483648 and 2147483647");
		}
		return (int) value[0];
	}

}
