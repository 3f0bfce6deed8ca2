package io.kvserver.persistence.rdb;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import io.kvserver.util.Numbers;

/**
 * Reads RDB's building blocks (rdb.c's rdbLoad* functions), keeping the CRC-64 of what was read.
 * The total size is known up front (a file's length, a payload's), so a declared length larger
 * than what is left is refused before anything is allocated for it.
 */
public final class RdbInput {

	private final InputStream in;

	private final byte[] buffer;

	private int position;

	private int limit;

	/** Bytes of {@link #buffer} before this index are already in {@link #crc}. */
	private int crcFrom;

	private long crc;

	/** Bytes not yet read, in the stream and the buffer together. */
	private long remaining;

	private final Lzf lzf = new Lzf();

	/** Whether the last length prefix read introduced an encoded value instead. */
	private boolean encoded;

	public RdbInput(InputStream in, long size) {
		this.in = in;
		this.buffer = new byte[(int) Math.min(64 * 1024, Math.max(16, size))];
		this.remaining = size;
	}

	public static RdbInput of(byte[] bytes, int offset, int length) {
		return new RdbInput(new ByteArrayInputStream(bytes, offset, length), length);
	}

	public long remaining() {
		return this.remaining;
	}

	public int readByte() throws IOException {
		if (this.position == this.limit) {
			fill();
		}
		this.remaining--;
		return this.buffer[this.position++] & 0xff;
	}

	public void readFully(byte[] into, int offset, int length) throws IOException {
		while (length > 0) {
			if (this.position == this.limit) {
				fill();
			}
			int n = Math.min(length, this.limit - this.position);
			System.arraycopy(this.buffer, this.position, into, offset, n);
			this.position += n;
			this.remaining -= n;
			offset += n;
			length -= n;
		}
	}

	/** Exactly {@code length} bytes, refused if the input does not have them. */
	public byte[] readBytes(long length) throws IOException {
		checkAvailable(length);
		byte[] bytes = new byte[(int) length];
		readFully(bytes, 0, bytes.length);
		return bytes;
	}

	private void checkAvailable(long length) {
		if (length < 0 || length > this.remaining || length > Integer.MAX_VALUE - 16) {
			throw new RdbFormatException("Unexpected EOF reading RDB file");
		}
	}

	/**
	 * rdbLoadLen for a plain length; an encoded-value prefix here is corrupt. A 64-bit length is
	 * returned as its bits: Redis saves some unsigned counters this way (a consumer group's unknown
	 * entries-read is all ones).
	 */
	public long readLength() throws IOException {
		long length = readLengthOrEncoding();
		if (this.encoded) {
			throw new RdbFormatException("Unexpected encoded value where a length was expected");
		}
		return length;
	}

	/** A length within the int range, for counts of elements and sizes of arrays. */
	public int readCount() throws IOException {
		long length = readLength();
		if (length < 0 || length > Integer.MAX_VALUE) {
			throw new RdbFormatException("Length out of range: " + length);
		}
		return (int) length;
	}

	/** A length, or for an encoded value (then {@link #encoded} is set) the encoding. */
	private long readLengthOrEncoding() throws IOException {
		int first = readByte();
		int type = (first & 0xC0) >> 6;
		this.encoded = type == Rdb.ENCVAL;
		if (this.encoded) {
			return first & 0x3F;
		}
		if (type == Rdb.LEN_6BIT) {
			return first & 0x3F;
		}
		if (type == Rdb.LEN_14BIT) {
			return ((first & 0x3F) << 8) | readByte();
		}
		if (first == Rdb.LEN_32BIT) {
			return readIntBigEndian() & 0xFFFFFFFFL;
		}
		if (first == Rdb.LEN_64BIT) {
			long high = readIntBigEndian() & 0xFFFFFFFFL;
			return (high << 32) | (readIntBigEndian() & 0xFFFFFFFFL);
		}
		throw new RdbFormatException("Unknown length encoding " + type + " in rdbLoadLen()");
	}

