package io.kvserver.persistence.rdb;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

import io.kvserver.util.Numbers;

/**
 * Redis's listpack (listpack.c): a header (total bytes, element count), entries each with its
 * encoding, data and a back-length, and a 0xFF terminator. Read into plain elements, integers as
 * their decimal text; and built from elements with the encodings Redis would choose, so a listpack
 * written here is byte for byte Redis's.
 */
public final class Listpack {

	private static final int HEADER = 6;

	private static final int EOF = 0xFF;

	private static final int UNKNOWN_COUNT = 0xFFFF;

	private Listpack() {
	}

	/** The elements, validated against the header; corrupt bytes throw {@link RdbFormatException}. */
	public static List<byte[]> read(byte[] lp) {
		if (lp.length < HEADER + 1) {
			throw corrupt();
		}
		long total = littleEndian(lp, 0, 4);
		int declared = (int) littleEndian(lp, 4, 2);
		if (total != lp.length || (lp[lp.length - 1] & 0xFF) != EOF) {
			throw corrupt();
		}
		List<byte[]> elements = new ArrayList<>(declared == UNKNOWN_COUNT ? 16 : Math.min(declared, lp.length));
		int p = HEADER;
		int end = lp.length - 1;
		while (p < end) {
			int start = p;
			int b = lp[p] & 0xFF;
			byte[] element;
			if ((b & 0x80) == 0) {
				element = Numbers.toBytes(b);
				p += 1;
			}
			else if ((b & 0xC0) == 0x80) {
				int length = b & 0x3F;
				element = slice(lp, p + 1, length, end);
				p += 1 + length;
			}
			else if ((b & 0xE0) == 0xC0) {
				check(p + 2, end);
				int v = ((b & 0x1F) << 8) | (lp[p + 1] & 0xFF);
				element = Numbers.toBytes(v >= 1 << 12 ? v - (1 << 13) : v);
				p += 2;
			}
			else if ((b & 0xF0) == 0xE0) {
				check(p + 2, end);
				int length = ((b & 0x0F) << 8) | (lp[p + 1] & 0xFF);
				element = slice(lp, p + 2, length, end);
				p += 2 + length;
			}
			else {
				switch (b) {
					case 0xF0 -> {
						check(p + 5, end);
						long length = littleEndian(lp, p + 1, 4);
						if (length > end) {
							throw corrupt();
						}
						element = slice(lp, p + 5, (int) length, end);
						p += 5 + (int) length;
					}
					case 0xF1 -> {
						check(p + 3, end);
						element = Numbers.toBytes((short) littleEndian(lp, p + 1, 2));
						p += 3;
					}
					case 0xF2 -> {
						check(p + 4, end);
						element = Numbers.toBytes(((int) littleEndian(lp, p + 1, 3) << 8) >> 8);
						p += 4;
					}
					case 0xF3 -> {
						check(p + 5, end);
						element = Numbers.toBytes((int) littleEndian(lp, p + 1, 4));
						p += 5;
					}
					case 0xF4 -> {
						check(p + 9, end);
						element = Numbers.toBytes(littleEndian(lp, p + 1, 8));
						p += 9;
					}
					default -> throw corrupt();
				}
			}
			int entryLength = p - start;
			int backlen = backlenSize(entryLength);
			check(p + backlen, end);
			if (decodeBacklen(lp, p + backlen - 1) != entryLength) {
				throw corrupt();
			}
			p += backlen;
			elements.add(element);
		}
		if (p != end || (declared != UNKNOWN_COUNT && declared != elements.size())) {
			throw corrupt();
		}
		return elements;
	}

	/** Builds a listpack of the elements, each encoded as Redis's lpAppend would. */
	public static byte[] write(List<byte[]> elements) {
		Builder builder = new Builder();
		for (byte[] element : elements) {
			builder.add(element);
		}
		return builder.build();
	}

	/** Appends elements one at a time. */
	public static final class Builder {

		private final ByteArrayOutputStream out = new ByteArrayOutputStream();

		private final long[] parsed = new long[1];

		private final byte[] encoded = new byte[9];

		private int count;

		public Builder() {
			this.out.write(new byte[HEADER], 0, HEADER);
		}

