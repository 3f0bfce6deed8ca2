package io.kvserver.loadtest;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads RESP2 replies from a stream: {@code +} as {@link String}, {@code -} as {@link RespError},
 * {@code :} as {@link Long}, {@code $} as {@code byte[]} (or null), {@code *} as {@link List}
 * (or null). Buffers on its own, with a small buffer, because a sweep holds thousands of these.
 * Anything else is a {@link RespProtocolException}: the stream can no longer be trusted.
 */
final class RespReader {

	/** Redis's own limit for an inline line; a longer header means we are not talking to Redis. */
	private static final int MAX_LINE = 64 * 1024;

	private final InputStream in;

	private final byte[] buf;

	private int pos;

	private int limit;

	RespReader(InputStream in, int bufferSize) {
		this.in = in;
		this.buf = new byte[bufferSize];
	}

	Object read() throws IOException {
		int type = next();
		return switch (type) {
			case '+' -> line();
			case '-' -> new RespError(line());
			case ':' -> number();
			case '$' -> bulk();
			case '*' -> array();
			default -> throw new RespProtocolException("unexpected reply type byte " + type);
		};
	}

	private byte[] bulk() throws IOException {
		long length = number();
		if (length < 0) {
			return null;
		}
		if (length > Integer.MAX_VALUE - 2) {
			throw new RespProtocolException("bulk length " + length + " too large");
		}
		byte[] value = new byte[(int) length];
		int copied = 0;
		while (copied < value.length) {
			fill();
			int n = Math.min(value.length - copied, this.limit - this.pos);
			System.arraycopy(this.buf, this.pos, value, copied, n);
			this.pos += n;
			copied += n;
		}
		if (next() != '\r' || next() != '\n') {
			throw new RespProtocolException("bulk string not terminated by CRLF");
		}
		return value;
	}

	private List<Object> array() throws IOException {
		long count = number();
		if (count < 0) {
			return null;
		}
		List<Object> items = new ArrayList<>((int) Math.min(count, 1024));
		for (long i = 0; i < count; i++) {
			items.add(read());
		}
		return items;
	}

	private long number() throws IOException {
		String text = line();
		try {
			return Long.parseLong(text);
		}
		catch (NumberFormatException ex) {
			throw new RespProtocolException("not a number: '" + text + "'");
		}
	}

	/** The rest of the line, without its CRLF. */
	private String line() throws IOException {
		StringBuilder text = new StringBuilder(16);
		while (true) {
			int b = next();
			if (b == '\r') {
				if (next() != '\n') {
					throw new RespProtocolException("CR not followed by LF");
				}
				return text.toString();
			}
			if (text.length() == MAX_LINE) {
				throw new RespProtocolException("reply line longer than " + MAX_LINE + " bytes");
			}
			text.append((char) b);
		}
	}

	private int next() throws IOException {
		fill();
		return this.buf[this.pos++] & 0xff;
	}

	private void fill() throws IOException {
		if (this.pos < this.limit) {
			return;
		}
		int n = this.in.read(this.buf, 0, this.buf.length);
		if (n < 0) {
			throw new EOFException("connection closed by the server");
		}
		this.pos = 0;
		this.limit = n;
	}

	/** An error reply, e.g. {@code -ERR max number of clients reached}. */
	record RespError(String message) {
	}

	/** The server sent something that is not RESP2. */
	static final class RespProtocolException extends IOException {

		RespProtocolException(String message) {
			super(message);
		}

	}

}
