package io.kvserver.compat.random;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.kvserver.protocol.RespReply;
import io.kvserver.compat.random.CommandGenerator.StateRead;

/**
 * The end of a run: every key of every database the run uses, on both servers. The key sets must
 * match, and per key its {@code TYPE}, {@code OBJECT ENCODING}, whether it has a TTL (the TTL within
 * a couple of seconds), its whole value (the type's {@link StateRead}) and, where kvserver has DUMP
 * and the encoding fixes the order of the serialised elements, the {@code DUMP} bytes: Redis's
 * canonical serialisation. Last, {@code INFO keyspace} (keys and expires per database).
 */
final class FinalState {

	/** Databases the generators select, move and copy into (0 to 3). */
	static final int DATABASES = 4;

	private static final List<String> ORDERED_ENCODINGS = List.of("int", "embstr", "raw", "listpack", "intset");

	private final Generators generators;

	private final int index;

	FinalState(Generators generators, int index) {
		this.generators = generators;
		this.index = index;
	}

	Difference compare(Side r, Side k) {
		for (int db = 0; db < DATABASES; db++) {
			Difference d = compareDatabase(r, k, db);
			if (d != null) {
				List<FuzzCommand> reads = new ArrayList<>();
				reads.add(new FuzzCommand("select", Args.of("SELECT", db).build(), 0, false));
				reads.addAll(d.reads());
				return new Difference(d.index(), "db " + db + ": " + d.request(), d.signature(), d.detail(), reads);
			}
		}
		return read(r, k, "info", ServerCommandGenerator.AVG_TTL, "INFO", "keyspace");
	}

	private Difference compareDatabase(Side r, Side k, int db) {
		Difference d = read(r, k, "select", ReplyRules.EXACT, "SELECT", db);
		if (d == null) {
			d = read(r, k, "keys", ReplyRules.UNORDERED, "KEYS", "*");
		}
		if (d != null) {
			return d;
		}
		List<byte[]> keys = new ArrayList<>(
				r.ask(0, List.of(Gen.bytes("KEYS"), Gen.bytes("*"))).children().stream().map(RespReply::payload).toList());
		keys.sort(Arrays::compare);
		for (byte[] key : keys) {
			d = compareKey(r, k, key);
			if (d != null) {
				return d;
			}
		}
		return null;
	}

	private Difference compareKey(Side r, Side k, byte[] key) {
		Difference d = read(r, k, "type", ReplyRules.EXACT, "TYPE", key);
		if (d == null) {
			d = read(r, k, "object|encoding", ReplyRules.EXACT, "OBJECT", "ENCODING", key);
		}
		if (d == null) {
			d = read(r, k, "ttl", ReplyRules.within(2), "TTL", key);
		}
		if (d != null) {
			return d;
		}
		String type = r.ask(0, List.of(Gen.bytes("TYPE"), key)).text();
		StateRead stateRead = this.generators.stateReads().get(type);
		if (stateRead != null) {
			List<Object> words = new ArrayList<>(stateRead.words());
			words.add(key);
			words.addAll(stateRead.after());
			d = read(r, k, stateRead.name(), this.generators.rule(stateRead.name()), words.toArray());
		}
		if (d == null && this.generators.implemented("dump")) {
			String encoding = r.ask(0, List.of(Gen.bytes("OBJECT"), Gen.bytes("ENCODING"), key)).text();
			if (ORDERED_ENCODINGS.contains(encoding)) {
				d = read(r, k, "dump", ReplyRules.EXACT, "DUMP", key);
			}
		}
		return d;
	}

	private Difference read(Side r, Side k, String name, ReplyRule rule, Object... words) {
		FuzzCommand command = new FuzzCommand(name, Args.of(words).build(), 0, false);
		RespReply rv = r.ask(0, command.argv());
		RespReply kv = k.ask(0, command.argv());
		ReplyRule.Servers servers = new BothServers(command, r, k);
		String detail = Replay.compareOne(rule, rv, kv, servers);
		return detail == null ? null
				: new Difference(this.index, "final state: " + command, "final state " + name, detail, List.of(command));
	}

}
