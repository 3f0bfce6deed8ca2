package io.kvserver.persistence;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import io.kvserver.persistence.rdb.Crc64;
import io.kvserver.persistence.rdb.Rdb;
import io.kvserver.persistence.rdb.RdbFormatException;
import io.kvserver.persistence.rdb.RdbInput;
import io.kvserver.persistence.rdb.RdbOutput;
import io.kvserver.persistence.rdb.RdbValue;
import io.kvserver.persistence.rdb.RdbValueReader;
import io.kvserver.persistence.rdb.RdbValueWriter;

/**
 * DUMP's payload, as cluster.c's createDumpPayload makes it: the value's RDB type byte and body,
 * then the RDB version in two little-endian bytes and the CRC-64 of everything before, in eight.
 */
public final class DumpPayload {

	private DumpPayload() {
	}

	/** The payload of a stored value. */
	public static byte[] of(Object stored, boolean compression) {
		RdbValue value = StoredValues.toRdb(stored);
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try {
			RdbOutput out = new RdbOutput(bytes, false, compression);
			out.writeByte(RdbValueWriter.type(value));
			RdbValueWriter.write(value, out);
			out.writeByte(Rdb.VERSION & 0xFF);
			out.writeByte((Rdb.VERSION >> 8) & 0xFF);
			out.flush();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex); // a byte array does not fail
		}
		byte[] body = bytes.toByteArray();
		long crc = Crc64.of(body, 0, body.length);
		byte[] payload = new byte[body.length + 8];
		System.arraycopy(body, 0, payload, 0, body.length);
		for (int i = 0; i < 8; i++) {
			payload[body.length + i] = (byte) (crc >>> (8 * i));
		}
		return payload;
	}

	/** Whether the footer holds a version this server reads and the right checksum (verifyDumpPayload). */
	public static boolean verify(byte[] payload) {
		if (payload.length < 10) {
			return false;
		}
		int footer = payload.length - 10;
		int version = (payload[footer] & 0xFF) | ((payload[footer + 1] & 0xFF) << 8);
		if (version > Rdb.VERSION) {
			return false;
		}
		long crc = Crc64.of(payload, 0, payload.length - 8);
		for (int i = 0; i < 8; i++) {
			if (payload[payload.length - 8 + i] != (byte) (crc >>> (8 * i))) {
				return false;
			}
		}
		return true;
	}

	/**
	 * The stored value a verified payload holds; throws {@link RdbFormatException} for a body that
	 * does not read as a value (Redis's "Bad data format").
	 */
	public static Object read(byte[] payload) {
		try {
			RdbInput in = RdbInput.of(payload, 0, payload.length - 10);
			int type = in.readByte();
			if (!Rdb.isObjectType(type)) {
				throw new RdbFormatException("Unknown RDB encoding type " + type);
			}
			RdbValue value = RdbValueReader.read(type, in);
			if (StoredValues.isEmpty(value)) {
				throw new RdbFormatException("Empty keys are not restored");
			}
			return StoredValues.fromRdb(value);
		}
		catch (IOException ex) {
			throw new RdbFormatException(ex.getMessage());
		}
	}

}
