package io.kvserver.transport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

import org.jspecify.annotations.Nullable;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;

/**
 * The blocking server connection factory, sweeping closed connections at most once a second (see
 * {@link HarvestThrottle}), whose server socket refuses connections beyond maxclients itself.
 */
final class RespNetServerConnectionFactory extends TcpNetServerConnectionFactory {

	private final HarvestThrottle harvest = new HarvestThrottle();

	private final ClientAdmission admission;

	RespNetServerConnectionFactory(int port, ClientAdmission admission) {
		super(port);
		this.admission = admission;
	}

	/**
	 * Spring Integration's documented hook for the server socket: a socket that only returns admitted
	 * connections, so a refused one is never wrapped, registered or given a thread.
	 */
	@Override
	protected ServerSocket createServerSocket(int port, int backlog, @Nullable InetAddress whichNic) throws IOException {
		return new AdmittingServerSocket(port, Math.abs(backlog), whichNic, this.admission);
	}

	@Override
	protected void harvestClosedConnections() {
		if (this.harvest.due()) {
			super.harvestClosedConnections();
		}
	}

	private static final class AdmittingServerSocket extends ServerSocket {

		private final ClientAdmission admission;

		AdmittingServerSocket(int port, int backlog, @Nullable InetAddress bindAddress, ClientAdmission admission)
				throws IOException {
			super(port, backlog, bindAddress);
			this.admission = admission;
		}

		@Override
		public Socket accept() throws IOException {
			while (true) {
				Socket socket = super.accept();
				if (this.admission.admit(socket)) {
					return socket;
				}
			}
		}

	}

}