	/** A string in any of its encodings: verbatim, an integer, or LZF-compressed. */
	public byte[] readString() throws IOException {
		long length = readLengthOrEncoding();
		if (!this.encoded) {
			return readBytes(length);
		}
		int encoding = (int) length;
		return switch (encoding) {
			case Rdb.ENC_INT8 -> Numbers.toBytes((byte) readByte());
			case Rdb.ENC_INT16 -> Numbers.toBytes((short) (readByte() | (readByte() << 8)));
			case Rdb.ENC_INT32 -> Numbers.toBytes(readIntLittleEndian());
			case Rdb.ENC_LZF -> readLzf();
			default -> throw new RdbFormatException("Unknown RDB string encoding type " + encoding);
		};
	}

	private byte[] readLzf() throws IOException {
		long compressed = readLength();
		long length = readLength();
		checkAvailable(compressed);
		if (length < 0 || length > compressed * Lzf.MAX_EXPANSION + 64 || length > Integer.MAX_VALUE - 16) {
			throw new RdbFormatException("Invalid LZF compressed string");
		}
		byte[] block = readBytes(compressed);
		byte[] value = new byte[(int) length];
		this.lzf.decompress(block, 0, block.length, value);
		return value;
	}

	/** A string that must be an integer (as Redis's rdbLoadLen... of encoded values is used for ints in some places). */
	public long readStringAsLong() throws IOException {
		byte[] text = readString();
		long[] parsed = new long[1];
		if (!Numbers.parseLong(text, parsed)) {
			throw new RdbFormatException("Not an integer: " + new String(text, StandardCharsets.ISO_8859_1));
		}
		return parsed[0];
	}

	public long readMillis() throws IOException {
		return readLongLittleEndian();
	}

	/** The old RDB_OPCODE_EXPIRETIME's 32-bit seconds. */
	public int readSeconds() throws IOException {
		return readIntLittleEndian();
	}

	public double readBinaryDouble() throws IOException {
		return Double.longBitsToDouble(readLongLittleEndian());
	}

	/** rdbLoadDoubleValue: the old text form (length byte, 253 NaN, 254 +inf, 255 -inf). */
	public double readTextDouble() throws IOException {
		int length = readByte();
		return switch (length) {
			case 255 -> Double.NEGATIVE_INFINITY;
			case 254 -> Double.POSITIVE_INFINITY;
			case 253 -> Double.NaN;
			default -> {
				String text = new String(readBytes(length), StandardCharsets.US_ASCII);
				try {
					yield Double.parseDouble(text.trim());
				}
				catch (NumberFormatException ex) {
					throw new RdbFormatException("Invalid double value " + text);
				}
			}
		};
	}

	public long readLongLittleEndian() throws IOException {
		long low = readIntLittleEndian() & 0xFFFFFFFFL;
		return low | ((long) readIntLittleEndian() << 32);
	}

	public int readIntLittleEndian() throws IOException {
		return readByte() | (readByte() << 8) | (readByte() << 16) | (readByte() << 24);
	}

	private int readIntBigEndian() throws IOException {
		return (readByte() << 24) | (readByte() << 16) | (readByte() << 8) | readByte();
	}

	/** The CRC-64 of everything read so far. */
	public long checksum() {
		this.crc = Crc64.update(this.crc, this.buffer, this.crcFrom, this.position - this.crcFrom);
		this.crcFrom = this.position;
		return this.crc;
	}

	private void fill() throws IOException {
		checksum();
		int n = this.remaining <= 0 ? -1 : this.in.read(this.buffer, 0, this.buffer.length);
		if (n <= 0) {
			throw new RdbFormatException("Unexpected EOF reading RDB file");
		}
		this.position = 0;
		this.crcFrom = 0;
		this.limit = n;
	}

}
