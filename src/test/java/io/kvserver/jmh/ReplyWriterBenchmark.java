package io.kvserver.jmh;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import io.kvserver.protocol.ReplyWriter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Encoding cost of one batch's replies: 16 bulk strings (GET hits), 16 integers (INCR results past
 * the shared-integer cache) and 16 +OK (SETs). The writer is reused and drained after each batch,
 * as a connection's writer is.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ReplyWriterBenchmark {

	static final int BATCH = 16;

	private final OutputStream sink = OutputStream.nullOutputStream();

	private ReplyWriter writer;

	private byte[][] values;

	@Setup
	public void setUp() {
		this.writer = new ReplyWriter();
		this.values = new byte[BATCH][];
		for (int i = 0; i < BATCH; i++) {
			this.values[i] = "value:%04d".formatted(i).getBytes(StandardCharsets.US_ASCII);
		}
	}

	@Benchmark
	public int bulkBatch() throws IOException {
		for (byte[] value : this.values) {
			this.writer.bulk(value);
		}
		return drain();
	}

	@Benchmark
	public int integerBatch() throws IOException {
		for (int i = 0; i < BATCH; i++) {
			this.writer.integer(1_000_000L + i);
		}
		return drain();
	}

	@Benchmark
	public int okBatch() throws IOException {
		for (int i = 0; i < BATCH; i++) {
			this.writer.ok();
		}
		return drain();
	}

	/** Returns the encoded size, so the work cannot be optimised away, and empties the writer. */
	private int drain() throws IOException {
		int size = this.writer.size();
		this.writer.writeTo(this.sink);
		return size;
	}

}
