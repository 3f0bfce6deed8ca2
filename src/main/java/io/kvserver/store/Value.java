package io.kvserver.store;

/**
 * A stored value that is more than an immutable string. The keyspace holds either a bare
 * {@code byte[]} (an immutable string: the array is the whole object, as Redis's embstr keeps the
 * bytes in the object header, so the commonest value costs nothing extra) or a {@code Value}: a
 * string changed in place ({@link MutableString}), or a collection with its own compact and large
 * encodings, converted at Redis's thresholds.
 * <p>
 * A value never changes behind the keyspace's back: a command that changes one in place tells the
 * keyspace afterwards ({@link Keyspace#modified}), which keeps the memory count and tells WATCH.
 */
public sealed interface Value permits MutableString {

	ValueType type();

	/** What OBJECT ENCODING answers, under Redis 7.0's names ("raw", "listpack", "hashtable", "intset", ...). */
	String encoding();

	/** Estimated heap bytes held by this value, its own object included; kept up to date as it changes. */
	long memoryBytes();

	/** An independent copy, as COPY makes. */
	Value copy();

	/** What OBJECT ENCODING answers for a stored value, given the flags it was stored with. */
	static String encodingOf(Object stored, int flags) {
		return stored instanceof byte[] ? Strings.encoding(stored, flags) : ((Value) stored).encoding();
	}

}
