package io.kvserver.transport;

import java.io.IOException;
import java.io.OutputStream;

import org.springframework.core.serializer.Serializer;

import io.kvserver.metrics.ServerStats;
import io.kvserver.protocol.ReplyWriter;

/** Writes a batch's encoded replies in one write, counting the bytes for INFO's total_net_output_bytes. */
final class ReplySerializer implements Serializer<ReplyWriter> {

	private final ServerStats stats;

	ReplySerializer(ServerStats stats) {
		this.stats = stats;
	}

	@Override
	public void serialize(ReplyWriter replies, OutputStream out) throws IOException {
		int size = replies.size();
		replies.writeTo(out);
		this.stats.netOutput(size);
	}

}
