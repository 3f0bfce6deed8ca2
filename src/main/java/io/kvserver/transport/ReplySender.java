package io.kvserver.transport;

import org.springframework.integration.ip.IpHeaders;
import org.springframework.integration.ip.tcp.outbound.TcpSendingMessageHandler;
import org.springframework.integration.ip.tcp.connection.TcpConnection;
import org.springframework.integration.support.management.metrics.MetricsCaptor;
import org.springframework.messaging.Message;

import io.kvserver.metrics.CloseReason;
import io.kvserver.protocol.ReplyWriter;

/**
 * The outbound adapter: writes a batch's replies on the connection it came from, then closes that
 * connection if a reply asked for it (QUIT, a protocol error), after the bytes are out.
 */
final class ReplySender extends TcpSendingMessageHandler {

	@Override
	public void registerMetricsCaptor(MetricsCaptor captor) {
		// unmetered like the channels around it (see UnmeteredDirectChannel)
	}

	@Override
	public void handleMessageInternal(Message<?> message) {
		super.handleMessageInternal(message);
		if (message.getPayload() instanceof ReplyWriter replies && replies.isCloseAfterWrite()) {
			TcpConnection connection = getConnections().get(message.getHeaders().get(IpHeaders.CONNECTION_ID, String.class));
			if (connection != null) {
				if (connection instanceof RespConnection resp) {
					resp.closing(CloseReason.CLIENT_QUIT); // unless a protocol error came first
					resp.closeAfterReply();
				}
				else {
					connection.close();
				}
			}
		}
	}

}