		public Builder add(byte[] element) {
			int length;
			if (element.length <= 20 && element.length > 0 && Numbers.parseLong(element, this.parsed)) {
				length = encodeInteger(this.parsed[0]);
				this.out.write(this.encoded, 0, length);
			}
			else {
				int size = element.length;
				if (size < 64) {
					this.out.write(0x80 | size);
					length = 1 + size;
				}
				else if (size < 4096) {
					this.out.write(0xE0 | (size >> 8));
					this.out.write(size & 0xFF);
					length = 2 + size;
				}
				else {
					this.out.write(0xF0);
					writeLittleEndian(size, 4);
					length = 5 + size;
				}
				this.out.write(element, 0, element.length);
			}
			writeBacklen(length);
			this.count++;
			return this;
		}

		public Builder add(long value) {
			return add(Numbers.toBytes(value));
		}

		/** Bytes the listpack would take if built now (header, entries and terminator). */
		public int size() {
			return this.out.size() + 1;
		}

		public int count() {
			return this.count;
		}

		public byte[] build() {
			this.out.write(EOF);
			byte[] lp = this.out.toByteArray();
			putLittleEndian(lp, 0, lp.length, 4);
			putLittleEndian(lp, 4, Math.min(this.count, UNKNOWN_COUNT), 2);
			return lp;
		}

		private int encodeInteger(long v) {
			byte[] e = this.encoded;
			if (v >= 0 && v <= 127) {
				e[0] = (byte) v;
				return 1;
			}
			if (v >= -4096 && v <= 4095) {
				long u = v < 0 ? (1L << 13) + v : v;
				e[0] = (byte) ((u >> 8) | 0xC0);
				e[1] = (byte) u;
				return 2;
			}
			int bytes;
			if (v >= -32768 && v <= 32767) {
				e[0] = (byte) 0xF1;
				bytes = 2;
			}
			else if (v >= -8388608 && v <= 8388607) {
				e[0] = (byte) 0xF2;
				bytes = 3;
			}
			else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
				e[0] = (byte) 0xF3;
				bytes = 4;
			}
			else {
				e[0] = (byte) 0xF4;
				bytes = 8;
			}
			for (int i = 0; i < bytes; i++) {
				e[1 + i] = (byte) (v >>> (8 * i));
			}
			return 1 + bytes;
		}

		private void writeBacklen(long l) {
			int size = backlenSize(l);
			for (int i = size - 1; i >= 0; i--) {
				int part = (int) ((l >>> (7 * i)) & 127);
				this.out.write(i == size - 1 ? part : part | 128);
			}
		}

		private void writeLittleEndian(long value, int bytes) {
			for (int i = 0; i < bytes; i++) {
				this.out.write((int) (value >>> (8 * i)) & 0xFF);
			}
		}

	}

	static int backlenSize(long l) {
		if (l <= 127) {
			return 1;
		}
		if (l < 16383) {
			return 2;
		}
		if (l < 2097151) {
			return 3;
		}
		return l < 268435455 ? 4 : 5;
	}

	/** The back-length whose last byte is at {@code p}: seven bits per byte, read backwards. */
	private static long decodeBacklen(byte[] lp, int p) {
		long value = 0;
		int shift = 0;
		while (true) {
			int b = lp[p] & 0xFF;
			value |= (long) (b & 127) << shift;
			if ((b & 128) == 0) {
				return value;
			}
			shift += 7;
			p--;
			if (shift > 28) {
				throw corrupt();
			}
		}
	}

	static long littleEndian(byte[] bytes, int offset, int count) {
		long value = 0;
		for (int i = count - 1; i >= 0; i--) {
			value = (value << 8) | (bytes[offset + i] & 0xFF);
		}
		return value;
	}

	static void putLittleEndian(byte[] bytes, int offset, long value, int count) {
		for (int i = 0; i < count; i++) {
			bytes[offset + i] = (byte) (value >>> (8 * i));
		}
	}

	private static byte[] slice(byte[] lp, int from, int length, int end) {
		check(from + length, end);
		byte[] element = new byte[length];
		System.arraycopy(lp, from, element, 0, length);
		return element;
	}

	private static void check(long position, int end) {
		if (position > end) {
			throw corrupt();
		}
	}

	private static RdbFormatException corrupt() {
		return new RdbFormatException("Listpack integrity check failed.");
	}

}
