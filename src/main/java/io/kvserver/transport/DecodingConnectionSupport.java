package io.kvserver.transport;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.channels.SocketChannel;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.integration.ip.tcp.connection.TcpNetConnection;
import org.springframework.integration.ip.tcp.connection.TcpNetConnectionSupport;
import org.springframework.integration.ip.tcp.connection.TcpNioConnection;
import org.springframework.integration.ip.tcp.connection.TcpNioConnectionSupport;

import io.kvserver.protocol.ProtocolLimits;

/**
 * Creates Spring Integration's stock connections, with their input stream wrapped once in a
 * {@link DecodingInputStream} so decoding resumes where the last read stopped.
 */
final class DecodingConnectionSupport implements TcpNetConnectionSupport, TcpNioConnectionSupport {

	private final ProtocolLimits limits;

	DecodingConnectionSupport(ProtocolLimits limits) {
		this.limits = limits;
	}

	@Override
	public TcpNetConnection createNewConnection(Socket socket, boolean server, boolean lookupHost,
			ApplicationEventPublisher publisher, String factoryName) {
		return new TcpNetConnection(socket, server, lookupHost, publisher, factoryName) {

			private DecodingInputStream stream;

			@Override
			protected InputStream inputStream() throws IOException {
				if (this.stream == null) {
					this.stream = new DecodingInputStream(super.inputStream(), DecodingConnectionSupport.this.limits);
				}
				return this.stream;
			}

		};
	}

	@Override
	public TcpNioConnection createNewConnection(SocketChannel channel, boolean server, boolean lookupHost,
			ApplicationEventPublisher publisher, String factoryName) {
		return new TcpNioConnection(channel, server, lookupHost, publisher, factoryName) {

			private DecodingInputStream stream;

			@Override
			protected InputStream inputStream() {
				if (this.stream == null) {
					this.stream = new DecodingInputStream(super.inputStream(), DecodingConnectionSupport.this.limits);
				}
				return this.stream;
			}

		};
	}

}
