package io.kvserver.store;

import java.util.Arrays;

/**
 * A string value that APPEND and SETRANGE change in place. Like Redis's sds it keeps spare room
 * (double the length up to 1 MiB, then 1 MiB more), so a value built by many small appends costs
 * amortised O(1) per byte instead of a full copy per append. Plain values are immutable
 * {@code byte[]}; a value becomes one of these the first time it is modified, which is also when
 * Redis gives it the "raw" encoding.
 */
public final class MutableString implements Value {

	private static final int MAX_PREALLOC = 1024 * 1024;

	private byte[] bytes;

	private int length;

	private MutableString(byte[] bytes, int length) {
		this.bytes = bytes;
		this.length = length;
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
		if (newLength > this.bytes.length) {
			long wanted = newLength < MAX_PREALLOC ? 2L * newLength : (long) newLength + MAX_PREALLOC;
			this.bytes = Arrays.copyOf(this.bytes, (int) Math.max(newLength, Math.min(wanted, maxCapacity)));
		}
		if (newLength > this.length) {
			this.length = newLength;
		}
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
