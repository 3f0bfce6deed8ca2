package io.kvserver.transport;

import org.springframework.integration.handler.AbstractReplyProducingMessageHandler;
import org.springframework.integration.ip.IpHeaders;
import org.springframework.integration.support.management.metrics.MetricsCaptor;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.support.GenericMessage;

import io.kvserver.command.KvService;
import io.kvserver.protocol.ReplyWriter;
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
		MessageHeaders headers = request.getHeaders();
		ReplyWriter replies = this.service.execute((String) headers.get(IpHeaders.CONNECTION_ID),
				(RequestBatch) request.getPayload());
		// The request carries only the connection id, which is all the reply needs: reuse its headers.
		return new GenericMessage<>(replies, headers);
	}

	@Override
	protected boolean shouldCopyRequestHeaders() {
		return false;
	}

	@Override
	public void registerMetricsCaptor(MetricsCaptor captor) {
		// unmetered like the channels around it (see UnmeteredDirectChannel)
	}

}
