package io.kvserver.store.encoding;

import java.util.Arrays;

/**
 * Redis 7.0's listpack, byte for byte (listpack.c), held in an exactly sized {@code byte[]}, so an
 * RDB file can save and load it as the raw blob Redis writes.
 * <p>
 * Layout: a 6-byte header (total bytes, 32-bit little-endian; number of entries, 16-bit, where
 * 65535 means "count them"), the entries, and a 0xFF terminator. An entry is its encoding (a 7-bit
 * unsigned, 13, 16, 24, 32 or 64-bit signed integer, or a string with a 6, 12 or 32-bit length),
 * followed by its "backlen": the size of encoding plus data, written so that it can be read from
 * its last byte backwards, which is what lets a listpack be walked in both directions.
 * <p>
 * Entries are addressed by their byte offset in the array ({@code -1}: none). Reading allocates
 * nothing. A change returns the listpack to use from then on: a new array when the size changes
 * (the old one is left as it was), the same array changed in place when it does not; offsets into
 * the old array stay valid for entries before the change. Strings that read as 64-bit integers in
 * Redis's strict syntax are stored as integers, as {@code lpAppend} stores them.
 */
public final class Listpack {

	public static final int HEADER_SIZE = 6;

	/** The entry count Redis writes once a listpack has 65535 entries or more: the entries must be counted. */
	public static final int UNKNOWN_COUNT = 0xFFFF;

	/** Redis refuses to let a listpack grow past 1 GiB (LISTPACK_MAX_SAFETY_SIZE). */
	public static final int MAX_SAFE_SIZE = 1 << 30;

	private static final int EOF = 0xFF;

	private static final int INT16 = 0xF1;

	private static final int INT24 = 0xF2;

	private static final int INT32 = 0xF3;

	private static final int INT64 = 0xF4;

	private static final int STR32 = 0xF0;

	private Listpack() {
	}

	/** A new listpack with no entries. */
	public static byte[] empty() {
		byte[] lp = new byte[HEADER_SIZE + 1];
		setTotalBytes(lp, lp.length);
		lp[HEADER_SIZE] = (byte) EOF;
		return lp;
	}

	/** The total size the header declares (the array's length for a well-formed listpack). */
	public static int totalBytes(byte[] lp) {
		return (lp[0] & 0xff) | (lp[1] & 0xff) << 8 | (lp[2] & 0xff) << 16 | (lp[3] & 0xff) << 24;
	}

	/** The number of entries: the header's count, or, when that is {@link #UNKNOWN_COUNT}, counted. */
	public static int length(byte[] lp) {
		int count = headerCount(lp);
		if (count != UNKNOWN_COUNT) {
			return count;
		}
		count = 0;
		for (int p = first(lp); p >= 0; p = next(lp, p)) {
			count++;
		}
		if (count < UNKNOWN_COUNT) {
			setCount(lp, count); // as lpLength does: the count is known again
		}
		return count;
	}

	/** Whether {@code add} more bytes keep the listpack within {@link #MAX_SAFE_SIZE} (lpSafeToAdd). */
	public static boolean safeToAdd(byte[] lp, long add) {
		long size = lp == null ? 0 : totalBytes(lp);
		return size + add <= MAX_SAFE_SIZE;
	}

	public static int first(byte[] lp) {
		return (lp[HEADER_SIZE] & 0xff) == EOF ? -1 : HEADER_SIZE;
	}

	public static int last(byte[] lp) {
		return prev(lp, lp.length - 1);
	}

	/** The entry after the one at {@code p}, or -1 if it is the last. */
	public static int next(byte[] lp, int p) {
		int n = skip(lp, p);
		return (lp[n] & 0xff) == EOF ? -1 : n;
	}

	/** The entry before the one at {@code p} (which may be the terminator), or -1 if it is the first. */
	public static int prev(byte[] lp, int p) {
		if (p == HEADER_SIZE) {
			return -1;
		}
		long length = decodeBacklen(lp, p - 1);
		return (int) (p - length - backlenSize(length));
	}

	/** The entry at the index (negative: from the end, -1 is the last), or -1 if out of range (lpSeek). */
	public static int seek(byte[] lp, long index) {
		int count = headerCount(lp);
		boolean forward = true;
		if (count != UNKNOWN_COUNT) {
			if (index < 0) {
				index += count;
			}
			if (index < 0 || index >= count) {
				return -1;
			}
			if (index > count / 2) {
				forward = false;
				index -= count;
			}
		}
		else if (index < 0) {
			forward = false;
		}
		if (forward) {
			int p = first(lp);
			while (index > 0 && p >= 0) {
				p = next(lp, p);
				index--;
			}
			return p;
		}
		int p = last(lp);
		while (index < -1 && p >= 0) {
			p = prev(lp, p);
			index++;
		}
		return p;
	}

