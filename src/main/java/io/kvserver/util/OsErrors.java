package io.kvserver.util;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

/** An I/O failure as C's strerror words it, for the messages Redis prints with it. */
public final class OsErrors {

	private OsErrors() {
	}

	public static String strerror(IOException ex) {
		if (ex instanceof NoSuchFileException) {
			return "No such file or directory";
		}
		if (ex instanceof AccessDeniedException) {
			return "Permission denied";
		}
		return String.valueOf(ex.getMessage());
	}

}
