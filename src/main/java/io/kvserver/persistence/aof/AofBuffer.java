package io.kvserver.persistence.aof;

import java.util.Arrays;

/**
 * Commands in the AOF's RESP form ({@code *argc}, then {@code $len} and the bytes of each
 * argument), gathered in a growable array until they are written out.
 */
final class AofBuffer {

	private byte[] bytes = new byte[64 * 1024];

	private int length;

	int length() {
		return this.length;
	}

	byte[] array() {
		return this.bytes;
	}

	void clear() {
		this.length = 0;
		if (this.bytes.length > 4 * 1024 * 1024) {
			this.bytes = new byte[64 * 1024]; // a burst does not keep its memory
		}
	}

	void append(byte[][] argv) {
		header('*', argv.length);
		for (byte[] arg : argv) {
			header('$', arg.length);
			put(arg, 0, arg.length);
			put(CRLF, 0, 2);
		}
	}

	void append(byte[] data, int offset, int count) {
		put(data, offset, count);
	}

	private static final byte[] CRLF = { '\r', '\n' };

	private void header(char kind, long n) {
		ensure(24);
		this.bytes[this.length++] = (byte) kind;
		String digits = Long.toString(n);
		for (int i = 0; i < digits.length(); i++) {
			this.bytes[this.length++] = (byte) digits.charAt(i);
		}
		this.bytes[this.length++] = '\r';
		this.bytes[this.length++] = '\n';
	}

	private void put(byte[] data, int offset, int count) {
		ensure(count);
		System.arraycopy(data, offset, this.bytes, this.length, count);
		this.length += count;
	}

	private void ensure(int more) {
		if (this.bytes.length - this.length < more) {
			this.bytes = Arrays.copyOf(this.bytes, Math.max(this.bytes.length * 2, this.length + more));
		}
	}

}
