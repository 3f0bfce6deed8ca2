package io.kvserver.persistence.rdb;

import java.io.IOException;
import java.io.OutputStream;

import io.kvserver.util.Numbers;

/**
 * Writes RDB's building blocks (rdb.c's rdbSave* functions) to a stream, keeping the CRC-64 of
 * everything written. Buffers internally; {@link #flush} hands the bytes to the stream.
 */
public final class RdbOutput {

	private final OutputStream out;

	private final byte[] buffer = new byte[64 * 1024];

	private int position;

	private long crc;

	private final boolean checksum;

	private final boolean compression;

	private final Lzf lzf = new Lzf();

	private final long[] parsed = new long[1];

	private long written;

	/**
	 * @param checksum whether to compute the CRC (Redis's rdbchecksum; without it the trailer is 0)
	 * @param compression whether strings longer than 20 bytes are LZF-compressed (rdbcompression)
	 */
	public RdbOutput(OutputStream out, boolean checksum, boolean compression) {
		this.out = out;
		this.checksum = checksum;
		this.compression = compression;
	}

	public void writeByte(int b) throws IOException {
		if (this.position == this.buffer.length) {
			drain();
		}
		this.buffer[this.position++] = (byte) b;
	}

	public void write(byte[] bytes, int offset, int length) throws IOException {
		while (length > 0) {
			if (this.position == this.buffer.length) {
				drain();
			}
			int n = Math.min(length, this.buffer.length - this.position);
			System.arraycopy(bytes, offset, this.buffer, this.position, n);
			this.position += n;
			offset += n;
			length -= n;
		}
	}

	public void write(byte[] bytes) throws IOException {
		write(bytes, 0, bytes.length);
	}

	/** rdbSaveLen: 6, 14, 32 or 64 bits by size; a negative value is an unsigned 64-bit one, as in C. */
	public void writeLength(long length) throws IOException {
		if (length < 0) {
			writeByte(Rdb.LEN_64BIT);
			writeIntBigEndian((int) (length >>> 32));
			writeIntBigEndian((int) length);
		}
		else if (length < (1 << 6)) {
			writeByte((int) length | (Rdb.LEN_6BIT << 6));
		}
		else if (length < (1 << 14)) {
			writeByte((int) (length >>> 8) | (Rdb.LEN_14BIT << 6));
			writeByte((int) length);
		}
		else if (length <= 0xFFFFFFFFL) {
			writeByte(Rdb.LEN_32BIT);
			writeIntBigEndian((int) length);
		}
		else {
			writeByte(Rdb.LEN_64BIT);
			writeIntBigEndian((int) (length >>> 32));
			writeIntBigEndian((int) length);
		}
	}

	/** rdbSaveRawString: as an integer when it reads as one that fits 32 bits, LZF when that saves, else verbatim. */
	public void writeString(byte[] bytes, int offset, int length) throws IOException {
		if (length <= 11 && length > 0 && Numbers.parseLong(bytes, offset, length, this.parsed)
				&& writeEncodedInteger(this.parsed[0])) {
			return;
		}
		if (this.compression && length > 20) {
			int compressed = this.lzf.compress(bytes, offset, length);
			if (compressed > 0) {
				writeByte((Rdb.ENCVAL << 6) | Rdb.ENC_LZF);
				writeLength(compressed);
				writeLength(length);
				write(this.lzf.output(), 0, compressed);
				return;
			}
		}
		writeLength(length);
		write(bytes, offset, length);
	}

	public void writeString(byte[] bytes) throws IOException {
		writeString(bytes, 0, bytes.length);
	}

	/** rdbSaveLongLongAsStringObject: an integer encoding when it fits 32 bits, else its decimal text. */
	public void writeLongAsString(long value) throws IOException {
		if (!writeEncodedInteger(value)) {
			byte[] text = Numbers.toBytes(value);
			writeLength(text.length);
			write(text);
		}
	}

	private boolean writeEncodedInteger(long value) throws IOException {
		if (value >= -(1 << 7) && value <= (1 << 7) - 1) {
			writeByte((Rdb.ENCVAL << 6) | Rdb.ENC_INT8);
			writeByte((int) value);
		}
		else if (value >= -(1 << 15) && value <= (1 << 15) - 1) {
			writeByte((Rdb.ENCVAL << 6) | Rdb.ENC_INT16);
			writeByte((int) value);
			writeByte((int) (value >> 8));
		}
		else if (value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE) {
			writeByte((Rdb.ENCVAL << 6) | Rdb.ENC_INT32);
			writeIntLittleEndian((int) value);
		}
		else {
			return false;
		}
		return true;
	}

	/** An aux field (RDB_OPCODE_AUX, name, value), as rdbSaveAuxField. */
	public void writeAux(String name, String value) throws IOException {
		writeByte(Rdb.OPCODE_AUX);
		writeString(ascii(name));
		writeString(ascii(value));
	}

	/** Milliseconds, little-endian 8 bytes (rdbSaveMillisecondTime). */
	public void writeMillis(long millis) throws IOException {
		writeLongLittleEndian(millis);
	}

	/** A double as 8 little-endian bytes (rdbSaveBinaryDoubleValue). */
	public void writeBinaryDouble(double value) throws IOException {
		writeLongLittleEndian(Double.doubleToRawLongBits(value));
	}

	public void writeLongLittleEndian(long value) throws IOException {
		writeIntLittleEndian((int) value);
		writeIntLittleEndian((int) (value >>> 32));
	}

	private void writeIntLittleEndian(int value) throws IOException {
		writeByte(value);
		writeByte(value >>> 8);
		writeByte(value >>> 16);
		writeByte(value >>> 24);
	}

	private void writeIntBigEndian(int value) throws IOException {
		writeByte(value >>> 24);
		writeByte(value >>> 16);
		writeByte(value >>> 8);
		writeByte(value);
	}

	/** The header: "REDIS" and the version in four digits. */
	public void writeHeader() throws IOException {
		write(ascii(String.format("REDIS%04d", Rdb.VERSION)));
	}

	/** EOF and the CRC-64 trailer (0 without rdbchecksum). */
	public void writeTrailer() throws IOException {
		writeByte(Rdb.OPCODE_EOF);
		long sum = checksum();
		for (int i = 0; i < 8; i++) {
			writeByte((int) (sum >>> (8 * i)));
		}
	}

	/** The CRC-64 of everything written so far (0 without rdbchecksum); hands the buffered bytes to the stream. */
	public long checksum() throws IOException {
		drain();
		return this.checksum ? this.crc : 0;
	}

	/** Bytes written so far, buffered ones included. */
	public long size() {
		return this.written + this.position;
	}

	/** Writes the buffered bytes to the stream (and flushes it). */
	public void flush() throws IOException {
		drain();
		this.out.flush();
	}

	private void drain() throws IOException {
		if (this.checksum) {
			this.crc = Crc64.update(this.crc, this.buffer, 0, this.position);
		}
		this.out.write(this.buffer, 0, this.position);
		this.written += this.position;
		this.position = 0;
	}

	private static byte[] ascii(String text) {
		return text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
	}

}
