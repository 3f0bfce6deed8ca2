package io.kvserver.transport;

import org.jspecify.annotations.Nullable;
import org.springframework.integration.ip.IpHeaders;
import org.springframework.integration.ip.tcp.outbound.TcpSendingMessageHandler;
import org.springframework.integration.ip.tcp.connection.TcpConnection;
import org.springframework.integration.support.management.metrics.MetricsCaptor;
import org.springframework.integration.support.utils.IntegrationUtils;
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

	/**
	 * Writes straight to the connection the headers name: the stock handler finds it by its id in a
	 * map, two hash lookups per reply that showed in unpipelined profiles. The connection is the one
	 * the factory registered, as kvserver configures no connection interceptors (they would wrap it).
	 */
	@Override
	public void handleMessageInternal(Message<?> message) {
		if (!(message.getHeaders() instanceof ConnectionHeaders headers)) {
			super.handleMessageInternal(message);
			closeIfAsked(message, getConnections().get(message.getHeaders().get(IpHeaders.CONNECTION_ID, String.class)));
			return;
		}
		TcpConnection connection = headers.connection();
		try {
			connection.send(message);
		}
		catch (RuntimeException ex) {
			connection.close(); // as the stock handler does
			throw IntegrationUtils.wrapInHandlingExceptionIfNecessary(message,
					() -> "Error sending message in the [" + this + ']', ex);
		}
		closeIfAsked(message, connection);
	}

	private static void closeIfAsked(Message<?> message, @Nullable TcpConnection connection) {
		if (connection != null && message.getPayload() instanceof ReplyWriter replies && replies.isCloseAfterWrite()) {
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
