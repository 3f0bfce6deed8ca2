package io.kvserver.transport;

import java.util.Map;

import org.springframework.integration.ip.IpHeaders;
import org.springframework.integration.ip.tcp.connection.TcpConnection;
import org.springframework.messaging.MessageHeaders;

/**
 * The headers of every message from one connection, built once when the connection opens: only
 * the connection id, which is all the reply path needs, and neither message id nor timestamp
 * ({@link MessageHeaders#ID_VALUE_NONE}), which nothing here reads. Messages built around a shared
 * instance copy no header map, where a {@code Map} of headers is copied into a new {@code HashMap}
 * for each message (seen in profiles of unpipelined load).
 */
final class ConnectionHeaders extends MessageHeaders {

	/** Not a header: where {@link ReplySender} writes the replies, without looking the id up. */
	private final transient TcpConnection connection;

	ConnectionHeaders(TcpConnection connection) {
		super(Map.of(IpHeaders.CONNECTION_ID, connection.getConnectionId()), ID_VALUE_NONE, -1L);
		this.connection = connection;
	}

	TcpConnection connection() {
		return this.connection;
	}

}
