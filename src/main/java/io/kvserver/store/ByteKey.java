package io.kvserver.store;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A binary-safe map key: the bytes plus their hash, computed once. Comparable so that HashMap
 * falls back to a balanced tree when a client floods one bucket with colliding keys.
 */
public final class ByteKey implements Comparable<ByteKey> {

	private final byte[] bytes;

	private final int hash;

	public ByteKey(byte[] bytes) {
		this.bytes = bytes;
		this.hash = Arrays.hashCode(bytes);
	}

	/** The key's bytes; callers must not modify them. */
	public byte[] bytes() {
		return this.bytes;
	}

	@Override
	public int hashCode() {
		return this.hash;
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof ByteKey k && k.hash == this.hash && Arrays.equals(k.bytes, this.bytes);
	}

	@Override
	public int compareTo(ByteKey other) {
		return Arrays.compareUnsigned(this.bytes, other.bytes);
	}

	@Override
	public String toString() {
		return new String(this.bytes, StandardCharsets.ISO_8859_1);
	}

}
