package io.kvserver.loadtest;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

import io.kvserver.protocol.RespReply;
import io.kvserver.protocol.RespReplyReader;

/**
 * One blocking client connection speaking RESP2 over a plain socket, so it can load any
 * Redis-compatible server: it shares no code with the server's request path, only the protocol
 * package's reply reader, which the server itself never runs. Connect and every read are bounded by
 * timeouts, so a server that does not answer costs an error, never a hang.
 */
final class RespConnection implements AutoCloseable {

	/** Replies are small (GET of a counter, +OK); a bigger value is read through in several fills. */
	private static final int READ_BUFFER = 4096;

	private final Socket socket;

	private final OutputStream out;

	private final RespReplyReader reader;

	private final RespWriter writer = new RespWriter();

	private RespConnection(Socket socket) throws IOException {
		this.socket = socket;
		this.out = socket.getOutputStream();
		this.reader = new RespReplyReader(socket.getInputStream(), READ_BUFFER);
	}

	static RespConnection open(InetSocketAddress address, Duration connectTimeout, Duration readTimeout)
			throws IOException {
		Socket socket = new Socket();
		try {
			socket.setTcpNoDelay(true);
			socket.setSoTimeout(Math.toIntExact(Math.max(1, readTimeout.toMillis())));
			socket.connect(address, Math.toIntExact(Math.max(1, connectTimeout.toMillis())));
			return new RespConnection(socket);
		}
		catch (IOException | RuntimeException ex) {
			socket.close();
			throw ex;
		}
	}

	/** Queues a command; nothing is sent before {@link #flush()}. */
	RespConnection command(byte[]... args) {
		this.writer.command(args);
		return this;
	}

	/** Sends every queued command in one write. */
	void flush() throws IOException {
		this.writer.flushTo(this.out);
	}

	/** The next reply. */
	RespReply read() throws IOException {
		return this.reader.readReply();
	}

	@Override
	public void close() {
		try {
			this.socket.close();
		}
		catch (IOException ignored) {
			// closing is best effort: the run is over or the connection already broke
		}
	}

}
