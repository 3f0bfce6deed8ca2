package io.kvserver.transport;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

import io.kvserver.metrics.CloseReason;
import io.kvserver.metrics.ServerStats;
import io.kvserver.protocol.ProtocolLimits;
import io.kvserver.protocol.RequestDecoder;

/**
 * A connection's input stream together with that connection's decoder state. Spring Integration
 * hands a deserializer only the stream, so the state travels with it: the decoder, and why the
 * connection is about to close, which only the deserializer sees. Bytes read are counted per read
 * call (never per byte) for INFO's total_net_input_bytes.
 */
final class DecodingInputStream extends FilterInputStream {

	private final RequestDecoder decoder;

	private final ServerStats stats;

	private volatile CloseReason closeReason;

	DecodingInputStream(InputStream raw, ProtocolLimits limits, ServerStats stats) {
		super(raw);
		this.decoder = new RequestDecoder(limits);
		this.stats = stats;
	}

	RequestDecoder decoder() {
		return this.decoder;
	}

	@Override
	public int read() throws IOException {
		int b = this.in.read();
		if (b >= 0) {
			this.stats.netInput(1);
		}
		return b;
	}

	@Override
	public int read(byte[] b, int off, int len) throws IOException {
		int n = this.in.read(b, off, len);
		if (n > 0) {
			this.stats.netInput(n);
		}
		return n;
	}

	/** Records why the connection will close; the first reason given wins. */
	void closing(CloseReason reason) {
		if (this.closeReason == null) {
			this.closeReason = reason;
		}
	}

	CloseReason closeReason() {
		return this.closeReason;
	}

}