	/** Whether the entry is stored as an integer (else it is a string). */
	public static boolean isInteger(byte[] lp, int p) {
		int b = lp[p] & 0xff;
		return b < 0x80 || (b & 0xE0) == 0xC0 || (b >= INT16 && b <= INT64);
	}

	/** The value of an integer entry. */
	public static long integer(byte[] lp, int p) {
		int b = lp[p] & 0xff;
		if (b < 0x80) {
			return b;
		}
		if ((b & 0xE0) == 0xC0) {
			int v = ((b & 0x1f) << 8) | (lp[p + 1] & 0xff);
			return v >= 4096 ? v - 8192 : v;
		}
		return switch (b) {
			case INT16 -> (short) ((lp[p + 1] & 0xff) | (lp[p + 2] & 0xff) << 8);
			case INT24 -> ((lp[p + 1] & 0xff) | (lp[p + 2] & 0xff) << 8 | lp[p + 3] << 16);
			case INT32 -> (lp[p + 1] & 0xff) | (lp[p + 2] & 0xff) << 8 | (lp[p + 3] & 0xff) << 16 | lp[p + 4] << 24;
			case INT64 -> {
				long v = 0;
				for (int i = 8; i >= 1; i--) {
					v = (v << 8) | (lp[p + i] & 0xff);
				}
				yield v;
			}
			default -> throw new IllegalArgumentException("not an integer entry at " + p);
		};
	}

	/** Where the bytes of a string entry start. */
	public static int stringOffset(byte[] lp, int p) {
		int b = lp[p] & 0xff;
		if ((b & 0xC0) == 0x80) {
			return p + 1;
		}
		return (b & 0xF0) == 0xE0 ? p + 2 : p + 5;
	}

	/** The length of a string entry. */
	public static int stringLength(byte[] lp, int p) {
		int b = lp[p] & 0xff;
		if ((b & 0xC0) == 0x80) {
			return b & 0x3F;
		}
		if ((b & 0xF0) == 0xE0) {
			return (b & 0x0F) << 8 | (lp[p + 1] & 0xff);
		}
		return (lp[p + 1] & 0xff) | (lp[p + 2] & 0xff) << 8 | (lp[p + 3] & 0xff) << 16 | (lp[p + 4] & 0xff) << 24;
	}

	/** The entry as a string: a copy of its bytes, or an integer in decimal. */
	public static byte[] get(byte[] lp, int p) {
		if (isInteger(lp, p)) {
			return Integers.toBytes(integer(lp, p));
		}
		int offset = stringOffset(lp, p);
		return Arrays.copyOfRange(lp, offset, offset + stringLength(lp, p));
	}

	/** The length of the entry as a string (an integer's decimal digits), without building it. */
	public static int valueLength(byte[] lp, int p) {
		return isInteger(lp, p) ? Integers.decimalLength(integer(lp, p)) : stringLength(lp, p);
	}

	/** Whether the entry equals the string (an integer entry compares as its decimal form), as lpCompare. */
	public static boolean entryEquals(byte[] lp, int p, byte[] s) {
		if (isInteger(lp, p)) {
			return Integers.isInteger(s, 0, s.length) && Integers.parse(s, 0, s.length) == integer(lp, p);
		}
		int offset = stringOffset(lp, p);
		return Arrays.equals(lp, offset, offset + stringLength(lp, p), s, 0, s.length);
	}

	/**
	 * The first entry equal to {@code s}, starting at {@code p} and comparing only every
	 * {@code skip + 1}th entry (1 compares the fields of field-value pairs), or -1 (lpFind).
	 */
	public static int find(byte[] lp, int p, byte[] s, int skip) {
		if (p < 0) {
			return -1;
		}
		boolean asInteger = Integers.isInteger(s, 0, s.length);
		long value = asInteger ? Integers.parse(s, 0, s.length) : 0;
		int skipped = 0;
		while ((lp[p] & 0xff) != EOF) {
			if (skipped == 0) {
				if (isInteger(lp, p)) {
					if (asInteger && integer(lp, p) == value) {
						return p;
					}
				}
				else if (!asInteger) {
					int offset = stringOffset(lp, p);
					if (Arrays.equals(lp, offset, offset + stringLength(lp, p), s, 0, s.length)) {
						return p;
					}
				}
				skipped = skip;
			}
			else {
				skipped--;
			}
			p = skip(lp, p);
		}
		return -1;
	}

