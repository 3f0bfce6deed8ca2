package io.kvserver.protocol;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * However the bytes of a pipeline are cut into reads, the decoder yields exactly the requests
 * that were encoded, in order.
 */
class RequestDecoderPropertiesTest {

	@Property(tries = 300)
	void respRequestsSurviveAnyChunking(@ForAll("argvLists") List<List<byte[]>> requests,
			@ForAll("chunkSizes") List<Integer> chunks) throws IOException {
		ByteArrayOutputStream wire = new ByteArrayOutputStream();
		for (List<byte[]> argv : requests) {
			wire.writeBytes(RequestDecoderTest.resp(argv.toArray(new byte[0][])));
		}
		List<byte[][]> decoded = RequestDecoderTest.readAllRequests(new RequestDecoder(ProtocolLimits.REDIS_DEFAULTS),
				new ChunkedInputStream(wire.toByteArray(), chunks));
		assertSameRequests(decoded, requests);
	}

	@Property(tries = 300)
	void inlineRequestsSurviveAnyChunking(@ForAll("inlineRequests") List<Tuple.Tuple2<String, List<byte[]>>> requests,
			@ForAll("chunkSizes") List<Integer> chunks) throws IOException {
		ByteArrayOutputStream wire = new ByteArrayOutputStream();
		List<List<byte[]>> expected = new ArrayList<>();
		for (Tuple.Tuple2<String, List<byte[]>> request : requests) {
			wire.writeBytes(RequestDecoderTest.bytes(request.get1()));
			expected.add(request.get2());
		}
		List<byte[][]> decoded = RequestDecoderTest.readAllRequests(new RequestDecoder(ProtocolLimits.REDIS_DEFAULTS),
				new ChunkedInputStream(wire.toByteArray(), chunks));
		assertSameRequests(decoded, expected);
	}

	@Property(tries = 200)
	void mixedInlineAndRespRequestsSurviveAnyChunking(@ForAll("mixedRequests") List<Tuple.Tuple2<byte[], List<byte[]>>> requests,
			@ForAll("chunkSizes") List<Integer> chunks) throws IOException {
		ByteArrayOutputStream wire = new ByteArrayOutputStream();
		List<List<byte[]>> expected = new ArrayList<>();
		for (Tuple.Tuple2<byte[], List<byte[]>> request : requests) {
			wire.writeBytes(request.get1());
			expected.add(request.get2());
		}
		List<byte[][]> decoded = RequestDecoderTest.readAllRequests(new RequestDecoder(ProtocolLimits.REDIS_DEFAULTS),
				new ChunkedInputStream(wire.toByteArray(), chunks));
		assertSameRequests(decoded, expected);
	}

	private static void assertSameRequests(List<byte[][]> decoded, List<List<byte[]>> expected) {
		assertThat(decoded).hasSameSizeAs(expected);
		for (int i = 0; i < expected.size(); i++) {
			assertThat(decoded.get(i)).as("request %d", i).isDeepEqualTo(expected.get(i).toArray(new byte[0][]));
		}
	}

	@Provide
	Arbitrary<List<List<byte[]>>> argvLists() {
		return argv().list().ofMinSize(1).ofMaxSize(20);
	}

	private static Arbitrary<List<byte[]>> argv() {
		Arbitrary<byte[]> small = Arbitraries.bytes().array(byte[].class).ofMaxSize(64);
		Arbitrary<byte[]> empty = Arbitraries.just(new byte[0]);
		// Around and beyond the 32 KB big-argument threshold.
		Arbitrary<byte[]> large = Arbitraries.integers().between(RequestDecoder.BIG_ARG - 3, 3 * RequestDecoder.BIG_ARG)
			.flatMap((size) -> Arbitraries.bytes().array(byte[].class).ofSize(size))
			.withoutEdgeCases();
		Arbitrary<byte[]> arg = Arbitraries.frequencyOf(Tuple.of(30, small), Tuple.of(5, empty), Tuple.of(1, large));
		return arg.list().ofMinSize(1).ofMaxSize(6);
	}

