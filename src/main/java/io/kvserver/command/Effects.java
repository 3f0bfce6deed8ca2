package io.kvserver.command;

import java.nio.charset.StandardCharsets;

import io.kvserver.util.Numbers;

/**
 * The effect forms Redis 7.0 propagates instead of a command as sent (its shared.set, shared.pxat,
 * shared.pexpireat, ...), for {@link Session#propagateAs}: names in capitals, times absolute.
 */
public final class Effects {

	public static final byte[] SET = ascii("SET");

	public static final byte[] PXAT = ascii("PXAT");

	public static final byte[] KEEPTTL = ascii("KEEPTTL");

	public static final byte[] PEXPIREAT = ascii("PEXPIREAT");

	public static final byte[] PERSIST = ascii("PERSIST");

	public static final byte[] DEL = ascii("DEL");

	public static final byte[] ABSTTL = ascii("ABSTTL");

	private Effects() {
	}

	/** {@code SET key value PXAT ms}: a SET, SETEX or PSETEX with an expiry. */
	public static byte[][] setPxat(byte[] key, byte[] value, long expireAtMillis) {
		return new byte[][] { SET, key, value, PXAT, Numbers.toBytes(expireAtMillis) };
	}

	/** {@code PEXPIREAT key ms}. */
	public static byte[][] pexpireat(byte[] key, long expireAtMillis) {
		return new byte[][] { PEXPIREAT, key, Numbers.toBytes(expireAtMillis) };
	}

	/** {@code DEL key}: a key removed by a command that does not say so (GETDEL, an expiry in the past). */
	public static byte[][] del(byte[] key) {
		return new byte[][] { DEL, key };
	}

	public static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

}
