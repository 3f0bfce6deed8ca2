package io.kvserver.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * A plain socket speaking raw bytes, as {@code nc} would: tests write exact request bytes and read
 * exact reply bytes. Reads time out after a few seconds so a missing reply fails instead of hanging.
 */
public final class RawConnection implements AutoCloseable {

	private final Socket socket;

	private final InputStream in;

	private final OutputStream out;

	private RawConnection(Socket socket) throws IOException {
		this.socket = socket;
		this.socket.setSoTimeout(10_000);
		this.socket.setTcpNoDelay(true);
		this.in = socket.getInputStream();
		this.out = socket.getOutputStream();
	}

	public static RawConnection open(String host, int port) {
		try {
			return new RawConnection(new Socket(host, port));
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	public RawConnection send(String text) {
		return send(text.getBytes(StandardCharsets.ISO_8859_1));
	}

	public RawConnection send(byte[] bytes) {
		try {
			this.out.write(bytes);
			this.out.flush();
			return this;
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** Reads exactly n bytes (fails on timeout or end of stream). */
	public byte[] readBytes(int n) {
		try {
			return this.in.readNBytes(n);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** Reads exactly as many bytes as {@code expected} has and returns them as ISO-8859-1 text. */
	public String read(String expected) {
		return new String(readBytes(expected.getBytes(StandardCharsets.ISO_8859_1).length), StandardCharsets.ISO_8859_1);
	}

	/** Reads one complete RESP2 or RESP3 reply (any type, nested aggregates included) and returns its raw bytes as text. */
	public String readReply() {
		ByteArrayOutputStream raw = new ByteArrayOutputStream();
		readReply(raw);
		return raw.toString(StandardCharsets.ISO_8859_1);
	}

	private void readReply(ByteArrayOutputStream raw) {
		String line = readLine(raw);
		char type = line.charAt(0);
		if (type == '$') {
			int len = Integer.parseInt(line.substring(1));
			if (len >= 0) {
				raw.writeBytes(readBytes(len + 2));
			}
		}
		else if (type == '*' || type == '~' || type == '>' || type == '%') {
			int count = Integer.parseInt(line.substring(1)) * (type == '%' ? 2 : 1);
			for (int i = 0; i < count; i++) {
				readReply(raw);
			}
		}
		else if (type == '=' || type == '!') {
			raw.writeBytes(readBytes(Integer.parseInt(line.substring(1)) + 2));
		}
	}

	private String readLine(ByteArrayOutputStream raw) {
		StringBuilder line = new StringBuilder();
		try {
			while (true) {
				int b = this.in.read();
				if (b < 0) {
					throw new IllegalStateException("connection closed after: " + raw.toString(StandardCharsets.ISO_8859_1) + line);
				}
				raw.write(b);
				if (b == '\n' && line.length() > 0 && line.charAt(line.length() - 1) == '\r') {
					return line.substring(0, line.length() - 1);
				}
				line.append((char) b);
			}
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** Everything the server sends until it closes its side (fails on a timeout or a reset). */
	public String readUntilClosed() {
		try {
			return new String(this.in.readAllBytes(), StandardCharsets.ISO_8859_1);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** True once the server has closed its side: a read returns end of stream (not a timeout). */
	public boolean isClosedByServer() {
		try {
			return this.in.read() < 0;
		}
		catch (SocketTimeoutException e) {
			return false;
		}
		catch (IOException e) {
			return true; // connection reset also means the server closed it
		}
	}

	@Override
	public void close() {
		try {
			this.socket.close();
		}
		catch (IOException ignored) {
			// closing a socket that is already gone
		}
	}

}
