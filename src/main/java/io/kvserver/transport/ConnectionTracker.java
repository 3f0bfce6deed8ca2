package io.kvserver.transport;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.context.event.EventListener;
import org.springframework.integration.ip.tcp.connection.SocketInfo;
import org.springframework.integration.ip.tcp.connection.TcpConnection;
import org.springframework.integration.ip.tcp.connection.TcpConnectionCloseEvent;
import org.springframework.integration.ip.tcp.connection.TcpConnectionOpenEvent;
import org.springframework.stereotype.Component;

import io.kvserver.command.KvService;
import io.kvserver.command.Session;
import io.kvserver.command.SessionRegistry;
import io.kvserver.metrics.CloseReason;
import io.kvserver.metrics.ServerStats;

/**
 * Opens and drops client sessions as Spring Integration reports connections coming and going, and
 * tells each session who is at the other end and how to end its connection (CLIENT LIST, CLIENT KILL).
 */
@Component
class ConnectionTracker {

	private static final Log LOGGER = LogFactory.getLog(ConnectionTracker.class);

	private final SessionRegistry sessions;

	private final KvService service;

	private final ServerStats stats;

	private final ClientAdmission admission;

	ConnectionTracker(SessionRegistry sessions, KvService service, ServerStats stats, ClientAdmission admission) {
		this.sessions = sessions;
		this.service = service;
		this.stats = stats;
		this.admission = admission;
	}

	@EventListener
	void opened(TcpConnectionOpenEvent event) {
		Session session = this.sessions.open(event.getConnectionId());
		if (event.getSource() instanceof TcpConnection connection) {
			SocketInfo socket = connection.getSocketInfo();
			String local = socket != null ? format(socket.getLocalAddress(), socket.getLocalPort()) : "?:0";
			String remote = socket != null ? format(socket.getInetAddress(), socket.getPort())
					: connection.getHostAddress() + ":" + connection.getPort();
			session.attach(remote, local, () -> kill(connection));
		}
		this.stats.connectionOpened();
	}

	@EventListener
	void closed(TcpConnectionCloseEvent event) {
		// Before the session goes: once connected_clients shows a client gone, its place is free.
		this.admission.released();
		this.service.disconnected(event.getConnectionId());
		CloseReason reason = (event.getSource() instanceof RespConnection resp) ? resp.closeReason() : null;
		this.stats.connectionClosed(reason != null ? reason : CloseReason.OTHER);
	}

	/**
	 * Ends a connection from another client's thread. Shutting the input down wakes the connection's
	 * own reader with end-of-stream, so it finishes any batch it is in and closes itself through the
	 * usual path; closing the socket from here instead would race with that batch.
	 */
	private static void kill(TcpConnection connection) {
		try {
			connection.shutdownInput();
		}
		catch (IOException | RuntimeException ex) {
			LOGGER.debug("shutting down the input of " + connection.getConnectionId() + " failed; closing it", ex);
			connection.close();
		}
	}

	/** ip:port as Redis prints it: IPv6 addresses in brackets. */
	private static String format(InetAddress address, int port) {
		if (address == null) {
			return "?:" + port;
		}
		String ip = address.getHostAddress();
		if (address instanceof Inet6Address) {
			int scope = ip.indexOf('%');
			return "[" + (scope >= 0 ? ip.substring(0, scope) : ip) + "]:" + port;
		}
		return ip + ":" + port;
	}

}
