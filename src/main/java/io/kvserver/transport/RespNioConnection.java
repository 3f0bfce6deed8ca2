package io.kvserver.transport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.SocketChannel;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.serializer.Serializer;
import org.springframework.integration.ip.tcp.connection.TcpNioConnection;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessagingException;

import io.kvserver.metrics.CloseReason;
import io.kvserver.metrics.ServerStats;
import io.kvserver.protocol.ProtocolLimits;

/**
 * Spring Integration's NIO connection, with its input stream carrying the connection's decoder
 * and replies written straight to the channel, for the reason given in {@link RespNetConnection}.
 */
final class RespNioConnection extends TcpNioConnection implements RespConnection {

	private final ProtocolLimits limits;

	private final ServerStats stats;

	private DecodingInputStream input;

	RespNioConnection(SocketChannel channel, boolean server, boolean lookupHost, ApplicationEventPublisher publisher,
			String factoryName, ProtocolLimits limits, ServerStats stats) {
		super(channel, server, lookupHost, publisher, factoryName);
		this.limits = limits;
		this.stats = stats;
	}

	@Override
	protected InputStream inputStream() {
		if (this.input == null) {
			this.input = new DecodingInputStream(super.inputStream(), this.limits, this.stats);
		}
		return this.input;
	}

	@Override
	@SuppressWarnings("unchecked")
	public void send(Message<?> message) {
		try {
			((Serializer<Object>) getSerializer()).serialize(message.getPayload(), getChannelOutputStream());
		}
		catch (IOException ex) {
			closing(CloseReason.CLIENT_RESET);
			closeConnection(true);
			throw new MessagingException(message, "Send Failed", ex);
		}
	}

	@Override
	public void closing(CloseReason reason) {
		if (this.input != null) {
			this.input.closing(reason);
		}
	}

	@Override
	public CloseReason closeReason() {
		return this.input != null ? this.input.closeReason() : null;
	}

}
