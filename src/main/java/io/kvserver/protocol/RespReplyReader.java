package io.kvserver.protocol;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The client side of the protocol: reads a server's replies, RESP2 and RESP3 alike (a connection
 * switched by {@code HELLO 3} is read the same way), each as a {@link RespReply}. It buffers on its
 * own, with a buffer of the caller's size (a load test holds thousands of these), and is also an
 * {@link InputStream} over that same buffer, for callers that read raw bytes between replies.
 * <p>
 * A reply that breaks the protocol is a {@link MalformedReplyException}: the stream can no longer be
 * trusted. The end of the stream is an {@link EOFException}; a socket's read timeout comes through as
 * it is thrown. A declared length allocates nothing before its bytes arrive. With
 * {@link #copyTo(ByteArrayOutputStream)} every byte read is also copied out, so a caller keeps what
 * came even when a reply is cut short.
 */
public final class RespReplyReader extends InputStream {

	/** Redis's own limit for an inline line; a longer first line means we are not talking to Redis. */
	private static final int MAX_LINE = 64 * 1024;

	/** Redis's replies nest a few levels; far deeper is a broken or hostile stream, not a reply. */
	private static final int MAX_DEPTH = 512;

	private final InputStream in;

	private final byte[] buf;

	private int pos;

	private int limit;

	private @Nullable ByteArrayOutputStream copy;

	public RespReplyReader(InputStream in, int bufferSize) {
		this.in = in;
		this.buf = new byte[bufferSize];
	}

	/** Parses bytes that should hold exactly one reply; null if they hold less, more, or something else. */
	public static @Nullable RespReply parse(byte[] bytes) {
		try (RespReplyReader reader = new RespReplyReader(new ByteArrayInputStream(bytes), 512)) {
			RespReply reply = reader.readReply();
			return (reader.read() < 0) ? reply : null;
		}
		catch (IOException ex) {
			return null;
		}
	}

	/** From now on, also appends every byte read to {@code sink}; null stops copying. */
	public void copyTo(@Nullable ByteArrayOutputStream sink) {
		this.copy = sink;
	}

	/** The next whole reply; an attribute comes with the reply it describes. */
	public RespReply readReply() throws IOException {
		return reply(0);
	}

	private RespReply reply(int depth) throws IOException {
		if (depth > MAX_DEPTH) {
			throw new MalformedReplyException("replies nested more than " + MAX_DEPTH + " deep");
		}
		char type = (char) next();
		String line = line();
		return switch (type) {
			case '+', '-', ',', '(' -> RespReply.simple(type, line);
			case ':' -> integer(line);
			case '_' -> expect(type, line, line.isEmpty(), "a null with text");
			case '#' -> expect(type, line, line.equals("t") || line.equals("f"), "not a boolean");
			case '$', '=', '!' -> string(type, line);
			case '*', '~', '>' -> aggregate(type, line, 1, 0, depth);
			case '%' -> aggregate(type, line, 2, 0, depth);
			case '|' -> aggregate(type, line, 2, 1, depth);
			default -> throw new MalformedReplyException("unexpected reply type byte " + (int) type);
		};
	}

	private RespReply integer(String line) throws MalformedReplyException {
		try {
			Long.parseLong(line);
			return RespReply.simple(':', line);
		}
		catch (NumberFormatException ex) {
			throw new MalformedReplyException("not a number: '" + line + "'");
		}
	}

	private static RespReply expect(char type, String line, boolean valid, String problem)
			throws MalformedReplyException {
		if (!valid) {
			throw new MalformedReplyException(problem + ": '" + type + line + "'");
		}
		return RespReply.simple(type, line);
	}

	private RespReply string(char type, String line) throws IOException {
		long length = length(line);
		if (length < 0) {
			return RespReply.simple(type, line);
		}
		if (length > Integer.MAX_VALUE - 2) {
			throw new MalformedReplyException("string length " + length + " too large");
		}
		// Up to a buffer's worth is read into its own array; beyond that readNBytes grows its result as
		// bytes arrive, so a declared length costs nothing up front.
		byte[] payload = (length <= this.buf.length) ? readExactly(new byte[(int) length]) : readNBytes((int) length);
		if (payload.length < length) {
			throw new EOFException("connection closed in a " + length + "-byte string");
		}
		if (next() != '\r' || next() != '\n') {
			throw new MalformedReplyException("string not terminated by CRLF");
		}
		return new RespReply(type, line, payload, List.of());
	}

	/** Fills the array; a shorter stream leaves it short, which the caller notices by the count read. */
	private byte[] readExactly(byte[] into) throws IOException {
		int filled = 0;
		while (filled < into.length) {
			int n = read(into, filled, into.length - filled);
			if (n < 0) {
				return Arrays.copyOf(into, filled);
			}
			filled += n;
		}
		return into;
	}

	private RespReply aggregate(char type, String line, int perElement, int extra, int depth) throws IOException {
		long count = length(line);
		if (count < 0) {
			return RespReply.simple(type, line);
		}
		long elements = count * perElement + extra;
		List<RespReply> children = new ArrayList<>((int) Math.min(elements, 1024));
		for (long i = 0; i < elements; i++) {
			children.add(reply(depth + 1));
		}
		return new RespReply(type, line, null, children);
	}

	/** A length or count: -1 for a null, else at least 0. */
	private long length(String line) throws MalformedReplyException {
		try {
			long value = Long.parseLong(line);
			if (value >= -1) {
				return value;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		throw new MalformedReplyException("not a length: '" + line + "'");
	}

	/** The rest of the line, without its CRLF. */
	private String line() throws IOException {
		StringBuilder text = new StringBuilder(16);
		while (true) {
			int b = next();
			if (b == '\r') {
				if (next() != '\n') {
					throw new MalformedReplyException("CR not followed by LF");
				}
				return text.toString();
			}
			if (text.length() == MAX_LINE) {
				throw new MalformedReplyException("reply line longer than " + MAX_LINE + " bytes");
			}
			text.append((char) b);
		}
	}

	/** The next byte of a reply; the stream ending here is an EOFException. */
	private int next() throws IOException {
		int b = read();
		if (b < 0) {
			throw new EOFException("connection closed by the server");
		}
		return b;
	}

	@Override
	public int read() throws IOException {
		if (this.pos == this.limit && !fill()) {
			return -1;
		}
		int b = this.buf[this.pos++] & 0xff;
		if (this.copy != null) {
			this.copy.write(b);
		}
		return b;
	}

	@Override
	public int read(byte[] into, int offset, int length) throws IOException {
		if (length == 0) {
			return 0;
		}
		if (this.pos == this.limit && !fill()) {
			return -1;
		}
		int n = Math.min(length, this.limit - this.pos);
		System.arraycopy(this.buf, this.pos, into, offset, n);
		this.pos += n;
		if (this.copy != null) {
			this.copy.write(into, offset, n);
		}
		return n;
	}

	@Override
	public int available() throws IOException {
		return (this.limit - this.pos) + this.in.available();
	}

	@Override
	public void close() throws IOException {
		this.in.close();
	}

	/** Refills the empty buffer; false at the end of the stream. */
	private boolean fill() throws IOException {
		int n = this.in.read(this.buf, 0, this.buf.length);
		if (n < 0) {
			return false;
		}
		if (n == 0) {
			throw new IOException("the stream returned no bytes without ending: not a blocking stream");
		}
		this.pos = 0;
		this.limit = n;
		return true;
	}

	/** The server sent something that is not a RESP reply. */
	public static final class MalformedReplyException extends IOException {

		public MalformedReplyException(String message) {
			super(message);
		}

	}

}
