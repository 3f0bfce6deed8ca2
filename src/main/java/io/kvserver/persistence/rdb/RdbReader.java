package io.kvserver.persistence.rdb;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads a whole RDB file (rdb.c's rdbLoadRio): the header, aux fields, databases with their keys,
 * expiry times and access hints, function libraries, the EOF marker and the CRC-64 trailer, and
 * hands each piece to a {@link Visitor}.
 */
public final class RdbReader {

	/** What a file holds, piece by piece, in file order. */
	public interface Visitor {

		default void aux(byte[] name, byte[] value) {
		}

		/** Before a database's keys: its number, and the RESIZEDB hint (-1 when the file has none). */
		default void selectDb(int db) {
		}

		default void resizeDb(long size, long expires) {
		}

		/**
		 * One key of the database last selected.
		 * @param expireAtMillis Unix milliseconds, -1 for none
		 * @param idleSeconds the LRU idle time saved with it, -1 for none
		 * @param frequency the LFU counter saved with it, -1 for none
		 */
		void entry(byte[] key, RdbValue value, long expireAtMillis, long idleSeconds, int frequency);

		/** A function library's code (RDB_OPCODE_FUNCTION2). */
		default void functionLibrary(byte[] code) {
		}

	}

	private RdbReader() {
	}

	/** Reads until the EOF marker and checks the trailer; the input is left right after it. */
	public static void read(RdbInput in, Visitor visitor) throws IOException {
		int version = header(in);
		long expireAt = -1;
		long idle = -1;
		int frequency = -1;
		while (true) {
			int type = in.readByte();
			switch (type) {
				case Rdb.OPCODE_EXPIRETIME -> expireAt = in.readSeconds() * 1000L;
				case Rdb.OPCODE_EXPIRETIME_MS -> expireAt = in.readMillis();
				case Rdb.OPCODE_FREQ -> frequency = in.readByte();
				case Rdb.OPCODE_IDLE -> idle = in.readLength();
				case Rdb.OPCODE_SELECTDB -> visitor.selectDb(in.readCount());
				case Rdb.OPCODE_RESIZEDB -> visitor.resizeDb(in.readLength(), in.readLength());
				case Rdb.OPCODE_AUX -> visitor.aux(in.readString(), in.readString());
				case Rdb.OPCODE_FUNCTION2 -> visitor.functionLibrary(in.readString());
				case Rdb.OPCODE_FUNCTION ->
					throw new RdbFormatException("The RDB file holds functions of a Redis 7.0 release candidate");
				case Rdb.OPCODE_MODULE_AUX ->
					throw new RdbFormatException("The RDB file contains AUX module data, which kvserver cannot load");
				case Rdb.OPCODE_EOF -> {
					trailer(in, version);
					return;
				}
				default -> {
					if (!Rdb.isObjectType(type)) {
						throw new RdbFormatException("Unknown RDB encoding type " + type);
					}
					byte[] key = in.readString();
					RdbValue value = RdbValueReader.read(type, in);
					visitor.entry(key, value, expireAt, idle, frequency);
					expireAt = -1;
					idle = -1;
					frequency = -1;
				}
			}
		}
	}

	/** "REDIS" and a version this reader knows. */
	private static int header(RdbInput in) throws IOException {
		byte[] magic = in.readBytes(9);
		String text = new String(magic, StandardCharsets.ISO_8859_1);
		if (!text.startsWith("REDIS")) {
			throw new RdbFormatException("Wrong signature trying to load DB from file");
		}
		int version;
		try {
			version = Integer.parseInt(text.substring(5));
		}
		catch (NumberFormatException ex) {
			version = 0;
		}
		if (version < 1 || version > Rdb.VERSION) {
			throw new RdbFormatException("Can't handle RDB format version " + text.substring(5));
		}
		return version;
	}

	/** Version 5 on ends with the CRC-64 of everything before it; 0 means the writer did not compute one. */
	private static void trailer(RdbInput in, int version) throws IOException {
		if (version < 5) {
			return;
		}
		long expected = in.checksum();
		long stored = in.readLongLittleEndian();
		if (stored != 0 && stored != expected) {
			throw new RdbFormatException("Wrong RDB checksum expected: (" + Long.toHexString(stored) + ") got: ("
					+ Long.toHexString(expected) + "). Aborting now.");
		}
	}

}
