package io.kvserver.command.zsets;

import java.util.function.LongSupplier;

import io.kvserver.command.BulkSink;
import io.kvserver.command.CommandException;
import io.kvserver.command.KeyReads;
import io.kvserver.metrics.ServerStats;
import io.kvserver.protocol.ReplyWriter;
import io.kvserver.store.Keyspace;
import io.kvserver.store.ZSetValue;
import io.kvserver.util.Strtod;

/** What the sorted-set commands share: lookups, the encoding limits, score arguments and scored replies. */
final class ZSets {

	static final String NOT_A_FLOAT = "ERR value is not a valid float";

	final KeyReads reads;

	private final LongSupplier maxListpackEntries;

	private final LongSupplier maxListpackValue;

	ZSets(ServerStats stats, LongSupplier maxListpackEntries, LongSupplier maxListpackValue) {
		this.reads = new KeyReads(stats);
		this.maxListpackEntries = maxListpackEntries;
		this.maxListpackValue = maxListpackValue;
	}

	/** zset-max-listpack-entries */
	long maxEntries() {
		return this.maxListpackEntries.getAsLong();
	}

	/** zset-max-listpack-value */
	long maxValue() {
		return this.maxListpackValue.getAsLong();
	}

	ZSetValue read(Keyspace db, byte[] key) {
		return this.reads.read(db, key, ZSetValue.class);
	}

	static ZSetValue forWrite(Keyspace db, byte[] key) {
		return KeyReads.forWrite(db, key, ZSetValue.class);
	}

	/** Adds a member as ZADD does (no flags) with these limits. */
	void add(ZSetValue zset, double score, byte[] member) {
		zset.add(score, member, 0, maxEntries(), maxValue());
	}

	/**
	 * A score argument as Redis's getDoubleFromObjectOrReply reads it (string2d: no spaces, no NaN,
	 * nothing beyond a double's range).
	 * @param error the error text when it is not one
	 */
	static double parseScore(byte[] arg, String error) {
		double value = Strtod.string2d(arg);
		if (Double.isNaN(value)) {
			throw new CommandException(error);
		}
		return value;
	}

	/** After members were taken out: the key goes if the set is empty, else it changed. */
	static void removed(Keyspace db, byte[] key, ZSetValue zset, long before) {
		if (zset.isEmpty()) {
			db.delete(key);
		}
		else {
			db.modified(key, zset.memoryBytes() - before);
		}
	}

	/**
	 * The header of a reply of {@code count} members with or without their scores: with scores, a
	 * flat array of 2 &times; count in RESP2 and an array of [member, score] pairs in RESP3, as Redis
	 * replies to ZRANGE ... WITHSCORES.
	 */
	static void rangeHeader(ReplyWriter out, long count, boolean withScores) {
		out.arrayHeader((int) (withScores && !out.isResp3() ? 2 * count : count));
	}

	/** One member of such a reply. */
	static void rangeEntry(ReplyWriter out, ZSetValue.Cursor cursor, boolean withScores, BulkSink sink) {
		if (withScores && out.isResp3()) {
			out.arrayHeader(2);
		}
		cursor.emitMember(sink);
		if (withScores) {
			out.doubleValue(cursor.score());
		}
	}

	/** One member given as bytes. */
	static void rangeEntry(ReplyWriter out, byte[] member, double score, boolean withScores) {
		if (withScores && out.isResp3()) {
			out.arrayHeader(2);
		}
		out.bulk(member);
		if (withScores) {
			out.doubleValue(score);
		}
	}

}