	/** The size of the entry at {@code p} in bytes: encoding, data and backlen. */
	public static int entrySize(byte[] lp, int p) {
		return skip(lp, p) - p;
	}

	/** The size a string would take as an entry, backlen included (for the 1 GiB check before adding). */
	public static long encodedSize(byte[] s) {
		long encoded = Integers.isInteger(s, 0, s.length) ? integerSize(Integers.parse(s, 0, s.length))
				: stringHeaderSize(s.length) + (long) s.length;
		return encoded + backlenSize(encoded);
	}

	public static byte[] append(byte[] lp, byte[] s) {
		return insertString(lp, lp.length - 1, s);
	}

	/** Appends two entries with one copy (a field and its value). */
	public static byte[] append(byte[] lp, byte[] first, byte[] second) {
		long size = (long) lp.length + encodedSize(first) + encodedSize(second);
		if (size > Integer.MAX_VALUE - 8) {
			throw new IllegalStateException("listpack too large: " + size + " bytes");
		}
		byte[] result = Arrays.copyOf(lp, (int) size);
		int p = writeEntry(result, lp.length - 1, first);
		p = writeEntry(result, p, second);
		result[p] = (byte) EOF;
		setTotalBytes(result, result.length);
		addToCount(result, 2);
		return result;
	}

	/** Writes a string as an entry, backlen included, as lpAppend stores it; returns the offset after it. */
	private static int writeEntry(byte[] b, int p, byte[] s) {
		int start = p;
		if (Integers.isInteger(s, 0, s.length)) {
			p = writeInteger(b, p, Integers.parse(s, 0, s.length));
		}
		else {
			p = writeString(b, p, s);
		}
		return writeBacklen(b, p, p - start);
	}

	public static byte[] appendInteger(byte[] lp, long value) {
		return splice(lp, lp.length - 1, 0, null, true, value, 1);
	}

	public static byte[] prepend(byte[] lp, byte[] s) {
		return insertString(lp, HEADER_SIZE, s);
	}

	public static byte[] prependInteger(byte[] lp, long value) {
		return splice(lp, HEADER_SIZE, 0, null, true, value, 1);
	}

	/** Inserts a string before the entry at {@code p} (or, with {@code p} the terminator's offset, at the end). */
	public static byte[] insertBefore(byte[] lp, int p, byte[] s) {
		return insertString(lp, p, s);
	}

	/** Inserts a string after the entry at {@code p}. */
	public static byte[] insertAfter(byte[] lp, int p, byte[] s) {
		return insertString(lp, skip(lp, p), s);
	}

	/** Replaces the entry at {@code p}; the new entry is at {@code p} in the returned listpack. */
	public static byte[] replace(byte[] lp, int p, byte[] s) {
		boolean asInteger = Integers.isInteger(s, 0, s.length);
		return splice(lp, p, entrySize(lp, p), asInteger ? null : s, asInteger,
				asInteger ? Integers.parse(s, 0, s.length) : 0, 0);
	}

	public static byte[] replaceInteger(byte[] lp, int p, long value) {
		return splice(lp, p, entrySize(lp, p), null, true, value, 0);
	}

	/** Deletes the entry at {@code p}; the entry that followed it is at {@code p} in the returned listpack. */
	public static byte[] delete(byte[] lp, int p) {
		return splice(lp, p, entrySize(lp, p), null, false, 0, -1);
	}

	/** Deletes up to {@code count} entries from the one at {@code p} on. */
	public static byte[] deleteRange(byte[] lp, int p, int count) {
		int end = p;
		int deleted = 0;
		while (deleted < count && (lp[end] & 0xff) != EOF) {
			end = skip(lp, end);
			deleted++;
		}
		if (deleted == 0) {
			return lp;
		}
		byte[] result = new byte[lp.length - (end - p)];
		System.arraycopy(lp, 0, result, 0, p);
		System.arraycopy(lp, end, result, p, lp.length - end);
		setTotalBytes(result, result.length);
		addToCount(result, -deleted);
		return result;
	}

