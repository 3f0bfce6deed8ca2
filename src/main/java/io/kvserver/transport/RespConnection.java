package io.kvserver.transport;

import java.io.IOException;
import java.io.OutputStream;

import org.springframework.core.serializer.Serializer;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessagingException;

import io.kvserver.command.ClientChannel;
import io.kvserver.metrics.CloseReason;

/** What kvserver's connection types share beyond Spring Integration's: the reason they close for, and how. */
interface RespConnection {

	void close();

	Serializer<?> getSerializer();

	/** Where this connection's replies are written. */
	OutputStream replyOutput() throws IOException;

	/**
	 * Writes a batch's replies, what every connection's {@code send} does. A failed write means the
	 * client is gone (a reset): the connection closes. (Spring Integration's own closeConnection
	 * only differs with connection interceptors, which kvserver does not configure.)
	 */
	@SuppressWarnings("unchecked")
	default void writeReplies(Message<?> message) {
		try {
			((Serializer<Object>) getSerializer()).serialize(message.getPayload(), replyOutput());
		}
		catch (IOException ex) {
			closing(CloseReason.CLIENT_RESET);
			close();
			throw new MessagingException(message, "Send Failed", ex);
		}
	}

	/** How the server reaches this connection outside the reply to its own batch (a blocked client's reply). */
	ClientChannel clientChannel();

	/** The headers every message from this connection carries (see {@link ConnectionHeaders}). */
	ConnectionHeaders messageHeaders();

	/** Closes once the replies already sent have left; a blocking connection has nothing left by then. */
	default void closeAfterReply() {
		close();
	}

	/** The connection's decoding input, where the close reason is kept; null before the first read. */
	DecodingInputStream decodingInput();

	/** Records why the connection is about to close; the first reason given wins. */
	default void closing(CloseReason reason) {
		DecodingInputStream input = decodingInput();
		if (input != null) {
			input.closing(reason);
		}
	}

	/** Why the connection closed, or null if nobody said. */
	default CloseReason closeReason() {
		DecodingInputStream input = decodingInput();
		return input != null ? input.closeReason() : null;
	}

}
