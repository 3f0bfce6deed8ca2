package io.kvserver.transport;

import org.springframework.context.event.EventListener;
import org.springframework.integration.ip.tcp.connection.TcpConnectionCloseEvent;
import org.springframework.integration.ip.tcp.connection.TcpConnectionOpenEvent;
import org.springframework.stereotype.Component;

import io.kvserver.command.SessionRegistry;
import io.kvserver.metrics.CloseReason;
import io.kvserver.metrics.ServerStats;

/** Opens and drops client sessions as Spring Integration reports connections coming and going. */
@Component
class ConnectionTracker {

	private final SessionRegistry sessions;

	private final ServerStats stats;

	ConnectionTracker(SessionRegistry sessions, ServerStats stats) {
		this.sessions = sessions;
		this.stats = stats;
	}

	@EventListener
	void opened(TcpConnectionOpenEvent event) {
		this.sessions.open(event.getConnectionId());
		this.stats.connectionOpened();
	}

	@EventListener
	void closed(TcpConnectionCloseEvent event) {
		this.sessions.close(event.getConnectionId());
		CloseReason reason = (event.getSource() instanceof RespConnection resp) ? resp.closeReason() : null;
		this.stats.connectionClosed(reason != null ? reason : CloseReason.OTHER);
	}

}
