package io.kvserver.protocol;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Encodes typed replies straight into one growable buffer, so a whole pipelined batch of replies
 * leaves with one write. Commands speak only in reply types; the RESP version is this class's
 * concern: a map, set, double, boolean or verbatim string is written with its RESP3 type on a
 * connection that asked for RESP3 (HELLO 3) and in its RESP2 form otherwise, exactly as Redis's
 * {@code addReplyMapLen}, {@code addReplySetLen}, {@code addReplyDouble}, {@code addReplyBool} and
 * {@code addReplyVerbatim} do. Not thread-safe; one instance per connection, reused across batches.
 */
public final class ReplyWriter {

	private static final byte[] OK = "+OK\r\n".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] NULL_BULK = "$-1\r\n".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] NULL_ARRAY = "*-1\r\n".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] NULL_RESP3 = "_\r\n".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] TRUE_RESP3 = "#t\r\n".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] FALSE_RESP3 = "#f\r\n".getBytes(StandardCharsets.US_ASCII);

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

	private boolean resp3;

	/** Switches the encoding of the replies written from now on (HELLO, RESET, or a new batch). */
	public void resp3(boolean resp3) {
		this.resp3 = resp3;
	}

	public boolean isResp3() {
		return this.resp3;
	}

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
	 * An error reply. The text starts with its code ("ERR ...", "WRONGTYPE ..."); like Redis's
	 * addReplyErrorFormat, CR and LF at either end are dropped (an option quoted last, such as
	 * {@code EXPIRE k 1 \r\n}) and those inside become spaces, so the reply stays one line. Each
	 * char is one byte (ISO-8859-1), so client bytes quoted in an error come back unchanged.
	 */
	public void error(String text) {
		this.errors++;
		this.lastError = text;
		byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
		int start = 0;
		int end = bytes.length;
		while (start < end && isLineBreak(bytes[start])) {
			start++;
		}
		while (end > start && isLineBreak(bytes[end - 1])) {
			end--;
		}
		ensure(end - start + 3);
		this.buf[this.size++] = '-';
		for (int i = start; i < end; i++) {
			byte b = bytes[i];
			this.buf[this.size++] = isLineBreak(b) ? (byte) ' ' : b;
		}
		put(CRLF);
	}

	private static boolean isLineBreak(byte b) {
		return b == '\r' || b == '\n';
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

	/** The reply Redis gives for a missing value: {@code $-1} in RESP2, {@code _} in RESP3. */
	public void nullBulk() {
		put(this.resp3 ? NULL_RESP3 : NULL_BULK);
	}

	/** The missing array (EXEC of a transaction whose WATCHed keys changed): {@code *-1}, or {@code _} in RESP3. */
	public void nullArray() {
		put(this.resp3 ? NULL_RESP3 : NULL_ARRAY);
	}

	public void arrayHeader(int count) {
		header('*', count);
	}

	/** A map of {@code count} key-value pairs: {@code %count}, or a flat array of 2 x count elements in RESP2. */
	public void mapHeader(int count) {
		if (this.resp3) {
			header('%', count);
		}
		else {
			header('*', 2L * count);
		}
	}

	/** A set of {@code count} elements: {@code ~count}, or an array in RESP2. */
	public void setHeader(int count) {
		header(this.resp3 ? '~' : '*', count);
	}

	/** A big number, given as its decimal digits: {@code (digits} in RESP3, a bulk string in RESP2. */
	public void bigNumber(String digits) {
		if (this.resp3) {
			ensure(digits.length() + 3);
			this.buf[this.size++] = '(';
			putAscii(digits);
			put(CRLF);
		}
		else {
			bulkText(digits);
		}
	}

	/** RESP3 only: an attribute map of {@code count} pairs ({@code |count}), followed by the reply it describes. */
	public void attributeHeader(int count) {
		requireResp3("attribute");
		header('|', count);
	}

	/** RESP3 only: an out-of-band push message of {@code count} elements ({@code >count}). */
	public void pushHeader(int count) {
		requireResp3("push");
		header('>', count);
	}

	private void requireResp3(String type) {
		if (!this.resp3) {
			throw new IllegalStateException("a " + type + " reply exists only in RESP3");
		}
	}

	/** A boolean: {@code #t}/{@code #f}, or the integers 1 and 0 in RESP2. */
	public void bool(boolean value) {
		if (this.resp3) {
			put(value ? TRUE_RESP3 : FALSE_RESP3);
		}
		else {
			integer(value ? 1 : 0);
		}
	}

	/**
	 * A double as C's {@code %.17g} prints it: {@code ,text} in RESP3, a bulk string in RESP2;
	 * infinities are {@code inf} and {@code -inf}.
	 */
	public void doubleValue(double value) {
		String text = Doubles.format17g(value);
		if (this.resp3) {
			ensure(text.length() + 3);
			this.buf[this.size++] = ',';
			putAscii(text);
			put(CRLF);
		}
		else {
			bulkText(text);
		}
	}

	/**
	 * Text that a client should show as it is (INFO, CLIENT LIST): a verbatim string
	 * {@code =len\r\nfmt:text} in RESP3, a bulk string in RESP2.
	 *
	 * @param format the three-letter format, {@code txt} or {@code mkd}
	 */
	public void verbatim(String format, String text) {
		verbatim(format, text.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * A big number: {@code (digits} in RESP3, a bulk string in RESP2 (Redis's addReplyBigNum);
	 * CR and LF must already be gone from the text.
	 */
	public void bigNumber(byte[] digits) {
		if (!this.resp3) {
			bulk(digits);
			return;
		}
		ensure(digits.length + 3);
		this.buf[this.size++] = '(';
		System.arraycopy(digits, 0, this.buf, this.size, digits.length);
		this.size += digits.length;
		put(CRLF);
	}

	/** A verbatim string of raw bytes (see {@link #verbatim(String, String)}). */
	public void verbatim(String format, byte[] bytes) {
		if (!this.resp3) {
			bulk(bytes);
			return;
		}
		ensure(bytes.length + 24);
		this.buf[this.size++] = '=';
		putDecimal(bytes.length + 4L);
		put(CRLF);
		putAscii(format);
		this.buf[this.size++] = ':';
		System.arraycopy(bytes, 0, this.buf, this.size, bytes.length);
		this.size += bytes.length;
		put(CRLF);
	}

	/**
	 * The buffer itself, whose first {@link #size()} bytes are the replies written so far, for a
	 * caller that reads its own replies back (a script reading what its redis.call answered).
	 * Valid until the next write.
	 */
	public byte[] buffer() {
		return this.buf;
	}

	/** Drops what was written after {@code mark} (a former {@link #size()}), for replies a client asked not to get. */
	public void truncate(int mark) {
		if (mark < 0 || mark > this.size) {
			throw new IllegalArgumentException("mark " + mark + " outside 0.." + this.size);
		}
		this.size = mark;
	}

	private void header(char type, long count) {
		ensure(24);
		this.buf[this.size++] = (byte) type;
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

	/** Bytes the buffer can hold before growing (CLIENT LIST's rbs). */
	public int capacity() {
		return this.buf.length;
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
