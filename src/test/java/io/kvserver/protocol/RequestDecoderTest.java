package io.kvserver.protocol;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import com.sun.management.ThreadMXBean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The decoder against Redis 7.0's processMultibulkBuffer / processInlineBuffer. Every expectation
 * about which input is skipped, accepted, awaited or rejected (and with which text) was checked
 * by sending the same bytes to a real redis-server 7.0.15.
 */
class RequestDecoderTest {

	private final RequestDecoder decoder = new RequestDecoder(ProtocolLimits.REDIS_DEFAULTS);

	// --- RESP multibulk and inline requests

	@Test
	void decodesMultibulkRequest() throws IOException {
		RequestBatch batch = read("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\nhello\r\n");
		assertThat(batch.protocolError()).isNull();
		assertThat(requests(batch)).containsExactly(List.of("SET", "k", "hello"));
	}

	@Test
	void decodesEmptyBulkArgument() throws IOException {
		assertThat(requests(read("*2\r\n$4\r\nECHO\r\n$0\r\n\r\n"))).containsExactly(List.of("ECHO", ""));
		// Redis passes an empty command name on (and then answers "unknown command ''").
		assertThat(requests(new RequestDecoder(ProtocolLimits.REDIS_DEFAULTS).readBatch(stream("*1\r\n$0\r\n\r\n"))))
			.containsExactly(List.of(""));
	}

	@Test
	void decodesInlineRequestEndingInCrlf() throws IOException {
		assertThat(requests(read("SET k  v\r\n"))).containsExactly(List.of("SET", "k", "v"));
	}

	@Test
	void decodesInlineRequestEndingInBareLf() throws IOException {
		assertThat(requests(read("SET k v\nGET k\n"))).containsExactly(List.of("SET", "k", "v"), List.of("GET", "k"));
	}

	@Test
	void inlineRequestStartingWithBlankIsInlineEvenIfAStarFollows() throws IOException {
		assertThat(requests(read(" *1\r\n"))).containsExactly(List.of("*1"));
	}

	@Test
	void inlineRequestKeepsQuotedArguments() throws IOException {
		assertThat(requests(read("SET \"a key\" 'it\\'s'\r\n"))).containsExactly(List.of("SET", "a key", "it's"));
	}

	@Test
	void skipsEmptyLinesBlankLinesAndEmptyOrNullMultibulk() throws IOException {
		RequestBatch batch = read("\r\n\n  \t\r\n*0\r\n*-1\r\n*-5\r\n*-9223372036854775808\r\nPING\r\n");
		assertThat(batch.protocolError()).isNull();
		assertThat(requests(batch)).containsExactly(List.of("PING"));
	}

	@Test
	void onlySkippableInputThenEndOfStreamIsEndOfStream() throws IOException {
		assertThat(read("\r\n*0\r\n*-1\r\n\n")).isNull();
	}

	@Test
	void bulkArgumentsAreBinarySafe() throws IOException {
		byte[] all = new byte[256];
		for (int i = 0; i < all.length; i++) {
			all[i] = (byte) i;
		}
		byte[] tricky = bytes("a\r\nb\0\r\n*1\r\n$");
		ByteArrayOutputStream request = new ByteArrayOutputStream();
		request.writeBytes(resp(bytes("SET"), all, tricky));
		RequestBatch batch = this.decoder.readBatch(new ByteArrayInputStream(request.toByteArray()));
		assertThat(batch.requests()).hasSize(1);
		byte[][] argv = batch.requests().get(0);
		assertThat(argv).hasNumberOfRows(3);
		assertThat(argv[1]).isEqualTo(all);
		assertThat(argv[2]).isEqualTo(tricky);
	}

	@Test
	void bytesAfterBulkDataAreSkippedNotChecked() throws IOException {
		// Redis skips the two bytes after a bulk (and after a header's '\r') without looking at them.
		assertThat(requests(read("*1\r\n$4\r\nPINGxx*1\rX$4\rYPINGZZ"))).containsExactly(List.of("PING"), List.of("PING"));
	}

