package io.kvserver.transport;

import java.io.IOException;
import java.io.OutputStream;

import org.springframework.core.serializer.Serializer;

import io.kvserver.protocol.ReplyWriter;

/** Writes a batch's encoded replies; the connection flushes once afterwards. */
final class ReplySerializer implements Serializer<ReplyWriter> {

	@Override
	public void serialize(ReplyWriter replies, OutputStream out) throws IOException {
		replies.writeTo(out);
	}

}
