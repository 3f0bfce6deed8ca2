package io.kvserver.transport;

import java.io.IOException;
import java.io.OutputStream;

import org.springframework.core.serializer.Serializer;

import io.kvserver.metrics.ServerStats;
import io.kvserver.protocol.ReplyWriter;

/** Writes a batch's encoded replies in one write, counting the bytes for INFO's total_net_output_bytes. */
final class ReplySerializer implements Serializer<ReplyWriter> {

	private final ServerStats stats;

	private final ReplyBarrier barrier;

	/**
	 * @param barrier called before each batch's replies are written; {@link ReplyBarrier#NONE} for
	 * the event loops, which call it themselves once per pass
	 */
	ReplySerializer(ServerStats stats, ReplyBarrier barrier) {
		this.stats = stats;
		this.barrier = barrier;
	}

	@Override
	public void serialize(ReplyWriter replies, OutputStream out) throws IOException {
		this.barrier.beforeReplies();
		int size = replies.size();
		replies.writeTo(out);
		this.stats.netOutput(size);
	}

}