	/**
	 * Whether the bytes are a well-formed listpack, as Redis's lpValidateIntegrity checks one read
	 * from an RDB file: the header's size matches, the terminator ends it, and (when {@code deep})
	 * every entry lies inside it with a matching backlen, and the header's count is right.
	 */
	public static boolean isValid(byte[] lp, boolean deep) {
		if (lp.length < HEADER_SIZE + 1 || (totalBytes(lp) & 0xffffffffL) != lp.length
				|| (lp[lp.length - 1] & 0xff) != EOF) {
			return false;
		}
		if (!deep) {
			return true;
		}
		int count = 0;
		int p = HEADER_SIZE;
		int end = lp.length - 1;
		while (p < end) {
			int b = lp[p] & 0xff;
			int headerBytes = (b & 0xF0) == 0xE0 ? 2 : b == STR32 ? 5 : (b >= 0xF5 ? 0 : 1);
			if (headerBytes == 0 || p + headerBytes > end) {
				return false;
			}
			long encoded = encodedLength(lp, p);
			long size = encoded + backlenSize(encoded);
			if (p + size > end) {
				return false;
			}
			int entryEnd = (int) (p + size);
			if (decodeBacklen(lp, entryEnd - 1) != encoded) {
				return false;
			}
			p = entryEnd;
			count++;
		}
		int declared = headerCount(lp);
		return p == end && (declared == UNKNOWN_COUNT || declared == count);
	}

	/** The backlen whose last byte is at {@code q}, or -1 if it runs over 5 bytes (lpDecodeBacklen). */
	private static long decodeBacklen(byte[] lp, int q) {
		long length = 0;
		for (int shift = 0; shift <= 28; shift += 7, q--) {
			int b = lp[q] & 0xff;
			length |= (long) (b & 127) << shift;
			if ((b & 128) == 0) {
				return length;
			}
		}
		return -1;
	}

	/** The offset just past the entry at {@code p} (lpSkip). */
	static int skip(byte[] lp, int p) {
		long encoded = encodedLength(lp, p);
		return (int) (p + encoded + backlenSize(encoded));
	}

	/** Bytes of the entry's encoding and data, without the backlen (lpCurrentEncodedSizeUnsafe). */
	private static long encodedLength(byte[] lp, int p) {
		int b = lp[p] & 0xff;
		if (b < 0x80) {
			return 1;
		}
		if ((b & 0xC0) == 0x80) {
			return 1 + (b & 0x3F);
		}
		if ((b & 0xE0) == 0xC0) {
			return 2;
		}
		if ((b & 0xF0) == 0xE0) {
			return 2 + ((b & 0x0F) << 8 | (lp[p + 1] & 0xff));
		}
		return switch (b) {
			case INT16 -> 3;
			case INT24 -> 4;
			case INT32 -> 5;
			case INT64 -> 9;
			case STR32 -> 5 + (stringLength(lp, p) & 0xffffffffL);
			case EOF -> 1;
			default -> throw new IllegalStateException("corrupt listpack entry encoding " + b + " at " + p);
		};
	}

	static int backlenSize(long length) {
		if (length <= 127) {
			return 1;
		}
		if (length < 16383) {
			return 2;
		}
		if (length < 2097151) {
			return 3;
		}
		return length < 268435455 ? 4 : 5;
	}