	@Test
	void bigArgumentIsDecodedIntact() throws IOException {
		byte[] big = new byte[3 * RequestDecoder.BIG_ARG + 17];
		for (int i = 0; i < big.length; i++) {
			big[i] = (byte) (i * 31 + 7);
		}
		byte[] wire = concat(resp(bytes("SET"), bytes("k"), big), resp(bytes("GET"), bytes("k")));
		List<byte[][]> requests = readAllRequests(this.decoder, new ChunkedInputStream(wire, List.of(1000, 1, 7)));
		assertThat(requests).hasSize(2);
		assertThat(requests.get(0)[2]).isEqualTo(big);
		assertThat(strings(requests.get(1))).containsExactly("GET", "k");
	}

	// --- pipelining and batches

	@Test
	void pipelinedRequestsInOneReadFormOneBatchInOrder() throws IOException {
		RequestBatch batch = read("*1\r\n$4\r\nPING\r\nECHO a\r\n*2\r\n$4\r\nECHO\r\n$1\r\nb\r\nECHO c\n");
		assertThat(requests(batch)).containsExactly(List.of("PING"), List.of("ECHO", "a"), List.of("ECHO", "b"),
				List.of("ECHO", "c"));
		assertThat(read(this.decoder, new ByteArrayInputStream(new byte[0]))).isNull();
	}

	@Test
	void batchStopsAtCompleteRequestsAndKeepsThePartialOneForLater() throws IOException {
		String ping = "*1\r\n$4\r\nPING\r\n";
		InputStream in = new ChunkedInputStream(bytes(ping.repeat(3) + "*1\r\n$4\r\nPI" + "NG\r\n"),
				List.of(ping.length() * 3 + 10, 100));
		assertThat(requests(this.decoder.readBatch(in))).hasSize(3);
		assertThat(requests(this.decoder.readBatch(in))).containsExactly(List.of("PING"));
		assertThat(this.decoder.readBatch(in)).isNull();
	}

	@Test
	void batchIsCappedAtMaxBatchAndTheRestFollowsInOrderWithoutWaiting() throws IOException {
		// Two-byte inline commands, so that one read holds more than MAX_BATCH of them.
		int total = 5000;
		StringBuilder wire = new StringBuilder();
		for (int i = 0; i < total; i++) {
			wire.append((char) ('a' + i % 26)).append('\n');
		}
		ChunkedInputStream in = new ChunkedInputStream(bytes(wire.toString()), List.of(wire.length()));
		List<Integer> sizes = new ArrayList<>();
		List<Integer> readsBefore = new ArrayList<>();
		StringBuilder names = new StringBuilder();
		RequestBatch batch;
		while ((batch = this.decoder.readBatch(in)) != null) {
			assertThat(batch.protocolError()).isNull();
			sizes.add(batch.requests().size());
			readsBefore.add(in.reads());
			batch.requests().forEach((argv) -> names.append(new String(argv[0], StandardCharsets.ISO_8859_1)));
		}
		assertThat(sizes).allSatisfy((size) -> assertThat(size).isBetween(1, RequestDecoder.MAX_BATCH));
		assertThat(sizes.get(0)).isEqualTo(RequestDecoder.MAX_BATCH);
		// The second batch came from bytes already buffered: no read in between.
		assertThat(readsBefore.get(1)).isEqualTo(readsBefore.get(0));
		assertThat(names.toString()).isEqualTo(wire.toString().replace("\n", ""));
	}

	// --- protocol errors

