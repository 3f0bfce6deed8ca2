package io.kvserver.loadtest;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * Encodes commands as RESP multibulk requests into one growable buffer, so a pipelined batch
 * leaves with a single write. Not thread-safe: one per connection, reused for every batch.
 */
final class RespWriter {

	private byte[] buf = new byte[256];

	private int size;

	/** Appends one command: {@code *<n>\r\n} then {@code $<len>\r\n<bytes>\r\n} per argument. */
	RespWriter command(byte[]... args) {
		header('*', args.length);
		for (byte[] arg : args) {
			header('$', arg.length);
			ensure(arg.length + 2);
			System.arraycopy(arg, 0, this.buf, this.size, arg.length);
			this.size += arg.length;
			this.buf[this.size++] = '\r';
			this.buf[this.size++] = '\n';
		}
		return this;
	}

	/** Writes everything appended since the last flush and starts over. */
	void flushTo(OutputStream out) throws IOException {
		out.write(this.buf, 0, this.size);
		out.flush();
		this.size = 0;
	}

	/** The bytes appended so far (a copy). */
	byte[] toByteArray() {
		return Arrays.copyOf(this.buf, this.size);
	}

	private void header(char type, int n) {
		ensure(13);
		this.buf[this.size++] = (byte) type;
		putDecimal(n);
		this.buf[this.size++] = '\r';
		this.buf[this.size++] = '\n';
	}

	private void putDecimal(int n) {
		if (n == 0) {
			this.buf[this.size++] = '0';
			return;
		}
		int start = this.size;
		for (int v = n; v > 0; v /= 10) {
			this.buf[this.size++] = (byte) ('0' + v % 10);
		}
		for (int i = start, j = this.size - 1; i < j; i++, j--) {
			byte t = this.buf[i];
			this.buf[i] = this.buf[j];
			this.buf[j] = t;
		}
	}

	private void ensure(int more) {
		if (this.size + more > this.buf.length) {
			this.buf = Arrays.copyOf(this.buf, Math.max(this.buf.length * 2, this.size + more));
		}
	}

}
