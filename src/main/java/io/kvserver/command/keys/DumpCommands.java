package io.kvserver.command.keys;

import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

import io.kvserver.command.Args;
import io.kvserver.command.CommandException;
import io.kvserver.command.CommandFamily;
import io.kvserver.command.CommandSpec;
import io.kvserver.command.Effects;
import io.kvserver.command.KeyReads;
import io.kvserver.command.Session;
import io.kvserver.metrics.ServerStats;
import io.kvserver.persistence.DumpPayload;
import io.kvserver.persistence.StoredValues;
import io.kvserver.persistence.rdb.RdbFormatException;
import io.kvserver.protocol.ReplyWriter;
import io.kvserver.store.Keyspace;
import io.kvserver.store.Store;
import io.kvserver.util.Numbers;

/** DUMP and RESTORE, with Redis's payload (cluster.c): a value moves between Redis and kvserver either way. */
public final class DumpCommands implements CommandFamily {

	private final Store databases;

	private final KeyReads reads;

	private final LongSupplier clock;

	private final BooleanSupplier compression;

	/**
	 * @param compression whether payload strings are LZF-compressed, as Redis's rdbcompression decides for DUMP too
	 */
	public DumpCommands(Store databases, ServerStats stats, LongSupplier clock, BooleanSupplier compression) {
		this.databases = databases;
		this.reads = new KeyReads(stats);
		this.clock = clock;
		this.compression = compression;
	}

	@Override
	public String familyName() {
		return "key";
	}

	@Override
	public List<CommandSpec> commands() {
		return List.of(CommandSpec.of("dump", this::dump), CommandSpec.of("restore", this::restore));
	}

	private void dump(Session session, byte[][] argv, ReplyWriter out) {
		Object value = this.reads.read(this.databases.db(session.db()), argv[1]);
		if (value == null) {
			out.nullBulk();
			return;
		}
		out.bulk(DumpPayload.of(value, this.compression.getAsBoolean()));
	}

	/** RESTORE key ttl payload [REPLACE] [ABSTTL] [IDLETIME seconds] [FREQ frequency], checked in restoreCommand's order. */
	private void restore(Session session, byte[][] argv, ReplyWriter out) {
		boolean replace = false;
		boolean absoluteTtl = false;
		long idle = -1;
		long frequency = -1;
		for (int j = 4; j < argv.length; j++) {
			boolean more = j + 1 < argv.length;
			if (Args.is(argv[j], "REPLACE")) {
				replace = true;
			}
			else if (Args.is(argv[j], "ABSTTL")) {
				absoluteTtl = true;
			}
			else if (Args.is(argv[j], "IDLETIME") && more && frequency == -1) {
				idle = Args.parseLong(argv[++j]);
				if (idle < 0) {
					throw new CommandException("ERR Invalid IDLETIME value, must be >= 0");
				}
			}
			else if (Args.is(argv[j], "FREQ") && more && idle == -1) {
				frequency = Args.parseLong(argv[++j]);
				if (frequency < 0 || frequency > 255) {
					throw new CommandException("ERR Invalid FREQ value, must be >= 0 and <= 255");
				}
			}
			else {
				throw new CommandException(CommandException.SYNTAX);
			}
		}
		Keyspace db = this.databases.db(session.db());
		byte[] key = argv[1];
		if (!replace && db.get(key) != null) {
			throw new CommandException("BUSYKEY Target key name already exists.");
		}
		long ttl = Args.parseLong(argv[2]);
		if (ttl < 0) {
			throw new CommandException("ERR Invalid TTL value, must be >= 0");
		}
		byte[] payload = argv[3];
		if (!DumpPayload.verify(payload)) {
			throw new CommandException("ERR DUMP payload version or checksum are wrong");
		}
		Object value;
		try {
			value = DumpPayload.read(payload);
		}
		catch (RdbFormatException | StoredValues.UnsupportedTypeException ex) {
			throw new CommandException("ERR Bad data format");
		}
		if (replace) {
			db.delete(key);
		}
		if (ttl != 0 && !absoluteTtl) {
			ttl += this.clock.getAsLong();
		}
		if (ttl != 0 && ttl <= this.clock.getAsLong()) {
			session.propagateAs(Effects.del(key)); // recorded only if REPLACE deleted something
			out.ok(); // already expired: nothing is stored, as checkAlreadyExpired decides
			return;
		}
		if (ttl != 0) {
			db.set(key, value, ttl);
			if (!absoluteTtl) {
				byte[][] effect = Arrays.copyOf(argv, argv.length + 1); // the deadline absolute, as Redis propagates it
				effect[2] = Numbers.toBytes(ttl);
				effect[argv.length] = Effects.ABSTTL;
				session.propagateAs(effect);
			}
		}
		else {
			db.set(key, value);
		}
		// Redis's objectSetLRUOrLFU: FREQ counts under an LFU maxmemory-policy, IDLETIME under any other
		if (this.databases.accessTracking().tracksFrequency()) {
			if (frequency >= 0) {
				db.setFrequency(key, (int) frequency);
			}
		}
		else if (idle >= 0) {
			db.setIdleSeconds(key, idle);
		}
		out.ok();
	}

}
