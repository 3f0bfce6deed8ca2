package io.kvserver.store;

/** The kinds of value a key can hold, under the names TYPE answers (and SCAN's TYPE filter takes). */
public enum ValueType {

	STRING("string"), LIST("list"), SET("set"), ZSET("zset"), HASH("hash"), STREAM("stream");

	private final String typeName;

	ValueType(String typeName) {
		this.typeName = typeName;
	}

	/** What TYPE answers for a key of this type. */
	public String typeName() {
		return this.typeName;
	}

	/**
	 * The type of a stored value: a bare {@code byte[]} is a string (see {@link Value}), anything
	 * else is a {@link Value} that knows its type.
	 */
	public static ValueType of(Object stored) {
		return stored instanceof Value value ? value.type() : STRING;
	}

}
