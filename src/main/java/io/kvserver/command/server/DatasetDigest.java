package io.kvserver.command.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import io.kvserver.persistence.StoredValues;
import io.kvserver.persistence.rdb.RdbValue;
import io.kvserver.persistence.rdb.RdbValue.HashData;
import io.kvserver.persistence.rdb.RdbValue.ListData;
import io.kvserver.persistence.rdb.RdbValue.SetData;
import io.kvserver.persistence.rdb.RdbValue.SortedSetData;
import io.kvserver.persistence.rdb.RdbValue.StreamData;
import io.kvserver.persistence.rdb.RdbValue.StreamEntry;
import io.kvserver.persistence.rdb.RdbValue.StringData;
import io.kvserver.protocol.Doubles;
import io.kvserver.store.Keyspace;
import io.kvserver.store.Store;

/**
 * DEBUG DIGEST and DIGEST-VALUE, computed as debug.c computes them (SHA-1 mixes and xors over keys,
 * types, elements and expiry), so the same data gives the same digest on kvserver and on Redis: a
 * whole dataset compares in one command.
 */
final class DatasetDigest {

	private static final byte[] EXPIRE_MARK = "!!expire!!".getBytes(StandardCharsets.US_ASCII);

	private DatasetDigest() {
	}

	/** The digest of every database, 40 zeros when all are empty. */
	static String of(Store store) {
		byte[] total = new byte[20];
		for (int j = 0; j < store.count(); j++) {
			Keyspace db = store.db(j);
			if (db.size() == 0) {
				continue;
			}
			mix(total, int32(j));
			long cursor = 0;
			do {
				cursor = db.scanEntries(cursor, (key, value, expireAt) -> {
					byte[] digest = new byte[20];
					mix(digest, key);
					xorObject(digest, value, expireAt != -1);
					xor(total, sha1(digest));
				});
			}
			while (cursor != 0);
		}
		return HexFormat.of().formatHex(total);
	}

	/** One key's value digest, 40 zeros for a missing key; an expired key still counts, as dictFind finds it. */
	static String ofValue(Keyspace db, byte[] key) {
		byte[] digest = new byte[20];
		Object value = db.peekEntry(key);
		if (value != null) {
			xorObject(digest, value, db.peekDeadline(key) != -1);
		}
		return HexFormat.of().formatHex(digest);
	}

	private static void xorObject(byte[] digest, Object stored, boolean hasExpire) {
		RdbValue value = StoredValues.toRdb(stored);
		mix(digest, int32(typeCode(value)));
		switch (value) {
			case StringData s -> mix(digest, s.value());
			case ListData l -> l.elements().forEach(element -> mix(digest, element));
			case SetData s -> s.members().forEach(member -> xor(digest, sha1(member)));
			case SortedSetData z -> {
				for (int i = 0; i < z.members().size(); i++) {
					byte[] element = new byte[20];
					mix(element, z.members().get(i));
					mix(element, Doubles.format17g(z.scores()[i]).getBytes(StandardCharsets.US_ASCII));
					xor(digest, sha1(element));
				}
			}
			case HashData h -> {
				for (int i = 0; i < h.fields().size(); i++) {
					byte[] element = new byte[20];
					mix(element, h.fields().get(i));
					mix(element, h.values().get(i));
					xor(digest, sha1(element));
				}
			}
			case StreamData s -> {
				for (StreamEntry entry : s.entries()) {
					mix(digest, (Long.toUnsignedString(entry.id().ms()) + "." + Long.toUnsignedString(entry.id().seq()))
						.getBytes(StandardCharsets.US_ASCII));
					entry.fieldsAndValues().forEach(part -> mix(digest, part));
				}
			}
		}
		if (hasExpire) {
			xor(digest, sha1(EXPIRE_MARK));
		}
	}

	/** Redis's OBJ_* type codes. */
	private static int typeCode(RdbValue value) {
		return switch (value) {
			case StringData s -> 0;
			case ListData l -> 1;
			case SetData s -> 2;
			case SortedSetData z -> 3;
			case HashData h -> 4;
			case StreamData s -> 6;
		};
	}

	/** digest ^= hash; Redis's xorDigest(digest, data) is {@code xor(digest, sha1(data))}. */
	private static void xor(byte[] digest, byte[] hash) {
		for (int j = 0; j < 20; j++) {
			digest[j] ^= hash[j];
		}
	}

	/** Redis's mixDigest: digest = SHA1(digest ^ SHA1(data)), so order matters. */
	private static void mix(byte[] digest, byte[] data) {
		xor(digest, sha1(data));
		System.arraycopy(sha1(digest), 0, digest, 0, 20);
	}

	private static byte[] int32(int value) {
		return new byte[] { (byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value };
	}

	private static byte[] sha1(byte[] data) {
		try {
			return MessageDigest.getInstance("SHA-1").digest(data);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every JVM has SHA-1", ex);
		}
	}

}
