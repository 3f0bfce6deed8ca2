package io.kvserver.persistence.rdb;

/** The bytes are not a valid RDB file or payload (Redis's "Bad file format" / corrupt RDB cases). */
public final class RdbFormatException extends RuntimeException {

	public RdbFormatException(String message) {
		super(message);
	}

}
