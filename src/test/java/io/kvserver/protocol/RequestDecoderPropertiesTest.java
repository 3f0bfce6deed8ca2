package io.kvserver.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * However the bytes of a pipeline are cut into reads, the decoder yields exactly the requests
 * that were encoded, in order. Each case is generated from its seed, so a failure names the seed
 * that reproduces it.
 */
class RequestDecoderPropertiesTest {

	private static final String PLAIN_CHARS =
			"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-:.,!?@#$%^&+=<>/[]{}()~`|;";

	private static final String[] SKIPPED = { "\r\n", "\n", " \t\r\n", "*0\r\n", "*-1\r\n" };

	static LongStream seeds() {
		return LongStream.range(0, 300);
	}

	@ParameterizedTest(name = "seed {0}")
	@MethodSource("seeds")
	void respRequestsSurviveAnyChunking(long seed) throws IOException {
		Random random = new Random(seed);
		ByteArrayOutputStream wire = new ByteArrayOutputStream();
		List<List<byte[]>> expected = new ArrayList<>();
		for (int i = 1 + random.nextInt(20); i > 0; i--) {
			List<byte[]> argv = argv(random);
			wire.writeBytes(RequestDecoderTest.resp(argv.toArray(new byte[0][])));
			expected.add(argv);
		}
		assertDecodesTo(wire.toByteArray(), chunkSizes(random), expected);
	}

	@ParameterizedTest(name = "seed {0}")
	@MethodSource("seeds")
	void inlineRequestsSurviveAnyChunking(long seed) throws IOException {
		Random random = new Random(seed);
		ByteArrayOutputStream wire = new ByteArrayOutputStream();
		List<List<byte[]>> expected = new ArrayList<>();
		for (int i = 1 + random.nextInt(20); i > 0; i--) {
			List<byte[]> argv = new ArrayList<>();
			wire.writeBytes(RequestDecoderTest.bytes(inlineRequest(random, argv)));
			expected.add(argv);
		}
		assertDecodesTo(wire.toByteArray(), chunkSizes(random), expected);
	}

	@ParameterizedTest(name = "seed {0}")
	@MethodSource("seeds")
	void mixedInlineAndRespRequestsSurviveAnyChunking(long seed) throws IOException {
		Random random = new Random(seed);
		ByteArrayOutputStream wire = new ByteArrayOutputStream();
		List<List<byte[]>> expected = new ArrayList<>();
		for (int i = 1 + random.nextInt(20); i > 0; i--) {
			if (random.nextInt(3) == 0) {
				wire.writeBytes(RequestDecoderTest.bytes(SKIPPED[random.nextInt(SKIPPED.length)]));
			}
			if (random.nextBoolean()) {
				List<byte[]> argv = new ArrayList<>();
				wire.writeBytes(RequestDecoderTest.bytes(inlineRequest(random, argv)));
				expected.add(argv);
			}
			else {
				List<byte[]> argv = argv(random);
				wire.writeBytes(RequestDecoderTest.resp(argv.toArray(new byte[0][])));
				expected.add(argv);
			}
		}
		assertDecodesTo(wire.toByteArray(), chunkSizes(random), expected);
	}

	private static void assertDecodesTo(byte[] wire, List<Integer> chunks, List<List<byte[]>> expected)
			throws IOException {
		List<byte[][]> decoded = RequestDecoderTest.readAllRequests(new RequestDecoder(ProtocolLimits.REDIS_DEFAULTS),
				new ChunkedInputStream(wire, chunks));
		assertThat(decoded).as("chunks %s", chunks).hasSameSizeAs(expected);
		for (int i = 0; i < expected.size(); i++) {
			assertThat(decoded.get(i)).as("request %d, chunks %s", i, chunks)
				.isDeepEqualTo(expected.get(i).toArray(new byte[0][]));
		}
	}

	/** One to six arguments: mostly small binary ones, some empty, now and then one around or past the 32 KiB big-argument threshold. */
	private static List<byte[]> argv(Random random) {
		List<byte[]> argv = new ArrayList<>();
		for (int i = 1 + random.nextInt(6); i > 0; i--) {
			int kind = random.nextInt(36);
			int size = kind < 30 ? random.nextInt(65)
					: kind < 35 ? 0 : RequestDecoder.BIG_ARG - 3 + random.nextInt(2 * RequestDecoder.BIG_ARG + 4);
			byte[] arg = new byte[size];
			random.nextBytes(arg);
			argv.add(arg);
		}
		return argv;
	}

	/** Read sizes: byte by byte, tiny reads, or reads of up to 100,000 bytes, repeating. */
	private static List<Integer> chunkSizes(Random random) {
		int kind = random.nextInt(7);
		if (kind == 0) {
			return List.of(1);
		}
		int max = kind <= 3 ? 20 : 100_000;
		List<Integer> sizes = new ArrayList<>();
		for (int i = 1 + random.nextInt(8); i > 0; i--) {
			sizes.add(1 + random.nextInt(max));
		}
		return sizes;
	}

	/**
	 * The wire text of an inline request; its argv is added to {@code argv}. Plain tokens never
	 * start with '*' (that would make a multibulk header) and hold no blank or quote; one argument
	 * in five is any bytes at all, written as a double-quoted string of \xHH escapes.
	 */
	private static String inlineRequest(Random random, List<byte[]> argv) {
		StringBuilder line = new StringBuilder(random.nextInt(4) == 0 ? "\t" : "");
		for (int i = 1 + random.nextInt(8), first = 1; i > 0; i--, first = 0) {
			if (first == 0) {
				line.append(blanks(random));
			}
			if (random.nextInt(5) == 0) {
				byte[] bytes = new byte[random.nextInt(17)];
				random.nextBytes(bytes);
				line.append(hexQuoted(bytes));
				argv.add(bytes);
			}
			else {
				StringBuilder token = new StringBuilder();
				for (int n = 1 + random.nextInt(12); n > 0; n--) {
					token.append(PLAIN_CHARS.charAt(random.nextInt(PLAIN_CHARS.length())));
				}
				line.append(token);
				argv.add(RequestDecoderTest.bytes(token.toString()));
			}
		}
		return line.append(random.nextBoolean() ? "\r\n" : "\n").toString();
	}

	private static String blanks(Random random) {
		StringBuilder blanks = new StringBuilder();
		for (int n = 1 + random.nextInt(3); n > 0; n--) {
			blanks.append(random.nextBoolean() ? ' ' : '\t');
		}
		return blanks.toString();
	}

	private static String hexQuoted(byte[] bytes) {
		StringBuilder quoted = new StringBuilder("\"");
		for (byte b : bytes) {
			quoted.append("\\x").append(HexFormat.of().toHexDigits(b));
		}
		return quoted.append('"').toString();
	}

}
