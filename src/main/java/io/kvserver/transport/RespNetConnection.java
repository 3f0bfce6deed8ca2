package io.kvserver.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.serializer.Serializer;
import org.springframework.integration.ip.tcp.connection.TcpNetConnection;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessagingException;

import io.kvserver.metrics.CloseReason;
import io.kvserver.metrics.ServerStats;
import io.kvserver.protocol.ProtocolLimits;

/**
 * Spring Integration's blocking connection, with two changes for a RESP server:
 * <ul>
 * <li>its input stream carries the connection's decoder, so decoding resumes where the last read
 * stopped;</li>
 * <li>replies are written straight to the socket. The stock {@code send} wraps the socket in a
 * {@code BufferedOutputStream} sized to SO_SNDBUF, which on Linux loopback is about 4 MB per
 * connection: 1,000 clients held 4 GB of heap. A batch's replies are already one buffer, so
 * there is nothing to gain from a second one.</li>
 * </ul>
 * Only the connection's own reader thread sends (replies are produced synchronously on it), so
 * writes never interleave.
 */
final class RespNetConnection extends TcpNetConnection implements RespConnection {

	private ConnectionHeaders headers;

	private final Socket socket;

	private final ProtocolLimits limits;

	private final ServerStats stats;

	private DecodingInputStream input;

	private OutputStream output;

	RespNetConnection(Socket socket, boolean server, boolean lookupHost, ApplicationEventPublisher publisher,
			String factoryName, ProtocolLimits limits, ServerStats stats) {
		super(socket, server, lookupHost, publisher, factoryName);
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
	@SuppressWarnings("unchecked")
	public void send(Message<?> message) {
		try {
			if (this.output == null) {
				this.output = this.socket.getOutputStream();
			}
			((Serializer<Object>) getSerializer()).serialize(message.getPayload(), this.output);
		}
		catch (IOException ex) {
			closing(CloseReason.CLIENT_RESET);
			closeConnection(true);
			throw new MessagingException(message, "Send Failed", ex);
		}
	}

	@Override
	public ConnectionHeaders messageHeaders() {
		if (this.headers == null) {
			this.headers = new ConnectionHeaders(getConnectionId());
		}
		return this.headers;
	}

	@Override
	public DecodingInputStream decodingInput() {
		return this.input;
	}

}
