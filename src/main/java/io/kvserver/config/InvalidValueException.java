package io.kvserver.config;

/** A value a directive refuses, with Redis's reason ("argument must be 'yes' or 'no'"). */
public final class InvalidValueException extends Exception {

	private static final long serialVersionUID = 1L;

	public InvalidValueException(String reason) {
		super(reason, null, false, false);
	}

}