	static Stream<Arguments> protocolErrors() {
		String bigLine = "1".repeat(70_000);
		return Stream.of(
				Arguments.of("*x\r\n", "Protocol error: invalid multibulk length"),
				Arguments.of("*\r\n", "Protocol error: invalid multibulk length"),
				Arguments.of("*-0\r\n", "Protocol error: invalid multibulk length"),
				Arguments.of("*+1\r\n", "Protocol error: invalid multibulk length"),
				Arguments.of("*01\r\n", "Protocol error: invalid multibulk length"),
				Arguments.of("* 1\r\n", "Protocol error: invalid multibulk length"),
				Arguments.of("*1 \r\n", "Protocol error: invalid multibulk length"),
				Arguments.of("*2147483648\r\n", "Protocol error: invalid multibulk length"),
				Arguments.of("*-9223372036854775809\r\n", "Protocol error: invalid multibulk length"),
				Arguments.of("*" + bigLine + "\r\n", "Protocol error: invalid multibulk length"),
				Arguments.of("*1\r\n$x\r\n", "Protocol error: invalid bulk length"),
				Arguments.of("*1\r\n$\r\n", "Protocol error: invalid bulk length"),
				Arguments.of("*1\r\n$-1\r\n", "Protocol error: invalid bulk length"),
				Arguments.of("*1\r\n$01\r\nab\r\n", "Protocol error: invalid bulk length"),
				Arguments.of("*1\r\n$536870913\r\n", "Protocol error: invalid bulk length"),
				Arguments.of("*1\r\n$" + bigLine + "\r\n", "Protocol error: invalid bulk length"),
				Arguments.of("*1\r\nx\r\n", "Protocol error: expected '$', got 'x'"),
				Arguments.of("*2\r\n$1\r\na\r\n*1\r\n", "Protocol error: expected '$', got '*'"),
				Arguments.of("*1\r\n\u00c3\r\n", "Protocol error: expected '$', got '\u00c3'"),
				Arguments.of("*" + bigLine, "Protocol error: too big mbulk count string"),
				Arguments.of("*1\0" + "\r\n".repeat(40_000), "Protocol error: too big mbulk count string"),
				Arguments.of("*1\r\n$" + bigLine, "Protocol error: too big bulk count string"),
				Arguments.of("*1\r\n$1\0" + "\r\n".repeat(40_000), "Protocol error: too big bulk count string"),
				Arguments.of("PING " + "a".repeat(70_000), "Protocol error: too big inline request"),
				Arguments.of("PING\0" + "\n".repeat(70_000), "Protocol error: too big inline request"),
				Arguments.of("SET \"a\" b\"\r\n", "Protocol error: unbalanced quotes in request"),
				Arguments.of("ECHO \"abc\r\n", "Protocol error: unbalanced quotes in request"),
				Arguments.of("ECHO 'a'b\r\n", "Protocol error: unbalanced quotes in request"),
				Arguments.of("ECHO a\"b c\"d\n", "Protocol error: unbalanced quotes in request"));
	}

	@ParameterizedTest
	@MethodSource("protocolErrors")
	void protocolErrorHasRedisTextAndComesAfterTheRequestsBeforeIt(String bad, String expected) throws IOException {
		InputStream in = stream("PING\r\n*2\r\n$4\r\nECHO\r\n$2\r\nhi\r\n" + bad);
		// Requests complete before the error are handed out first (in the same batch if they were
		// read together with the bad bytes, else earlier).
		List<List<String>> before = new ArrayList<>();
		RequestBatch batch;
		while ((batch = this.decoder.readBatch(in)) != null && batch.protocolError() == null) {
			before.addAll(requests(batch));
		}
		assertThat(batch).isNotNull();
		assertThat(batch.protocolError()).isEqualTo(expected);
		before.addAll(requests(batch));
		assertThat(before).containsExactly(List.of("PING"), List.of("ECHO", "hi"));
	}

	@Test
	void requestsReadTogetherWithAnErrorShareItsBatch() throws IOException {
		RequestBatch batch = read("PING\r\n*1\r\n$4\r\nPING\r\nPING\r\n*1\r\n*1\r\n");
		assertThat(requests(batch)).containsExactly(List.of("PING"), List.of("PING"), List.of("PING"));
		assertThat(batch.protocolError()).isEqualTo("Protocol error: expected '$', got '*'");
	}

	@Test
	void nothingAfterAProtocolErrorBecomesARequest() throws IOException {
		// Redis closes the connection after answering the error; bytes it already read are dropped.
		InputStream in = stream("PING\r\n*x\r\nPING\r\n*1\r\n$4\r\nPING\r\n");
		RequestBatch batch = this.decoder.readBatch(in);
		assertThat(requests(batch)).containsExactly(List.of("PING"));
		assertThat(batch.protocolError()).isEqualTo("Protocol error: invalid multibulk length");
		assertThat(this.decoder.readBatch(in)).isNull();
		assertThat(this.decoder.readBatch(stream("PING\r\n"))).isNull();
	}

