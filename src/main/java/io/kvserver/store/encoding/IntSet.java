package io.kvserver.store.encoding;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.random.RandomGenerator;

/**
 * Redis 7.0's intset, byte for byte (intset.c), in an exactly sized {@code byte[]}: a 4-byte
 * encoding (2, 4 or 8: the width of every element), a 4-byte length, then the elements sorted
 * ascending, little-endian. Adding a value too wide for the current encoding rewrites every element
 * at the wider one (Redis never narrows it again). An RDB file holds these bytes as they are.
 * <p>
 * A change returns the intset to use from then on (a new array); when nothing changes (adding a
 * member already there, removing one that is not) the same array comes back, so
 * {@code IntSet.add(set, v) != set} tells whether it was added.
 */
public final class IntSet {

	public static final int HEADER_SIZE = 8;

	private static final VarHandle SHORTS = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);

	private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

	private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

	private IntSet() {
	}

	/** An empty intset, 16-bit encoded. */
	public static byte[] empty() {
		byte[] set = new byte[HEADER_SIZE];
		INTS.set(set, 0, 2);
		return set;
	}

	/** The width of the elements in bytes: 2, 4 or 8. */
	public static int encoding(byte[] set) {
		return (int) INTS.get(set, 0);
	}

	public static int length(byte[] set) {
		return (int) INTS.get(set, 4);
	}

	/** The element at the position (0 is the smallest). */
	public static long get(byte[] set, int index) {
		return get(set, index, encoding(set));
	}

	public static boolean contains(byte[] set, long value) {
		return widthOf(value) <= encoding(set) && search(set, value) >= 0;
	}

	/** The set with the value added: the same array if it was already a member. */
	public static byte[] add(byte[] set, long value) {
		int encoding = encoding(set);
		int length = length(set);
		int width = widthOf(value);
		if (width > encoding) {
			// Wider than every element: it goes first if negative, last if not.
			byte[] result = new byte[HEADER_SIZE + (length + 1) * width];
			INTS.set(result, 0, width);
			INTS.set(result, 4, length + 1);
			int shift = value < 0 ? 1 : 0;
			for (int i = 0; i < length; i++) {
				set(result, i + shift, width, get(set, i, encoding));
			}
			set(result, value < 0 ? 0 : length, width, value);
			return result;
		}
		int found = search(set, value);
		if (found >= 0) {
			return set;
		}
		int position = -found - 1;
		byte[] result = new byte[set.length + encoding];
		int at = HEADER_SIZE + position * encoding;
		System.arraycopy(set, 0, result, 0, at);
		System.arraycopy(set, at, result, at + encoding, set.length - at);
		set(result, position, encoding, value);
		INTS.set(result, 4, length + 1);
		return result;
	}

	/** The set without the value: the same array if it was not a member. */
	public static byte[] remove(byte[] set, long value) {
		int encoding = encoding(set);
		if (widthOf(value) > encoding) {
			return set;
		}
		int position = search(set, value);
		if (position < 0) {
			return set;
		}
		byte[] result = new byte[set.length - encoding];
		int at = HEADER_SIZE + position * encoding;
		System.arraycopy(set, 0, result, 0, at);
		System.arraycopy(set, at + encoding, result, at, set.length - at - encoding);
		INTS.set(result, 4, length(set) - 1);
		return result;
	}

	/** A member chosen uniformly; the set must not be empty. */
	public static long random(byte[] set, RandomGenerator random) {
		return get(set, random.nextInt(length(set)));
	}

	/**
	 * Whether the bytes are a well-formed intset as Redis's intsetValidateIntegrity checks one read
	 * from an RDB file: a known encoding, a size matching the length, not empty, and (when
	 * {@code deep}) strictly ascending elements.
	 */
	public static boolean isValid(byte[] set, boolean deep) {
		if (set.length < HEADER_SIZE) {
			return false;
		}
		int encoding = encoding(set);
		if (encoding != 2 && encoding != 4 && encoding != 8) {
			return false;
		}
		long length = length(set) & 0xffffffffL;
		if (HEADER_SIZE + length * encoding != set.length || length == 0) {
			return false;
		}
		if (deep) {
			for (int i = 1; i < length; i++) {
				if (get(set, i, encoding) <= get(set, i - 1, encoding)) {
					return false;
				}
			}
		}
		return true;
	}

	/** The narrowest element width that holds the value. */
	static int widthOf(long value) {
		if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
			return 8;
		}
		return value < Short.MIN_VALUE || value > Short.MAX_VALUE ? 4 : 2;
	}

	/** The value's position, or {@code -(insertion point) - 1} if it is not a member (intsetSearch). */
	private static int search(byte[] set, long value) {
		int length = length(set);
		if (length == 0) {
			return -1;
		}
		int encoding = encoding(set);
		if (value > get(set, length - 1, encoding)) {
			return -length - 1;
		}
		if (value < get(set, 0, encoding)) {
			return -1;
		}
		int min = 0;
		int max = length - 1;
		while (min <= max) {
			int mid = (min + max) >>> 1;
			long current = get(set, mid, encoding);
			if (value > current) {
				min = mid + 1;
			}
			else if (value < current) {
				max = mid - 1;
			}
			else {
				return mid;
			}
		}
		return -min - 1;
	}

	private static long get(byte[] set, int index, int encoding) {
		int at = HEADER_SIZE + index * encoding;
		return switch (encoding) {
			case 2 -> (short) SHORTS.get(set, at);
			case 4 -> (int) INTS.get(set, at);
			default -> (long) LONGS.get(set, at);
		};
	}

	private static void set(byte[] set, int index, int encoding, long value) {
		int at = HEADER_SIZE + index * encoding;
		switch (encoding) {
			case 2 -> SHORTS.set(set, at, (short) value);
			case 4 -> INTS.set(set, at, (int) value);
			default -> LONGS.set(set, at, value);
		}
	}

}
