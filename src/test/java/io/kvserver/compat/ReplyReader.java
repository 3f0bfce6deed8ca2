package io.kvserver.compat;

import java.io.ByteArrayOutputStream;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;

import io.kvserver.support.RawConnection;

/**
 * Reads what a server answers to one step, keeping every byte it got even when the reply is cut
 * short, so a mismatch shows exactly what each server sent and how its stream ended.
 */
public final class ReplyReader {

	/** How a read ended: normally, or with the server gone or silent. */
	public enum End {
		COMPLETE, CLOSED, TIMEOUT, RESET
	}

	public record Outcome(byte[] bytes, End end) {

		public String show() {
			String shown = ByteEscapes.show(this.bytes);
			return switch (this.end) {
				case COMPLETE -> shown;
				case CLOSED -> shown + " <connection closed by server>";
				case TIMEOUT -> shown + " <no more bytes before the read timeout>";
				case RESET -> shown + " <connection reset>";
			};
		}

	}

	private final RawConnection connection;

	private final ByteArrayOutputStream got = new ByteArrayOutputStream();

	public ReplyReader(RawConnection connection) {
		this.connection = connection;
	}

	/** Reads {@code count} complete replies. */
	public Outcome replies(int count) {
		this.got.reset();
		try {
			for (int i = 0; i < count; i++) {
				reply();
			}
			return new Outcome(this.got.toByteArray(), End.COMPLETE);
		}
		catch (EndOfStream ex) {
			return new Outcome(this.got.toByteArray(), End.CLOSED);
		}
		catch (UncheckedIOException ex) {
			return new Outcome(this.got.toByteArray(), endFor(ex));
		}
	}

	/** Reads everything up to the server closing the connection. */
	public Outcome untilClosed() {
		this.got.reset();
		try {
			while (true) {
				next();
			}
		}
		catch (EndOfStream ex) {
			return new Outcome(this.got.toByteArray(), End.CLOSED);
		}
		catch (UncheckedIOException ex) {
			return new Outcome(this.got.toByteArray(), endFor(ex));
		}
	}

	/** One reply, RESP2 or RESP3, so that a connection switched by HELLO 3 is still read reply by reply. */
	private void reply() {
		String line = line();
		switch (line.charAt(0)) {
			case '$', '=', '!' -> {
				int length = Integer.parseInt(line.substring(1));
				if (length >= 0) {
					bytes(length + 2);
				}
			}
			case '*', '~', '>' -> elements(line, 1);
			case '%', '|' -> elements(line, 2);
			default -> {
				// + - : _ # , ( and anything unknown are one line
			}
		}
		if (line.charAt(0) == '|') {
			reply(); // an attribute precedes the reply it describes
		}
	}

	private void elements(String header, int perEntry) {
		int count = Integer.parseInt(header.substring(1));
		for (int i = 0; i < count * perEntry; i++) {
			reply();
		}
	}

	private String line() {
		StringBuilder line = new StringBuilder();
		while (true) {
			int b = next();
			if (b == '\n' && !line.isEmpty() && line.charAt(line.length() - 1) == '\r') {
				return line.substring(0, line.length() - 1);
			}
			line.append((char) b);
		}
	}

	private int next() {
		byte[] one = this.connection.readBytes(1);
		if (one.length == 0) {
			throw new EndOfStream();
		}
		this.got.write(one[0]);
		return one[0] & 0xff;
	}

	private void bytes(int n) {
		byte[] some = this.connection.readBytes(n);
		this.got.writeBytes(some);
		if (some.length < n) {
			throw new EndOfStream();
		}
	}

	private static End endFor(UncheckedIOException ex) {
		return ex.getCause() instanceof SocketTimeoutException ? End.TIMEOUT : End.RESET;
	}

	private static final class EndOfStream extends RuntimeException {

		EndOfStream() {
			super(null, null, false, false);
		}

	}

}