	@ParameterizedTest
	@MethodSource("protocolErrors")
	void protocolErrorAloneGivesAnEmptyBatchWithTheError(String bad, String expected) throws IOException {
		RequestBatch batch = read(bad);
		assertThat(batch.protocolError()).isEqualTo(expected);
		assertThat(batch.requests()).isEmpty();
	}

	@Test
	void errorRepliesForUnprintableBytesMatchRedisOnTheWire() throws IOException {
		// Redis maps CR/LF inside an error to spaces and sends other bytes raw.
		assertThat(errorReply("*1\r\n\r\n")).isEqualTo(bytes("-ERR Protocol error: expected '$', got ' '\r\n"));
		assertThat(errorReply("*1\r\n\u00c3\r\n")).isEqualTo(bytes("-ERR Protocol error: expected '$', got '\u00c3'\r\n"));
	}

	@Test
	void lineWithoutEndIsTooBigOnlyAfterTheFirstReadPastTheLimit() throws IOException {
		// Redis reads 16 KB at a time and checks after each read: a 70,000-byte header whose CRLF
		// arrives in the fifth read is "invalid", not "too big" (checked against redis-server 7.0).
		assertThat(read("*" + "1".repeat(70_000) + "\r\n").protocolError())
			.isEqualTo("Protocol error: invalid multibulk length");
		RequestDecoder decoder = new RequestDecoder(ProtocolLimits.REDIS_DEFAULTS);
		assertThat(requests(decoder.readBatch(stream("PING " + "a".repeat(70_000) + "\r\n")))).hasSize(1);
	}

	@Test
	void lineEndingInCrWaitsForTheNextByteHoweverLongTheLine() throws IOException {
		// Redis checks "too big" only while no '\r' is buffered; a long line whose '\r' is the last
		// byte read waits for one more byte, and then fails on the number instead.
		String header = "*" + "1".repeat(70_000) + "\r";
		ChunkedInputStream in = new ChunkedInputStream(bytes(header + "\n"), List.of(header.length(), 1));
		RequestBatch batch = this.decoder.readBatch(in);
		assertThat(batch.protocolError()).isEqualTo("Protocol error: invalid multibulk length");
		assertThat(in.consumed()).isEqualTo(header.length() + 1);

		String bulkHeader = "*1\r\n$" + "1".repeat(70_000) + "\r";
		in = new ChunkedInputStream(bytes(bulkHeader + "\n"), List.of(bulkHeader.length(), 1));
		batch = new RequestDecoder(ProtocolLimits.REDIS_DEFAULTS).readBatch(in);
		assertThat(batch.protocolError()).isEqualTo("Protocol error: invalid bulk length");
	}

	@Test
	void nulBeforeTheLineEndMakesTheDecoderWaitLikeRedisStrchr() throws IOException {
		// Redis finds line ends with strchr, which stops at NUL: the second line never completes,
		// so the third PING is never run.
		ChunkedInputStream in = new ChunkedInputStream(bytes("PING\r\nPI\0NG\r\nPING\r\n"), List.of(100));
		assertThat(requests(this.decoder.readBatch(in))).containsExactly(List.of("PING"));
		assertThat(this.decoder.readBatch(in)).isNull();
		assertThat(in.readsAtEnd()).isEqualTo(1);

		assertThat(new RequestDecoder(ProtocolLimits.REDIS_DEFAULTS).readBatch(stream("*1\0\r\n$4\r\nPING\r\n"))).isNull();
		assertThat(new RequestDecoder(ProtocolLimits.REDIS_DEFAULTS).readBatch(stream("*1\r\n$4\0\r\nPING\r\n"))).isNull();
	}

	@Test
	void expectedDollarIsOnlyReportedOnceTheLineIsComplete() throws IOException {
		assertThat(read("*1\r\nx")).isNull();
		assertThat(new RequestDecoder(ProtocolLimits.REDIS_DEFAULTS).readBatch(stream("*1\r\nx\r"))).isNull();
	}

	// --- end of stream

