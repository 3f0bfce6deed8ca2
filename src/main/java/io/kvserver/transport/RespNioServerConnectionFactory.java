package io.kvserver.transport;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.integration.ip.tcp.connection.TcpNioServerConnectionFactory;

/**
 * The NIO server connection factory, sweeping closed connections at most once a second (see
 * {@link HarvestThrottle}), that refuses connections beyond maxclients as it accepts them.
 */
final class RespNioServerConnectionFactory extends TcpNioServerConnectionFactory {

	private final HarvestThrottle harvest = new HarvestThrottle();

	private final ClientAdmission admission;

	RespNioServerConnectionFactory(int port, ClientAdmission admission) {
		super(port);
		this.admission = admission;
	}

	/**
	 * Spring Integration accepts (one or, by default, every pending connection) and builds a
	 * connection for each in private methods; the server channel it accepts from is the one thing
	 * this protected hook lets us change. Refused connections are answered and closed inside
	 * {@code accept()}, so they are never wrapped or registered.
	 */
	@Override
	protected void doAccept(Selector selector, ServerSocketChannel server, long now) {
		super.doAccept(selector, new AdmittingServerSocketChannel(server, this.admission), now);
	}

	@Override
	protected void harvestClosedConnections() {
		if (this.harvest.due()) {
			super.harvestClosedConnections();
		}
	}

	/** The factory's server channel, with an accept that skips the connections the admission refuses. */
	private static final class AdmittingServerSocketChannel extends ServerSocketChannel {

		private final ServerSocketChannel server;

		private final ClientAdmission admission;

		AdmittingServerSocketChannel(ServerSocketChannel server, ClientAdmission admission) {
			super(server.provider());
			this.server = server;
			this.admission = admission;
		}

		/** The next admitted connection, or null when none is pending. */
		@Override
		public @Nullable SocketChannel accept() throws IOException {
			while (true) {
				SocketChannel channel = this.server.accept();
				// still blocking (accepted channels always start so): the refusal is one plain write
				if (channel == null || this.admission.admit(channel.socket())) {
					return channel;
				}
			}
		}

		@Override
		public ServerSocketChannel bind(SocketAddress local, int backlog) throws IOException {
			this.server.bind(local, backlog);
			return this;
		}

		@Override
		public <T> ServerSocketChannel setOption(SocketOption<T> name, T value) throws IOException {
			this.server.setOption(name, value);
			return this;
		}

		@Override
		public <T> T getOption(SocketOption<T> name) throws IOException {
			return this.server.getOption(name);
		}

		@Override
		public Set<SocketOption<?>> supportedOptions() {
			return this.server.supportedOptions();
		}

		@Override
		public ServerSocket socket() {
			return this.server.socket();
		}

		@Override
		public @Nullable SocketAddress getLocalAddress() throws IOException {
			return this.server.getLocalAddress();
		}

		@Override
		protected void implCloseSelectableChannel() throws IOException {
			this.server.close();
		}

		@Override
		protected void implConfigureBlocking(boolean block) throws IOException {
			this.server.configureBlocking(block);
		}

	}

}
