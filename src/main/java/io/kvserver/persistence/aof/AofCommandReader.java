package io.kvserver.persistence.aof;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

import io.kvserver.persistence.rdb.RdbFormatException;

/**
 * Reads the commands of an AOF file as Redis's loadSingleAppendOnlyFile does: {@code *<argc>}
 * then {@code $<len>} and the bytes of each argument, annotation lines starting with {@code #}
 * skipped. Counts the offset of the end of the last whole command, where a torn file is cut. A
 * declared length allocates nothing beyond what the file really holds.
 */
final class AofCommandReader {

	/** The longest {@code *N} or {@code $N} line Redis reads (its fgets buffer). */
	private static final int MAX_LINE = 128;

	private static final int CHUNK = 1 << 20;

	private final InputStream in;

	private long offset;

	AofCommandReader(InputStream in, long startOffset) {
		this.in = in;
		this.offset = startOffset;
	}

	/** The offset just after the last byte read: after {@link #next} returned, the end of that command. */
	long offset() {
		return this.offset;
	}

	/**
	 * The next command, or null at a clean end of the file; {@link EOFException} if the file ends
	 * inside one, {@link RdbFormatException} if the bytes are not commands.
	 */
	byte[][] next() throws IOException {
		int first;
		while (true) {
			first = read();
			if (first < 0) {
				return null;
			}
			if (first != '#') {
				break;
			}
			skipLine();
		}
		if (first != '*') {
			throw new RdbFormatException("Bad file format reading the append only file");
		}
		long argc = number();
		if (argc < 1 || argc > Integer.MAX_VALUE - 8) {
			throw new RdbFormatException("Bad file format reading the append only file");
		}
		byte[][] argv = new byte[(int) Math.min(argc, 1024)][];
		for (int j = 0; j < argc; j++) {
			if (j == argv.length) {
				argv = Arrays.copyOf(argv, (int) Math.min(argc, (long) argv.length * 2));
			}
			int dollar = read();
			if (dollar < 0) {
				throw new EOFException();
			}
			if (dollar != '$') {
				throw new RdbFormatException("Bad file format reading the append only file");
			}
			long len = number();
			if (len < 0 || len > Integer.MAX_VALUE - 8) {
				throw new RdbFormatException("Bad file format reading the append only file");
			}
			argv[j] = bytes((int) len);
			if (read() < 0 || read() < 0) { // the CRLF, not checked, as Redis does not
				throw new EOFException();
			}
		}
		return argv;
	}

	private int read() throws IOException {
		int b = this.in.read();
		if (b >= 0) {
			this.offset++;
		}
		return b;
	}

	private void skipLine() throws IOException {
		int b;
		while ((b = read()) >= 0 && b != '\n') {
			// an annotation
		}
	}

	/** The number on the rest of a line, up to CRLF; EOF inside is a torn file. */
	private long number() throws IOException {
		long value = 0;
		boolean negative = false;
		int count = 0;
		while (true) {
			int b = read();
			if (b < 0) {
				throw new EOFException();
			}
			if (b == '\n') {
				break;
			}
			if (++count > MAX_LINE) {
				throw new RdbFormatException("Bad file format reading the append only file");
			}
			if (b == '-' && count == 1) {
				negative = true;
			}
			else if (b >= '0' && b <= '9' && value < Long.MAX_VALUE / 10) {
				value = value * 10 + (b - '0');
			}
			// '\r' and anything after the digits are ignored, as strtol does
		}
		return negative ? -value : value;
	}

	/** Exactly {@code len} bytes, read in chunks so that a torn file's huge length allocates only what is there. */
	private byte[] bytes(int len) throws IOException {
		byte[] out = new byte[Math.min(len, CHUNK)];
		int filled = 0;
		while (filled < len) {
			if (filled == out.length) {
				out = Arrays.copyOf(out, (int) Math.min(len, (long) out.length * 2));
			}
			int n = this.in.read(out, filled, out.length - filled);
			if (n < 0) {
				throw new EOFException();
			}
			filled += n;
			this.offset += n;
		}
		return out;
	}

}
