package io.kvserver.persistence.rdb;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

/**
 * Writes a whole RDB file of version {@value Rdb#VERSION} (rdb.c's rdbSaveRio): header, aux
 * fields, each non-empty database behind SELECTDB and RESIZEDB, its keys with their expiry times,
 * then EOF and the CRC-64 trailer.
 */
public final class RdbWriter {

	private final RdbOutput out;

	public RdbWriter(OutputStream stream, boolean checksum, boolean compression) {
		this.out = new RdbOutput(stream, checksum, compression);
	}

	/** FUNCTION libraries' code, written by {@link #begin} after the aux fields. */
	private List<byte[]> functionLibraries = List.of();

	/** The libraries' code the file holds before its databases (RDB_OPCODE_FUNCTION2 each). */
	public RdbWriter functionLibraries(List<byte[]> codes) {
		this.functionLibraries = codes;
		return this;
	}

	/**
	 * All that comes before the databases: the header, the aux fields in the order given (Redis:
	 * redis-ver, redis-bits, ctime, used-mem, ..., aof-base), then the function libraries.
	 */
	public void begin(Map<String, String> aux) throws IOException {
		this.out.writeHeader();
		for (Map.Entry<String, String> field : aux.entrySet()) {
			this.out.writeAux(field.getKey(), field.getValue());
		}
		for (byte[] code : this.functionLibraries) {
			this.out.writeByte(Rdb.OPCODE_FUNCTION2);
			this.out.writeString(code);
		}
	}

	/** Starts a database: SELECTDB and the RESIZEDB hint of its sizes. */
	public void selectDb(int db, long size, long expires) throws IOException {
		this.out.writeByte(Rdb.OPCODE_SELECTDB);
		this.out.writeLength(db);
		this.out.writeByte(Rdb.OPCODE_RESIZEDB);
		this.out.writeLength(size);
		this.out.writeLength(expires);
	}

	/** One key of the current database; {@code expireAtMillis} -1 for none. */
	public void entry(byte[] key, RdbValue value, long expireAtMillis) throws IOException {
		if (expireAtMillis != -1) {
			this.out.writeByte(Rdb.OPCODE_EXPIRETIME_MS);
			this.out.writeMillis(expireAtMillis);
		}
		this.out.writeByte(RdbValueWriter.type(value));
		this.out.writeString(key);
		RdbValueWriter.write(value, this.out);
	}

	/** EOF, the checksum, and everything handed to the stream. */
	public void end() throws IOException {
		this.out.writeTrailer();
		this.out.flush();
	}

	/** Bytes written so far. */
	public long size() {
		return this.out.size();
	}

}