	@Provide
	Arbitrary<List<Integer>> chunkSizes() {
		return Arbitraries.frequencyOf(
				Tuple.of(1, Arbitraries.just(List.of(1))),
				Tuple.of(3, Arbitraries.integers().between(1, 20).list().ofMinSize(1).ofMaxSize(8)),
				Tuple.of(3, Arbitraries.integers().between(1, 100_000).list().ofMinSize(1).ofMaxSize(8)));
	}

	/** The wire text of an inline request and the argv it stands for. */
	@Provide
	Arbitrary<List<Tuple.Tuple2<String, List<byte[]>>>> inlineRequests() {
		return inlineRequest().list().ofMinSize(1).ofMaxSize(20);
	}

	@Provide
	Arbitrary<List<Tuple.Tuple2<byte[], List<byte[]>>>> mixedRequests() {
		Arbitrary<Tuple.Tuple2<byte[], List<byte[]>>> inline = inlineRequest()
			.map((request) -> Tuple.of(RequestDecoderTest.bytes(request.get1()), request.get2()));
		Arbitrary<Tuple.Tuple2<byte[], List<byte[]>>> resp = argv()
			.map((argv) -> Tuple.of(RequestDecoderTest.resp(argv.toArray(new byte[0][])), argv));
		Arbitrary<byte[]> skipped = Arbitraries.of("\r\n", "\n", " \t\r\n", "*0\r\n", "*-1\r\n").map(RequestDecoderTest::bytes);
		Arbitrary<Tuple.Tuple2<byte[], List<byte[]>>> withSkipped = Combinators.combine(skipped, Arbitraries.oneOf(inline, resp))
			.as((skip, request) -> Tuple.of(RequestDecoderTest.concat(skip, request.get1()), request.get2()));
		return Arbitraries.oneOf(inline, resp, withSkipped).list().ofMinSize(1).ofMaxSize(20);
	}

	private static Arbitrary<Tuple.Tuple2<String, List<byte[]>>> inlineRequest() {
		// A plain token never starts with '*' (that would make the line a multibulk header) and
		// holds no blank or quote.
		Arbitrary<String> plain = Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z').withCharRange('0', '9')
			.withChars("_-:.,!?@#$%^&+=<>/[]{}()~`|;")
			.ofMinLength(1).ofMaxLength(12);
		Arbitrary<Tuple.Tuple2<String, byte[]>> plainArg = plain.map((token) -> Tuple.of(token, RequestDecoderTest.bytes(token)));
		// Any bytes at all, written as a double-quoted string of \xHH escapes.
		Arbitrary<Tuple.Tuple2<String, byte[]>> hexArg = Arbitraries.bytes().array(byte[].class).ofMaxSize(16)
			.map((bytes) -> Tuple.of(hexQuoted(bytes), bytes));
		Arbitrary<Tuple.Tuple2<String, byte[]>> arg = Arbitraries.frequencyOf(Tuple.of(4, plainArg), Tuple.of(1, hexArg));
		Arbitrary<String> blanks = Arbitraries.strings().withChars(" \t").ofMinLength(1).ofMaxLength(3);
		Arbitrary<String> lineEnd = Arbitraries.of("\r\n", "\n");
		return Combinators.combine(arg.list().ofMinSize(1).ofMaxSize(8), blanks.list().ofSize(9), lineEnd)
			.as((args, gaps, end) -> {
				StringBuilder line = new StringBuilder(gaps.get(0).equals("\t") ? "\t" : "");
				List<byte[]> argv = new ArrayList<>();
				for (int i = 0; i < args.size(); i++) {
					if (i > 0) {
						line.append(gaps.get(i));
					}
					line.append(args.get(i).get1());
					argv.add(args.get(i).get2());
				}
				return Tuple.of(line.append(end).toString(), argv);
			});
	}

	private static String hexQuoted(byte[] bytes) {
		StringBuilder quoted = new StringBuilder("\"");
		for (byte b : bytes) {
			quoted.append("\\x").append(HexFormat.of().toHexDigits(b));
		}
		return quoted.append('"').toString();
	}

}
