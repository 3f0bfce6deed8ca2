package io.kvserver.jmh;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import io.kvserver.protocol.ProtocolLimits;
import io.kvserver.protocol.RequestBatch;
import io.kvserver.protocol.RequestDecoder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Decoding cost per read: a pipelined batch of 16 SETs (RESP and inline), and a single GET. One
 * decoder is reused across invocations, as one connection's decoder is reused across reads; the
 * stream is rewound each time so the decoder sees the same bytes arrive again.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RequestDecoderBenchmark {

	static final int BATCH = 16;

	private ByteArrayInputStream respBatch;

	private ByteArrayInputStream inlineBatch;

	private ByteArrayInputStream singleGet;

	private RequestDecoder respDecoder;

	private RequestDecoder inlineDecoder;

	private RequestDecoder getDecoder;

	@Setup
	public void setUp() {
		StringBuilder resp = new StringBuilder();
		StringBuilder inline = new StringBuilder();
		for (int i = 0; i < BATCH; i++) {
			String key = "key:%04d".formatted(i);
			resp.append("*3\r\n$3\r\nSET\r\n$").append(key.length()).append("\r\n").append(key).append("\r\n$5\r\nvalue\r\n");
			inline.append("SET ").append(key).append(" value\r\n");
		}
		this.respBatch = stream(resp.toString());
		this.inlineBatch = stream(inline.toString());
		this.singleGet = stream("*2\r\n$3\r\nGET\r\n$8\r\nkey:0001\r\n");
		this.respDecoder = new RequestDecoder(ProtocolLimits.REDIS_DEFAULTS);
		this.inlineDecoder = new RequestDecoder(ProtocolLimits.REDIS_DEFAULTS);
		this.getDecoder = new RequestDecoder(ProtocolLimits.REDIS_DEFAULTS);
	}

	@Benchmark
	public RequestBatch respBatchOf16Sets() throws IOException {
		return decode(this.respDecoder, this.respBatch, BATCH);
	}

	@Benchmark
	public RequestBatch inlineBatchOf16Sets() throws IOException {
		return decode(this.inlineDecoder, this.inlineBatch, BATCH);
	}

	@Benchmark
	public RequestBatch singleGet() throws IOException {
		return decode(this.getDecoder, this.singleGet, 1);
	}

	/** A batch that is not the whole input would make every later number meaningless: fail loudly. */
	private static RequestBatch decode(RequestDecoder decoder, ByteArrayInputStream in, int expected)
			throws IOException {
		in.reset();
		RequestBatch batch = decoder.readBatch(in);
		if (batch == null || batch.protocolError() != null || batch.requests().size() != expected) {
			throw new IllegalStateException("decoded " + (batch == null ? "nothing" : batch) + ", expected " + expected);
		}
		return batch;
	}

	private static ByteArrayInputStream stream(String text) {
		return new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII));
	}

}
