package io.kvserver.command;

import io.kvserver.protocol.ReplyWriter;
import io.kvserver.store.ElementSink;

/**
 * Writes the elements a collection hands out as bulk strings, an integer in decimal, as Redis
 * replies with a listpack's or intset's entries (addReplyBulkCBuffer / addReplyBulkLongLong).
 */
public class BulkSink implements ElementSink {

	protected final ReplyWriter out;

	public BulkSink(ReplyWriter out) {
		this.out = out;
	}

	@Override
	public void string(byte[] bytes, int offset, int length) {
		this.out.bulk(bytes, offset, length);
	}

	@Override
	public void integer(long value) {
		this.out.bulkInteger(value);
	}

}
