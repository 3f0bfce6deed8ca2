package io.kvserver.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.kvserver.util.Numbers;

/**
 * Incremental decoder for one connection's requests: RESP multibulk ({@code *N\r\n$len\r\n...})
 * and inline commands ({@code SET a 1\r\n}), following Redis's {@code processMultibulkBuffer}
 * and {@code processInlineBuffer}.
 * <p>
 * It keeps its place between reads, so a command split anywhere across reads costs nothing extra,
 * and it never allocates a declared length before the bytes arrive: a large bulk grows by
 * doubling as data comes in. Not thread-safe; one instance per connection.
 */
public final class RequestDecoder {

	/** Redis reads arguments this large straight into their own buffer (PROTO_MBULK_BIG_ARG). */
	static final int BIG_ARG = 32 * 1024;

	/** A batch stops here so one pipelining client cannot make a reply buffer without bound. */
	static final int MAX_BATCH = 1024;

	/**
	 * Redis reads at most this much per read (PROTO_IOBUF_LEN) and checks line lengths after each
	 * read; reading the same amounts makes "too big" errors fire where Redis's do.
	 */
	static final int READ_SIZE = 16 * 1024;

	private static final int INITIAL_BUFFER = 4 * 1024;

	private static final byte[][] EMPTY = new byte[0][];

	private final ProtocolLimits limits;

	private final long[] number = new long[1];

	private byte[] buf = new byte[INITIAL_BUFFER];

	private int pos;

	private int limit;

	// State of the multibulk request in progress.
	private long argsLeft;

	private List<byte[]> args;

	private long bulkLength = -1;

	private byte[] bigArg;

	private int bigArgFilled;

	private int crlfToSkip;

	/** Bytes of the unfinished multibulk request consumed so far, checked against the query-buffer limit. */
	private long pendingBytes;

	/** Set by a protocol error or the query-buffer limit: like Redis, nothing after it is read. */
	private boolean failed;

	public RequestDecoder(ProtocolLimits limits) {
		this.limits = limits;
	}

	/**
	 * Blocks until at least one request is complete (or the protocol is broken), then also decodes
	 * every further request already buffered, without waiting for more bytes. A non-blocking
	 * stream that has nothing to give (a read of 0 bytes) ends the wait with {@link RequestBatch#NONE}.
	 * @return the batch, {@link RequestBatch#NONE}, or null when the stream ended or an earlier batch
	 * ended in a protocol error
	 * @throws QueryBufferLimitException when one unfinished request grows past the limit
	 */
	public RequestBatch readBatch(InputStream in) throws IOException {
		if (this.failed) {
			return null;
		}
		List<byte[][]> batch = new ArrayList<>(4);
		while (true) {
			try {
				byte[][] request;
				while (batch.size() < MAX_BATCH && (request = next()) != null) {
					if (request.length > 0) {
						batch.add(request);
					}
				}
			}
			catch (ProtocolException e) {
				fail();
				return new RequestBatch(batch, e.getMessage());
			}
			catch (QueryBufferLimitException e) {
				fail();
				throw e;
			}
			if (!batch.isEmpty()) {
				return new RequestBatch(batch, null);
			}
			int read = fill(in);
			if (read < 0) {
				return null;
			}
			if (read == 0) {
				return RequestBatch.NONE;
			}
		}
	}

	/**
	 * Redis closes the connection once the error is answered and never parses past it; bytes that
	 * were already buffered must not become requests either.
	 */
	private void fail() {
		this.failed = true;
		this.pos = this.limit;
		this.args = null;
		this.bigArg = null;
	}

	/** Reads more bytes, making room first. Returns the bytes read, -1 at end of stream. */
	private int fill(InputStream in) throws IOException {
		if (this.pos == this.limit) {
			this.pos = 0;
			this.limit = 0;
			if (this.buf.length > INITIAL_BUFFER) {
				this.buf = new byte[INITIAL_BUFFER]; // give back what a burst needed
			}
		}
		else if (this.limit == this.buf.length) {
			if (this.pos > 0) {
				System.arraycopy(this.buf, this.pos, this.buf, 0, this.limit - this.pos);
				this.limit -= this.pos;
				this.pos = 0;
			}
			else {
				// A header line or small argument longer than the buffer: grow, but never past what the
				// limits allow a line to be before it is rejected.
				int grown = (int) Math.min(this.buf.length * 2L, 2L * this.limits.maxInlineLength() + BIG_ARG);
				if (grown <= this.buf.length) {
					// Unreachable while the line checks in next() hold; fail loudly rather than spin on empty reads.
					throw new IllegalStateException("request decoder buffer full at " + this.buf.length + " bytes");
				}
				this.buf = Arrays.copyOf(this.buf, grown);
			}
		}
		int wanted = Math.min(this.buf.length - this.limit, READ_SIZE);
		if (this.bigArg != null) {
			// Like Redis, read no further than the end of a big argument (and its CRLF).
			long remaining = this.bulkLength - this.bigArgFilled + this.crlfToSkip - (this.limit - this.pos);
			if (remaining > 0) {
				wanted = (int) Math.min(this.buf.length - this.limit, remaining);
			}
		}
		int n = in.read(this.buf, this.limit, wanted);
		if (n > 0) {
			this.limit += n;
		}
		return n;
	}

