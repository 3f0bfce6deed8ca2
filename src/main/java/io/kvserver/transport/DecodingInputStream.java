package io.kvserver.transport;

import java.io.FilterInputStream;
import java.io.InputStream;

import io.kvserver.protocol.ProtocolLimits;
import io.kvserver.protocol.RequestDecoder;

/**
 * A connection's input stream together with that connection's decoder state. Spring Integration
 * hands a deserializer only the stream, so the state travels with it.
 */
final class DecodingInputStream extends FilterInputStream {

	private final RequestDecoder decoder;

	DecodingInputStream(InputStream raw, ProtocolLimits limits) {
		super(raw);
		this.decoder = new RequestDecoder(limits);
	}

	RequestDecoder decoder() {
		return this.decoder;
	}

	InputStream raw() {
		return this.in;
	}

}
