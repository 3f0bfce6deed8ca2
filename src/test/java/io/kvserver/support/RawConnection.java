package io.kvserver.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.kvserver.protocol.RespReplyReader;

/**
 * A plain socket speaking raw bytes, as {@code nc} would: tests write exact request bytes and read
 * exact reply bytes. Reads time out after a few seconds so a missing reply fails instead of hanging.
 * Every read goes through one {@link RespReplyReader}, so raw reads and whole replies can interleave.
 */
public final class RawConnection implements AutoCloseable {

	private final Socket socket;

	private final RespReplyReader in;

	private final OutputStream out;

	private RawConnection(Socket socket) throws IOException {
		this.socket = socket;
		this.socket.setSoTimeout(10_000);
		this.socket.setTcpNoDelay(true);
		this.in = new RespReplyReader(socket.getInputStream(), 8192);
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

	/** Sends one command as a RESP array of bulk strings (one char per byte) and reads its reply. */
	public String command(String... argv) {
		StringBuilder request = new StringBuilder("*").append(argv.length).append("\r\n");
		for (String arg : argv) {
			request.append('$').append(arg.getBytes(StandardCharsets.ISO_8859_1).length).append("\r\n").append(arg)
				.append("\r\n");
		}
		return send(request.toString()).readReply();
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

	/** Sends one command as a RESP multibulk of its arguments (UTF-8) and reads its reply as text. */
	public String call(String... argv) {
		return call(List.of(argv));
	}

	/** As {@link #call(String...)}. */
	public String call(List<String> argv) {
		ByteArrayOutputStream request = new ByteArrayOutputStream();
		request.writeBytes(("*" + argv.size() + "\r\n").getBytes(StandardCharsets.US_ASCII));
		for (String arg : argv) {
			byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
			request.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
			request.writeBytes(bytes);
			request.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
		}
		send(request.toByteArray());
		return readReply();
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

	/** Reads one complete reply, RESP2 or RESP3, and returns its raw bytes as text. */
	public String readReply() {
		try {
			return new String(this.in.readReply().toBytes(), StandardCharsets.ISO_8859_1);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** The reader every read of this connection goes through, for callers that want replies as trees. */
	public RespReplyReader replies() {
		return this.in;
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