	static int integerSize(long v) {
		if (v >= 0 && v <= 127) {
			return 1;
		}
		if (v >= -4096 && v <= 4095) {
			return 2;
		}
		if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
			return 3;
		}
		if (v >= -8388608 && v <= 8388607) {
			return 4;
		}
		return v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE ? 5 : 9;
	}

	static int stringHeaderSize(int length) {
		return length < 64 ? 1 : length < 4096 ? 2 : 5;
	}

	private static byte[] insertString(byte[] lp, int at, byte[] s) {
		boolean asInteger = Integers.isInteger(s, 0, s.length);
		return splice(lp, at, 0, asInteger ? null : s, asInteger, asInteger ? Integers.parse(s, 0, s.length) : 0, 1);
	}

	/**
	 * Replaces {@code removed} bytes at {@code at} by one entry (the string {@code s}, or the
	 * integer when {@code asInteger}; none when both are absent) and moves the count by {@code countDelta}.
	 */
	private static byte[] splice(byte[] lp, int at, int removed, byte[] s, boolean asInteger, long value,
			int countDelta) {
		int encoded = asInteger ? integerSize(value) : s == null ? 0 : stringHeaderSize(s.length) + s.length;
		int added = encoded == 0 ? 0 : encoded + backlenSize(encoded);
		long newSize = (long) lp.length - removed + added;
		if (newSize > Integer.MAX_VALUE - 8) {
			throw new IllegalStateException("listpack too large: " + newSize + " bytes");
		}
		byte[] result;
		if (newSize == lp.length) {
			result = lp;
		}
		else {
			result = new byte[(int) newSize];
			System.arraycopy(lp, 0, result, 0, at);
			System.arraycopy(lp, at + removed, result, at + added, lp.length - at - removed);
			setTotalBytes(result, result.length);
		}
		if (encoded > 0) {
			int p = asInteger ? writeInteger(result, at, value) : writeString(result, at, s);
			writeBacklen(result, p, encoded);
		}
		addToCount(result, countDelta);
		return result;
	}

	static int writeInteger(byte[] b, int p, long v) {
		int size = integerSize(v);
		switch (size) {
			case 1 -> b[p] = (byte) v;
			case 2 -> {
				long u = v < 0 ? v + (1 << 13) : v;
				b[p] = (byte) ((u >> 8) | 0xC0);
				b[p + 1] = (byte) u;
			}
			default -> {
				b[p] = (byte) (size == 3 ? INT16 : size == 4 ? INT24 : size == 5 ? INT32 : INT64);
				for (int i = 1; i < size; i++) {
					b[p + i] = (byte) (v >> (8 * (i - 1)));
				}
			}
		}
		return p + size;
	}

	static int writeString(byte[] b, int p, byte[] s) {
		int length = s.length;
		if (length < 64) {
			b[p++] = (byte) (0x80 | length);
		}
		else if (length < 4096) {
			b[p++] = (byte) (0xE0 | (length >> 8));
			b[p++] = (byte) length;
		}
		else {
			b[p++] = (byte) STR32;
			for (int i = 0; i < 4; i++) {
				b[p++] = (byte) (length >> (8 * i));
			}
		}
		System.arraycopy(s, 0, b, p, length);
		return p + length;
	}

	/** Writes the backlen of an entry whose encoding and data took {@code length} bytes; returns the offset after it. */
	static int writeBacklen(byte[] b, int p, long length) {
		int size = backlenSize(length);
		// The first byte holds the top bits; every later one has its high bit set, read back to front.
		b[p] = (byte) (length >> (7 * (size - 1)));
		for (int i = 1; i < size; i++) {
			b[p + i] = (byte) (((length >> (7 * (size - 1 - i))) & 127) | 128);
		}
		return p + size;
	}

	private static int headerCount(byte[] lp) {
		return (lp[4] & 0xff) | (lp[5] & 0xff) << 8;
	}

	static void setTotalBytes(byte[] lp, int total) {
		lp[0] = (byte) total;
		lp[1] = (byte) (total >> 8);
		lp[2] = (byte) (total >> 16);
		lp[3] = (byte) (total >> 24);
	}

	static void addToCount(byte[] lp, int delta) {
		int count = headerCount(lp);
		if (delta != 0 && count != UNKNOWN_COUNT) {
			setCount(lp, count + delta);
		}
	}

	private static void setCount(byte[] lp, int count) {
		lp[4] = (byte) count;
		lp[5] = (byte) (count >> 8);
	}

	/**
	 * Builds a listpack from entries added at its end with one final copy, instead of a new array
	 * per entry: for a collection created with many elements at once, or converted back.
	 */
	public static final class Builder {

		private byte[] buf;

		private int size;

		private int count;

		private final int countBefore;

		public Builder() {
			this(empty(), 8);
		}

		/** Continues an existing listpack, expecting about {@code entries} more. */
		public Builder(byte[] lp, int entries) {
			this.buf = Arrays.copyOf(lp, lp.length + 16 * Math.max(entries, 1));
			this.size = lp.length - 1; // the terminator is written again at the end
			this.countBefore = headerCount(lp);
		}

		public Builder add(byte[] s) {
			ensure(s.length + 10);
			this.size = writeEntry(this.buf, this.size, s);
			this.count++;
			return this;
		}

		public Builder addInteger(long value) {
			ensure(10);
			int end = writeInteger(this.buf, this.size, value);
			this.size = writeBacklen(this.buf, end, end - this.size);
			this.count++;
			return this;
		}

		/** The listpack, exactly sized; the builder must not be used afterwards. */
		public byte[] build() {
			byte[] lp = Arrays.copyOf(this.buf, this.size + 1);
			lp[this.size] = (byte) EOF;
			setTotalBytes(lp, lp.length);
			long total = this.countBefore == UNKNOWN_COUNT ? UNKNOWN_COUNT : (long) this.countBefore + this.count;
			setCount(lp, (int) Math.min(total, UNKNOWN_COUNT));
			return lp;
		}

		private void ensure(int extra) {
			if (this.size + extra + 1 > this.buf.length) {
				long wanted = Math.max(2L * this.buf.length, (long) this.size + extra + 1);
				this.buf = Arrays.copyOf(this.buf, (int) Math.min(wanted, Integer.MAX_VALUE - 8));
			}
		}

	}

}
