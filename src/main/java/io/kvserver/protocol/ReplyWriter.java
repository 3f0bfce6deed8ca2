package io.kvserver.protocol;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Encodes typed replies straight into one growable buffer, so a whole pipelined batch of replies
 * leaves with one write. Commands speak only in reply types; the RESP version is this class's
 * concern. Not thread-safe; one instance per connection, reused across batches.
 */
public final class ReplyWriter {

	private static final byte[] OK = "+OK\r\n".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] NULL_BULK = "$-1\r\n".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] NULL_ARRAY = "*-1\r\n".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] CRLF = { '\r', '\n' };

	private static final int CACHED_INTEGERS = 1024;

	/** ":0\r\n" .. ":1023\r\n", the integers replies use most. */
	private static final byte[][] INTEGER_REPLIES = new byte[CACHED_INTEGERS][];

	private static final int INITIAL_CAPACITY = 1024;

	/** Above this a buffer that a big reply grew is dropped after the write. */
	private static final int RETAINED_CAPACITY = 64 * 1024;

	static {
		for (int i = 0; i < CACHED_INTEGERS; i++) {
			INTEGER_REPLIES[i] = (":" + i + "\r\n").getBytes(StandardCharsets.US_ASCII);
		}
	}

	private byte[] buf = new byte[INITIAL_CAPACITY];

	private int size;

	private boolean closeAfterWrite;

	private long errors;

	private String lastError;

	public void ok() {
		put(OK);
	}

	/** A status reply such as {@code +PONG}; the text must not contain CR or LF. */
	public void simpleString(String text) {
		ensure(text.length() + 3);
		this.buf[this.size++] = '+';
		putAscii(text);
		put(CRLF);
	}

	/**
	 * An error reply. The text starts with its code ("ERR ...", "WRONGTYPE ..."); like Redis,
	 * CR and LF inside it become spaces so the reply stays one line. Each char is one byte
	 * (ISO-8859-1), so client bytes quoted in an error come back unchanged.
	 */
	public void error(String text) {
		this.errors++;
		this.lastError = text;
		byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
		ensure(bytes.length + 3);
		this.buf[this.size++] = '-';
		for (byte b : bytes) {
			this.buf[this.size++] = (b == '\r' || b == '\n') ? (byte) ' ' : b;
		}
		put(CRLF);
	}

	public void integer(long value) {
		if (value >= 0 && value < CACHED_INTEGERS) {
			put(INTEGER_REPLIES[(int) value]);
			return;
		}
		ensure(24);
		this.buf[this.size++] = ':';
		putDecimal(value);
		put(CRLF);
	}

	public void bulk(byte[] value) {
		bulk(value, 0, value.length);
	}

	public void bulk(byte[] value, int offset, int length) {
		ensure(length + 16);
		this.buf[this.size++] = '$';
		putDecimal(length);
		put(CRLF);
		System.arraycopy(value, offset, this.buf, this.size, length);
		this.size += length;
		put(CRLF);
	}

	/** A bulk string of ASCII text, for server-generated values such as INFO or CONFIG replies. */
	public void bulkText(String text) {
		bulk(text.getBytes(StandardCharsets.UTF_8));
	}

	/** The reply Redis gives for a missing value. */
	public void nullBulk() {
		put(NULL_BULK);
	}

	public void nullArray() {
		put(NULL_ARRAY);
	}

	public void arrayHeader(int count) {
		ensure(16);
		this.buf[this.size++] = '*';
		putDecimal(count);
		put(CRLF);
	}

	/** Ask the transport to close the connection once this buffer has been written (QUIT, protocol errors). */
	public void closeAfterWrite() {
		this.closeAfterWrite = true;
	}

	public boolean isCloseAfterWrite() {
		return this.closeAfterWrite;
	}

	public int size() {
		return this.size;
	}

	/** Error replies written so far (never reset), so a caller can tell whether a command answered one. */
	public long errorCount() {
		return this.errors;
	}

	/** The text of the last error reply written, or null. */
	public String lastError() {
		return this.lastError;
	}

	/** Writes the buffered replies and empties the buffer for the next batch. */
	public void writeTo(OutputStream out) throws IOException {
		out.write(this.buf, 0, this.size);
		this.size = 0;
		if (this.buf.length > RETAINED_CAPACITY) {
			this.buf = new byte[INITIAL_CAPACITY];
		}
	}

	/** The buffered bytes, for tests and tools; does not empty the buffer. */
	public byte[] toByteArray() {
		return Arrays.copyOf(this.buf, this.size);
	}

	private void put(byte[] bytes) {
		ensure(bytes.length);
		System.arraycopy(bytes, 0, this.buf, this.size, bytes.length);
		this.size += bytes.length;
	}

	private void putAscii(String text) {
		ensure(text.length());
		for (int i = 0; i < text.length(); i++) {
			this.buf[this.size++] = (byte) text.charAt(i);
		}
	}

	private void putDecimal(long value) {
		if (value == Long.MIN_VALUE) {
			putAscii("-9223372036854775808");
			return;
		}
		if (value < 0) {
			this.buf[this.size++] = '-';
			value = -value;
		}
		int digits = 1;
		for (long v = value / 10; v > 0; v /= 10) {
			digits++;
		}
		int p = this.size + digits;
		this.size = p;
		do {
			this.buf[--p] = (byte) ('0' + value % 10);
			value /= 10;
		}
		while (value > 0);
	}

	private void ensure(int extra) {
		if (this.size + extra > this.buf.length) {
			this.buf = Arrays.copyOf(this.buf, Math.max(this.buf.length * 2, this.size + extra));
		}
	}

}
