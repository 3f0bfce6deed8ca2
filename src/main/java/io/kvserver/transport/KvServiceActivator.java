package io.kvserver.transport;

import org.springframework.integration.handler.AbstractReplyProducingMessageHandler;
import org.springframework.integration.ip.IpHeaders;
import org.springframework.messaging.Message;

import io.kvserver.command.KvService;
import io.kvserver.protocol.RequestBatch;

/**
 * The service activator between the request and reply channels: hands each batch, with the id of
 * the connection it came from, to the {@link KvService}. A plain handler rather than an annotated
 * method, so no reflection runs per batch.
 */
final class KvServiceActivator extends AbstractReplyProducingMessageHandler {

	private final KvService service;

	KvServiceActivator(KvService service) {
		this.service = service;
	}

	@Override
	protected Object handleRequestMessage(Message<?> request) {
		String connectionId = request.getHeaders().get(IpHeaders.CONNECTION_ID, String.class);
		return this.service.execute(connectionId, (RequestBatch) request.getPayload());
	}

}
