package io.kvserver.store;

import io.kvserver.util.Numbers;

/**
 * Reading string values, which are stored either as an immutable {@code byte[]} or, once APPEND or
 * SETRANGE changed them, as a {@link MutableString}; and what OBJECT reports about them.
 */
public final class Strings {

	/** Redis's OBJ_ENCODING_EMBSTR_SIZE_LIMIT. */
	private static final int EMBSTR_LIMIT = 44;

	/** Redis's OBJ_SHARED_INTEGERS: 0..9999 stored as integers are shared objects. */
	private static final int SHARED_INTEGERS = 10000;

	private Strings() {
	}

	public static byte[] array(Object value) {
		return value instanceof MutableString m ? m.array() : (byte[]) value;
	}

	public static int length(Object value) {
		return value instanceof MutableString m ? m.length() : ((byte[]) value).length;
	}

	/** The value's bytes, exactly; shares the array of an immutable value. */
	public static byte[] bytes(Object value) {
		return value instanceof MutableString m ? m.toByteArray() : (byte[]) value;
	}

	/** The value as a long if it is one in Redis's strict syntax, for INCR and friends. */
	public static boolean parseLong(Object value, long[] out) {
		return Numbers.parseLong(array(value), 0, length(value), out);
	}

	/**
	 * What OBJECT ENCODING answers, following Redis's tryObjectEncoding: a string that reads as a
	 * long is "int", one of up to 44 bytes "embstr", a longer or modified one "raw".
	 */
	public static String encoding(Object value, int flags) {
		if (value instanceof MutableString) {
			return "raw";
		}
		byte[] bytes = (byte[]) value;
		if ((flags & Keyspace.ENCODED_AS_STRING) == 0 && bytes.length <= 20
				&& Numbers.parseLong(bytes, new long[1])) {
			return "int";
		}
		return bytes.length <= EMBSTR_LIMIT ? "embstr" : "raw";
	}

	/** What OBJECT REFCOUNT answers: Redis's shared small integers report INT_MAX, anything else 1. */
	public static long refCount(Object value, int flags) {
		long[] parsed = new long[1];
		if (value instanceof byte[] bytes && encoding(value, flags).equals("int") && (flags & Keyspace.DUPLICATED) == 0
				&& Numbers.parseLong(bytes, parsed) && parsed[0] >= 0 && parsed[0] < SHARED_INTEGERS) {
			return Integer.MAX_VALUE;
		}
		return 1;
	}

}