	@Test
	void endOfStreamInsideAnyRequestReturnsNull() throws IOException {
		String request = "*2\r\n$4\r\nECHO\r\n$5\r\nhello\r\n";
		for (int cut = 1; cut < request.length(); cut++) {
			String prefix = request.substring(0, cut);
			assertThat(new RequestDecoder(ProtocolLimits.REDIS_DEFAULTS).readBatch(stream(prefix)))
				.as("prefix %s", prefix.replace("\r", "\\r").replace("\n", "\\n")).isNull();
		}
		assertThat(new RequestDecoder(ProtocolLimits.REDIS_DEFAULTS).readBatch(stream("ECHO hel"))).isNull();
	}

	@Test
	void completeRequestsBeforeEndOfStreamAreReturnedFirst() throws IOException {
		InputStream in = stream("PING\r\n*2\r\n$4\r\nECHO\r\n$5\r\nhel");
		assertThat(requests(this.decoder.readBatch(in))).containsExactly(List.of("PING"));
		assertThat(this.decoder.readBatch(in)).isNull();
	}

	// --- limits and allocation

	@Test
	void hugeDeclaredLengthAllocatesNothingUpFront() throws IOException {
		ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
		assertThat(threads.isThreadAllocatedMemorySupported()).isTrue();
		threads.setThreadAllocatedMemoryEnabled(true);
		ChunkedInputStream warmup = new ChunkedInputStream(bytes("*1\r\n$536870912\r\nabc"), List.of(5));
		assertThat(new RequestDecoder(ProtocolLimits.REDIS_DEFAULTS).readBatch(warmup)).isNull();

		ChunkedInputStream in = new ChunkedInputStream(bytes("*1\r\n$536870912\r\nabc"), List.of(5));
		long before = threads.getCurrentThreadAllocatedBytes();
		RequestBatch batch = this.decoder.readBatch(in);
		long allocated = threads.getCurrentThreadAllocatedBytes() - before;

		// null here means "stream ended while the request was still incomplete": no error, no batch,
		// and the decoder had asked for more bytes after taking all of them.
		assertThat(batch).isNull();
		assertThat(in.readsAtEnd()).isEqualTo(1);
		assertThat(allocated).isLessThan(1024 * 1024);
	}

	@Test
	void hugeDeclaredLengthGrowsWithTheDataThatActuallyArrives() throws IOException {
		ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
		threads.setThreadAllocatedMemoryEnabled(true);
		byte[] wire = concat(bytes("*1\r\n$536870912\r\n"), new byte[1024 * 1024]);
		ChunkedInputStream in = new ChunkedInputStream(wire, List.of(16 * 1024));
		long before = threads.getCurrentThreadAllocatedBytes();
		assertThat(this.decoder.readBatch(in)).isNull();
		long allocated = threads.getCurrentThreadAllocatedBytes() - before;
		assertThat(in.consumed()).isEqualTo(wire.length);
		// Doubling from 32 KB to hold 1 MB allocates under 2 MB in total; 8 MB leaves room for noise.
		assertThat(allocated).isLessThan(8L * 1024 * 1024);
	}

	@Test
	void declaredLengthAtTheBulkLimitIsAcceptedAndOneMoreIsNot() throws IOException {
		assertThat(read("*1\r\n$536870912\r\n")).isNull();
		RequestDecoder small = new RequestDecoder(new ProtocolLimits(10, 64 * 1024, Integer.MAX_VALUE, 1L << 30));
		assertThat(requests(small.readBatch(stream("*1\r\n$10\r\n0123456789\r\n")))).containsExactly(List.of("0123456789"));
		small = new RequestDecoder(new ProtocolLimits(10, 64 * 1024, Integer.MAX_VALUE, 1L << 30));
		assertThat(small.readBatch(stream("*1\r\n$11\r\n")).protocolError()).isEqualTo("Protocol error: invalid bulk length");
	}

	@Test
	void multibulkCountAtIntMaxIsAcceptedAndAwaited() throws IOException {
		assertThat(read("*2147483647\r\n$4\r\nPING\r\n")).isNull();
	}

