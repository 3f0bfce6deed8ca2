package io.kvserver.store;

/**
 * Estimated heap sizes of the objects values are made of, on a 64-bit JVM with compressed
 * references (as the memory gauge and MEMORY USAGE report them; see docs/design.md).
 */
public final class HeapSizes {

	/** An array's header: mark word, class pointer and length. */
	public static final int ARRAY_HEADER = 16;

	/** A plain object's header. */
	public static final int OBJECT_HEADER = 12;

	/** A reference field or array element. */
	public static final int REFERENCE = 4;

	private HeapSizes() {
	}

	/** A byte array of this length. */
	public static long bytes(int length) {
		return align(ARRAY_HEADER + (long) length);
	}

	/** An array of this many references. */
	public static long references(int length) {
		return align(ARRAY_HEADER + (long) REFERENCE * length);
	}

	/** An int array of this length. */
	public static long ints(int length) {
		return align(ARRAY_HEADER + 4L * length);
	}

	/** An object with these bytes of fields after its header. */
	public static long object(int fieldBytes) {
		return align(OBJECT_HEADER + (long) fieldBytes);
	}

	public static long align(long bytes) {
		return (bytes + 7) & ~7L;
	}

}