	/**
	 * Decodes the next request from the buffer.
	 * @return argv, an empty array for input Redis silently skips (empty lines, {@code *0}), or null if more bytes are needed
	 */
	byte[][] next() throws ProtocolException, QueryBufferLimitException {
		if (this.args == null) {
			if (this.pos == this.limit) {
				return null;
			}
			if (this.buf[this.pos] != '*') {
				return nextInline();
			}
			int cr = find((byte) '\r');
			if (cr < 0) {
				if (this.limit - this.pos > this.limits.maxInlineLength()) {
					throw new ProtocolException("Protocol error: too big mbulk count string");
				}
				return null;
			}
			if (cr + 1 >= this.limit) {
				return null; // Redis waits for the byte after '\r' however long the line is
			}
			boolean ok = Numbers.parseLong(this.buf, this.pos + 1, cr - this.pos - 1, this.number);
			long count = this.number[0];
			if (!ok || count > this.limits.maxMultibulkLength()) {
				throw new ProtocolException("Protocol error: invalid multibulk length");
			}
			int headerLength = cr + 2 - this.pos;
			this.pos = cr + 2;
			if (count <= 0) {
				return EMPTY;
			}
			this.argsLeft = count;
			this.args = new ArrayList<>((int) Math.min(count, 16));
			this.pendingBytes = 0;
			chargeQueryBuffer(headerLength);
		}
		while (this.argsLeft > 0) {
			if (this.bulkLength < 0 && !readBulkHeader()) {
				return null;
			}
			if (!readBulkBody()) {
				return null;
			}
		}
		byte[][] argv = this.args.toArray(EMPTY);
		this.args = null;
		return argv;
	}

	private boolean readBulkHeader() throws ProtocolException, QueryBufferLimitException {
		if (this.pos == this.limit) {
			return false;
		}
		int cr = find((byte) '\r');
		if (cr < 0) {
			if (this.limit - this.pos > this.limits.maxInlineLength()) {
				throw new ProtocolException("Protocol error: too big bulk count string");
			}
			return false;
		}
		if (cr + 1 >= this.limit) {
			return false;
		}
		if (this.buf[this.pos] != '$') {
			throw new ProtocolException("Protocol error: expected '$', got '" + (char) (this.buf[this.pos] & 0xff) + "'");
		}
		boolean ok = Numbers.parseLong(this.buf, this.pos + 1, cr - this.pos - 1, this.number);
		long length = this.number[0];
		if (!ok || length < 0 || length > this.limits.maxBulkLength()) {
			throw new ProtocolException("Protocol error: invalid bulk length");
		}
		chargeQueryBuffer(cr + 2 - this.pos);
		this.pos = cr + 2;
		this.bulkLength = length;
		return true;
	}

	private boolean readBulkBody() throws QueryBufferLimitException {
		if (this.bulkLength < BIG_ARG) {
			// Like Redis, a small argument is taken once it and the two bytes after it are buffered;
			// those two bytes are skipped, not checked.
			int len = (int) this.bulkLength;
			if (this.limit - this.pos < len + 2) {
				return false;
			}
			chargeQueryBuffer(len + 2);
			byte[] arg = Arrays.copyOfRange(this.buf, this.pos, this.pos + len);
			this.pos += len + 2;
			completeArg(arg);
			return true;
		}
		// A big argument is copied out as it arrives, into a buffer that doubles up to its declared
		// length: a client declaring 512 MB and sending nothing makes us hold 32 KB, not 512 MB.
		if (this.bigArg == null) {
			this.bigArg = new byte[BIG_ARG];
			this.bigArgFilled = 0;
			this.crlfToSkip = 2;
		}
		int n = (int) Math.min(this.bulkLength - this.bigArgFilled, this.limit - this.pos);
		if (n > 0) {
			chargeQueryBuffer(n);
			if (this.bigArgFilled + n > this.bigArg.length) {
				long grown = Math.max(this.bigArg.length * 2L, (long) this.bigArgFilled + n);
				this.bigArg = Arrays.copyOf(this.bigArg, (int) Math.min(this.bulkLength, grown));
			}
			System.arraycopy(this.buf, this.pos, this.bigArg, this.bigArgFilled, n);
			this.bigArgFilled += n;
			this.pos += n;
		}
		if (this.bigArgFilled < this.bulkLength) {
			return false;
		}
		int skip = Math.min(this.crlfToSkip, this.limit - this.pos);
		if (skip > 0) {
			chargeQueryBuffer(skip);
			this.pos += skip;
			this.crlfToSkip -= skip;
		}
		if (this.crlfToSkip > 0) {
			return false;
		}
		byte[] arg = this.bigArg;
		this.bigArg = null;
		completeArg(arg);
		return true;
	}

	private void completeArg(byte[] arg) {
		this.args.add(arg);
		this.bulkLength = -1;
		this.argsLeft--;
	}

	private void chargeQueryBuffer(long bytes) throws QueryBufferLimitException {
		this.pendingBytes += bytes;
		if (this.pendingBytes > this.limits.queryBufferLimit()) {
			throw new QueryBufferLimitException(this.limits.queryBufferLimit());
		}
	}

	private byte[][] nextInline() throws ProtocolException {
		int lf = find((byte) '\n');
		if (lf < 0) {
			if (this.limit - this.pos > this.limits.maxInlineLength()) {
				throw new ProtocolException("Protocol error: too big inline request");
			}
			return null;
		}
		int end = lf;
		if (end > this.pos && this.buf[end - 1] == '\r') {
			end--;
		}
		byte[][] argv = InlineSplitter.split(this.buf, this.pos, end);
		this.pos = lf + 1;
		if (argv == null) {
			throw new ProtocolException("Protocol error: unbalanced quotes in request");
		}
		return argv;
	}

	/**
	 * Position of the first {@code b} at or after {@code pos}, or -1. Redis looks for line ends
	 * with {@code strchr}, which stops at a NUL byte: a NUL before the line end makes it wait for
	 * more input (until the line is too long), and so do we.
	 */
	private int find(byte b) {
		for (int i = this.pos; i < this.limit; i++) {
			byte c = this.buf[i];
			if (c == b) {
				return i;
			}
			if (c == 0) {
				return -1;
			}
		}
		return -1;
	}

}