	@Test
	void queryBufferLimitCountsEveryByteOfTheUnfinishedRequest() throws IOException {
		byte[] big = new byte[100_000];
		byte[] request = resp(bytes("SET"), bytes("key"), big);
		RequestDecoder exact = new RequestDecoder(new ProtocolLimits(512L << 20, 64 * 1024, Integer.MAX_VALUE, request.length));
		List<byte[][]> decoded = readAllRequests(exact, new ChunkedInputStream(request, List.of(4096)));
		assertThat(decoded).hasSize(1);
		assertThat(decoded.get(0)[2]).isEqualTo(big);

		RequestDecoder tooSmall = new RequestDecoder(new ProtocolLimits(512L << 20, 64 * 1024, Integer.MAX_VALUE, request.length - 1));
		ChunkedInputStream in = new ChunkedInputStream(concat(request, bytes("PING\r\n")), List.of(4096));
		assertThatExceptionOfType(QueryBufferLimitException.class).isThrownBy(() -> tooSmall.readBatch(in));
		assertThat(tooSmall.readBatch(in)).isNull();
	}

	@Test
	void queryBufferLimitAppliesToManySmallArguments() throws IOException {
		ProtocolLimits limits = new ProtocolLimits(512L << 20, 64 * 1024, Integer.MAX_VALUE, 10_000);
		StringBuilder wire = new StringBuilder("*1000\r\n");
		for (int i = 0; i < 1000; i++) {
			wire.append("$10\r\n0123456789\r\n");
		}
		RequestDecoder decoder = new RequestDecoder(limits);
		assertThatExceptionOfType(QueryBufferLimitException.class).isThrownBy(() -> decoder.readBatch(stream(wire.toString())));
	}

	@Test
	void queryBufferLimitIsPerRequestNotPerConnection() throws IOException {
		ProtocolLimits limits = new ProtocolLimits(512L << 20, 64 * 1024, Integer.MAX_VALUE, 100);
		RequestDecoder decoder = new RequestDecoder(limits);
		String echo = "*2\r\n$4\r\nECHO\r\n$40\r\n" + "x".repeat(40) + "\r\n"; // 64 bytes each
		List<byte[][]> decoded = readAllRequests(decoder, stream(echo.repeat(50)));
		assertThat(decoded).hasSize(50);
	}

	// --- helpers

	private RequestBatch read(String wire) throws IOException {
		return read(this.decoder, stream(wire));
	}

	private static RequestBatch read(RequestDecoder decoder, InputStream in) throws IOException {
		return decoder.readBatch(in);
	}

	private static byte[] errorReply(String wire) throws IOException {
		RequestBatch batch = new RequestDecoder(ProtocolLimits.REDIS_DEFAULTS).readBatch(stream(wire));
		ReplyWriter out = new ReplyWriter();
		out.error("ERR " + batch.protocolError());
		return out.toByteArray();
	}

	static List<byte[][]> readAllRequests(RequestDecoder decoder, InputStream in) throws IOException {
		List<byte[][]> all = new ArrayList<>();
		RequestBatch batch;
		while ((batch = decoder.readBatch(in)) != null) {
			assertThat(batch.protocolError()).isNull();
			assertThat(batch.requests()).isNotEmpty().hasSizeLessThanOrEqualTo(RequestDecoder.MAX_BATCH);
			all.addAll(batch.requests());
		}
		return all;
	}

	static byte[] resp(byte[]... argv) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.writeBytes(bytes("*" + argv.length + "\r\n"));
		for (byte[] arg : argv) {
			out.writeBytes(bytes("$" + arg.length + "\r\n"));
			out.writeBytes(arg);
			out.writeBytes(bytes("\r\n"));
		}
		return out.toByteArray();
	}

	static byte[] concat(byte[] a, byte[] b) {
		byte[] both = Arrays.copyOf(a, a.length + b.length);
		System.arraycopy(b, 0, both, a.length, b.length);
		return both;
	}

	static InputStream stream(String wire) {
		return new ByteArrayInputStream(bytes(wire));
	}

	static byte[] bytes(String s) {
		return s.getBytes(StandardCharsets.ISO_8859_1);
	}

	static List<String> strings(byte[][] argv) {
		return Arrays.stream(argv).map((arg) -> new String(arg, StandardCharsets.ISO_8859_1)).toList();
	}

	static List<List<String>> requests(RequestBatch batch) {
		assertThat(batch).isNotNull();
		return batch.requests().stream().map(RequestDecoderTest::strings).toList();
	}

}
