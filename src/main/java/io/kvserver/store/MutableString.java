package io.kvserver.store;

import java.util.Arrays;

/**
 * A string value that APPEND and SETRANGE change in place. Like Redis's sds it keeps spare room
 * (double the length up to 1 MiB, then 1 MiB more), so a value built by many small appends costs
 * amortised O(1) per byte instead of a full copy per append. Plain values are immutable
 * {@code byte[]}; a value becomes one of these the first time it is modified, which is also when
 * Redis gives it the "raw" encoding.
 * <p>
 * Every byte of the array past the length is zero, so growing pads with zeros without writing them.
 */
public final class MutableString implements Value {

	private static final int MAX_PREALLOC = 1024 * 1024;

	/** The longest array a JVM allocates is a little under 2 GiB. */
	public static final int MAX_LENGTH = Integer.MAX_VALUE - 8;

	private byte[] bytes;

	private int length;

	private MutableString(byte[] bytes, int length) {
		this.bytes = bytes;
		this.length = length;
	}

	/** The most room a string may take under proto-max-bulk-len: the limit, capped at {@link #MAX_LENGTH}. */
	public static int capacityLimit(long maxStringLength) {
		return (int) Math.min(maxStringLength, MAX_LENGTH);
	}

	/** A string of {@code length} zero bytes, with no spare room (Redis's sdsnewlen(NULL, length)). */
	public static MutableString ofLength(int length) {
		return new MutableString(new byte[length], length);
	}

	/** A string made of these bytes, which it takes over: the caller must not keep or change the array. */
	public static MutableString wrap(byte[] bytes) {
		return new MutableString(bytes, bytes.length);
	}

	/** A modifiable copy of the first {@code length} bytes, with room for {@code capacity}. */
	public static MutableString copyOf(byte[] source, int length, int capacity) {
		byte[] bytes = new byte[Math.max(capacity, length)];
		System.arraycopy(source, 0, bytes, 0, length);
		return new MutableString(bytes, length);
	}

	/** The backing array; only the first {@link #length()} bytes are the value. */
	public byte[] array() {
		return this.bytes;
	}

	public int length() {
		return this.length;
	}

	/**
	 * Makes the value at least {@code newLength} long, padding with zero bytes, with spare room as
	 * sds gives it but never more than {@code maxCapacity} in all.
	 */
	public void growTo(int newLength, int maxCapacity) {
		int capacity = capacityToGrowTo(newLength, maxCapacity);
		if (capacity > 0) {
			this.bytes = Arrays.copyOf(this.bytes, capacity);
		}
		if (newLength > this.length) {
			this.length = newLength;
		}
	}

	/**
	 * The size of the array {@link #growTo} would allocate to reach {@code newLength}, or 0 if the
	 * room it has is enough: what a caller checks against the free heap before growing.
	 */
	public int capacityToGrowTo(int newLength, int maxCapacity) {
		return newLength <= this.bytes.length ? 0 : roomFor(newLength, maxCapacity);
	}

	/** The room sds gives a string growing to {@code newLength}: double, or 1 MiB more, within the cap. */
	public static int roomFor(int newLength, int maxCapacity) {
		long wanted = newLength < MAX_PREALLOC ? 2L * newLength : (long) newLength + MAX_PREALLOC;
		return (int) Math.max(newLength, Math.min(wanted, maxCapacity));
	}

	/**
	 * Shortens the value to {@code newLength}, keeping the room. The bytes past the length are
	 * zeroed, so that every byte past the length reads as zero, as growing relies on.
	 */
	public void truncate(int newLength) {
		if (newLength < this.length) {
			Arrays.fill(this.bytes, newLength, this.length, (byte) 0);
			this.length = newLength;
		}
	}

	/** Replaces the whole value by these bytes, which it takes over (a change of representation). */
	public void replaceWith(byte[] contents) {
		this.bytes = contents;
		this.length = contents.length;
	}

	/** Appends bytes; the caller has checked the resulting length against the limit. */
	public void append(byte[] source, int maxCapacity) {
		int at = this.length;
		growTo(at + source.length, maxCapacity);
		System.arraycopy(source, 0, this.bytes, at, source.length);
	}

	/** Overwrites from the offset on, growing (zero-padded) as needed. */
	public void write(int offset, byte[] source, int maxCapacity) {
		growTo(Math.max(this.length, offset + source.length), maxCapacity);
		System.arraycopy(source, 0, this.bytes, offset, source.length);
	}

	@Override
	public ValueType type() {
		return ValueType.STRING;
	}

	/** Redis gives a string it modified in place the "raw" encoding, whatever its length. */
	@Override
	public String encoding() {
		return "raw";
	}

	/** The array at its capacity, spare room included, plus this object. */
	@Override
	public long memoryBytes() {
		return 24 + HeapSizes.bytes(this.bytes.length);
	}

	/** An independent copy, trimmed to the length, as COPY duplicates a raw string. */
	@Override
	public MutableString copy() {
		return new MutableString(Arrays.copyOf(this.bytes, this.length), this.length);
	}

	/** The value's bytes, exactly. */
	public byte[] toByteArray() {
		return Arrays.copyOf(this.bytes, this.length);
	}

}
