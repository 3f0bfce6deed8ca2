package io.kvserver.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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

	private long pendingBytes;

	public RequestDecoder(ProtocolLimits limits) {
		this.limits = limits;
	}

	/**
	 * Blocks until at least one request is complete (or the protocol is broken), then also decodes
	 * every further request already buffered, without waiting for more bytes.
	 * @return the batch, or null when the stream ended
	 */
	public RequestBatch readBatch(InputStream in) throws IOException {
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
				this.pos = this.limit; // nothing after a protocol error is read
				return new RequestBatch(batch, e.getMessage());
			}
			if (!batch.isEmpty()) {
				return new RequestBatch(batch, null);
			}
			if (!fill(in)) {
				return null;
			}
		}
	}

	/** Reads more bytes, making room first. Returns false at end of stream. */
	private boolean fill(InputStream in) throws IOException {
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
				this.buf = Arrays.copyOf(this.buf, Math.min(this.buf.length * 2, 2 * this.limits.maxInlineLength() + BIG_ARG));
			}
		}
		int n = in.read(this.buf, this.limit, this.buf.length - this.limit);
		if (n < 0) {
			return false;
		}
		this.limit += n;
		return true;
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
			int cr = indexOf((byte) '\r', this.pos, this.limit);
			if (cr < 0 || cr + 1 >= this.limit) {
				if (this.limit - this.pos > this.limits.maxInlineLength()) {
					throw new ProtocolException("Protocol error: too big mbulk count string");
				}
				return null;
			}
			boolean ok = Numbers.parseLong(this.buf, this.pos + 1, cr - this.pos - 1, this.number);
			long count = this.number[0];
			if (!ok || count > this.limits.maxMultibulkLength()) {
				throw new ProtocolException("Protocol error: invalid multibulk length");
			}
			this.pos = cr + 2;
			if (count <= 0) {
				return EMPTY;
			}
			this.argsLeft = count;
			this.args = new ArrayList<>((int) Math.min(count, 16));
			this.pendingBytes = 0;
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

	private boolean readBulkHeader() throws ProtocolException {
		if (this.pos == this.limit) {
			return false;
		}
		int cr = indexOf((byte) '\r', this.pos, this.limit);
		if (cr < 0 || cr + 1 >= this.limit) {
			if (this.limit - this.pos > this.limits.maxInlineLength()) {
				throw new ProtocolException("Protocol error: too big bulk count string");
			}
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
		this.pos = cr + 2;
		this.bulkLength = length;
		return true;
	}

	private boolean readBulkBody() throws QueryBufferLimitException {
		int available = this.limit - this.pos;
		if (this.bigArg == null && this.crlfToSkip == 0) {
			if (this.bulkLength < BIG_ARG) {
				int len = (int) this.bulkLength;
				if (available < len + 2) {
					return false;
				}
				// Like Redis, the two bytes after the data are skipped, not checked.
				addArg(Arrays.copyOfRange(this.buf, this.pos, this.pos + len));
				this.pos += len + 2;
				return true;
			}
			this.bigArg = new byte[(int) Math.min(this.bulkLength, BIG_ARG)];
			this.bigArgFilled = 0;
		}
		if (this.bigArg != null) {
			int wanted = (int) this.bulkLength - this.bigArgFilled;
			int n = Math.min(wanted, available);
			if (this.bigArgFilled + n > this.bigArg.length) {
				chargeQueryBuffer(Math.min(this.bulkLength, (long) this.bigArg.length * 2) - this.bigArg.length);
				this.bigArg = Arrays.copyOf(this.bigArg,
						(int) Math.min(this.bulkLength, Math.max((long) this.bigArg.length * 2, this.bigArgFilled + n)));
			}
			System.arraycopy(this.buf, this.pos, this.bigArg, this.bigArgFilled, n);
			this.bigArgFilled += n;
			this.pos += n;
			if (this.bigArgFilled < this.bulkLength) {
				return false;
			}
			this.crlfToSkip = 2;
			byte[] arg = this.bigArg;
			this.bigArg = null;
			this.args.add(arg);
		}
		int skip = Math.min(this.crlfToSkip, this.limit - this.pos);
		this.pos += skip;
		this.crlfToSkip -= skip;
		if (this.crlfToSkip > 0) {
			return false;
		}
		this.bulkLength = -1;
		this.argsLeft--;
		return true;
	}

	private void addArg(byte[] arg) throws QueryBufferLimitException {
		chargeQueryBuffer(arg.length + 16L);
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
		int lf = indexOf((byte) '\n', this.pos, this.limit);
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

	private int indexOf(byte b, int from, int to) {
		for (int i = from; i < to; i++) {
			if (this.buf[i] == b) {
				return i;
			}
		}
		return -1;
	}

}
