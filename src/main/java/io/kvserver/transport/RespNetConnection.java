package io.kvserver.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.integration.ip.tcp.connection.TcpNetConnection;
import org.springframework.messaging.Message;

import io.kvserver.metrics.ServerStats;
import io.kvserver.protocol.ProtocolLimits;

/**
 * Spring Integration's blocking connection, with two changes for a RESP server:
 * <ul>
 * <li>its input stream carries the connection's decoder, so decoding resumes where the last read
 * stopped;</li>
 * <li>replies are written straight to the socket. The stock {@code send} wraps the socket in a
 * {@code BufferedOutputStream} sized to SO_SNDBUF, which on Linux loopback is megabytes per
 * connection, so heap grew with the number of clients (docs/performance.md). A batch's replies
 * are already one buffer, so there is nothing to gain from a second one.</li>
 * </ul>
 * Only the connection's own reader thread sends (replies are produced synchronously on it), so
 * writes never interleave.
 */
final class RespNetConnection extends TcpNetConnection implements RespConnection {

	private final Socket socket;

	private final ProtocolLimits limits;

	private final ServerStats stats;

	private DecodingInputStream input;

	private OutputStream output;

	private final ConnectionHeaders headers;

	RespNetConnection(Socket socket, boolean server, boolean lookupHost, ApplicationEventPublisher publisher,
			String factoryName, ProtocolLimits limits, ServerStats stats) {
		super(socket, server, lookupHost, publisher, factoryName);
		this.headers = new ConnectionHeaders(this);
		this.socket = socket;
		this.limits = limits;
		this.stats = stats;
	}

	@Override
	protected InputStream inputStream() throws IOException {
		if (this.input == null) {
			this.input = new DecodingInputStream(super.inputStream(), this.limits, this.stats);
		}
		return this.input;
	}

	@Override
	public void send(Message<?> message) {
		writeReplies(message);
	}

	@Override
	public OutputStream replyOutput() throws IOException {
		if (this.output == null) {
			this.output = this.socket.getOutputStream();
		}
		return this.output;
	}

	@Override
	public ConnectionHeaders messageHeaders() {
		return this.headers;
	}

	@Override
	public DecodingInputStream decodingInput() {
		return this.input;
	}

}
