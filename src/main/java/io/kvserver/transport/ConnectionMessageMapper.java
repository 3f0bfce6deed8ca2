package io.kvserver.transport;

import java.util.Map;

import org.springframework.integration.ip.IpHeaders;
import org.springframework.integration.ip.tcp.connection.TcpConnection;
import org.springframework.integration.ip.tcp.connection.TcpMessageMapper;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.GenericMessage;

/**
 * Maps a decoded batch to a message carrying only the header the reply path needs: the
 * connection id. The stock mapper adds host name, address, ports and local address to every
 * message, and each one is copied again into the reply; profiles of unpipelined load showed header
 * maps as the largest single cost on the data path. kvserver's own connections go further and
 * share one set of headers across all their messages ({@link ConnectionHeaders}).
 */
final class ConnectionMessageMapper extends TcpMessageMapper {

	@Override
	public Message<?> toMessage(TcpConnection connection, Map<String, Object> headers) {
		Object payload = connection.getPayload();
		if (payload == null) {
			return null;
		}
		if (connection instanceof RespConnection resp) {
			return new GenericMessage<>(payload, resp.messageHeaders()); // shared, not copied
		}
		return new GenericMessage<>(payload, Map.of(IpHeaders.CONNECTION_ID, connection.getConnectionId()));
	}

}
