package io.kvserver.security;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * Redis 7.0's ACL command categories, in its order (acl.c's ACLCommandCategories), which ACL CAT
 * lists and ACL rules are described in.
 */
public enum AclCategory {

	KEYSPACE, READ, WRITE, SET, SORTEDSET, LIST, HASH, STRING, BITMAP, HYPERLOGLOG, GEO, STREAM, PUBSUB, ADMIN, FAST,
	SLOW, BLOCKING, DANGEROUS, CONNECTION, TRANSACTION, SCRIPTING;

	/** The name as rules and ACL CAT spell it ("sortedset"). */
	public String redisName() {
		return name().toLowerCase(Locale.ROOT);
	}

	public long bit() {
		return 1L << ordinal();
	}

	/** The category of this name in any case, or null. */
	public static @Nullable AclCategory named(String name) {
		for (AclCategory category : values()) {
			if (category.name().equalsIgnoreCase(name)) {
				return category;
			}
		}
		return null;
	}

	/** The bits of categories named as COMMAND INFO lists them ("@write", "@string"). */
	public static long bits(Iterable<String> redisNames) {
		long bits = 0;
		for (String name : redisNames) {
			AclCategory category = named(name.startsWith("@") ? name.substring(1) : name);
			if (category != null) {
				bits |= category.bit();
			}
		}
		return bits;
	}

}
