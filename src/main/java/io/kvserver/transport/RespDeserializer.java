package io.kvserver.transport;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketException;

import org.springframework.core.serializer.Deserializer;
import org.springframework.integration.ip.tcp.serializer.SoftEndOfStreamException;

import io.kvserver.metrics.CloseReason;
import io.kvserver.protocol.QueryBufferLimitException;
import io.kvserver.protocol.RequestBatch;

/**
 * Turns the bytes buffered on a connection into one {@link RequestBatch}: every complete request
 * already received, so a pipelining client's commands travel through the channel together. It is
 * also where the end of a connection shows first, so it notes why the connection will close.
 */
final class RespDeserializer implements Deserializer<RequestBatch> {

	@Override
	public RequestBatch deserialize(InputStream in) throws IOException {
		if (!(in instanceof DecodingInputStream decoding)) {
			throw new IllegalStateException("connections must be RespNetConnection or RespNioConnection (see DecodingConnectionSupport)");
		}
		RequestBatch batch;
		try {
			batch = decoding.decoder().readBatch(decoding);
		}
		catch (SocketException ex) {
			// A reset (a crashed client, or Jedis closing with SO_LINGER 0) is an ordinary hang-up, which
			// Redis logs only at verbose level; Spring Integration would log every one at ERROR.
			decoding.closing(CloseReason.CLIENT_RESET);
			throw new SoftEndOfStreamException("client reset the connection");
		}
		catch (QueryBufferLimitException ex) {
			decoding.closing(CloseReason.QUERY_BUFFER_LIMIT);
			throw ex;
		}
		if (batch == null) {
			decoding.closing(CloseReason.CLIENT_CLOSED); // unless a protocol error came first
			throw new SoftEndOfStreamException("client closed the connection");
		}
		if (batch.protocolError() != null) {
			decoding.closing(CloseReason.PROTOCOL_ERROR);
		}
		return batch;
	}

}
