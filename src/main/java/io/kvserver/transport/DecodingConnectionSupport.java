package io.kvserver.transport;

import java.net.Socket;
import java.nio.channels.SocketChannel;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.integration.ip.tcp.connection.TcpNetConnection;
import org.springframework.integration.ip.tcp.connection.TcpNetConnectionSupport;
import org.springframework.integration.ip.tcp.connection.TcpNioConnection;
import org.springframework.integration.ip.tcp.connection.TcpNioConnectionSupport;

import io.kvserver.metrics.ServerStats;
import io.kvserver.protocol.ProtocolLimits;

/** Creates the RESP connections for either Spring Integration connection-factory style. */
final class DecodingConnectionSupport implements TcpNetConnectionSupport, TcpNioConnectionSupport {

	private final ProtocolLimits limits;

	private final ServerStats stats;

	DecodingConnectionSupport(ProtocolLimits limits, ServerStats stats) {
		this.limits = limits;
		this.stats = stats;
	}

	@Override
	public TcpNetConnection createNewConnection(Socket socket, boolean server, boolean lookupHost,
			ApplicationEventPublisher publisher, String factoryName) {
		return new RespNetConnection(socket, server, lookupHost, publisher, factoryName, this.limits, this.stats);
	}

	@Override
	public TcpNioConnection createNewConnection(SocketChannel channel, boolean server, boolean lookupHost,
			ApplicationEventPublisher publisher, String factoryName) {
		return new RespNioConnection(channel, server, lookupHost, publisher, factoryName, this.limits, this.stats);
	}

}
