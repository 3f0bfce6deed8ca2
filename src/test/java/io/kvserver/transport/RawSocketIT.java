package io.kvserver.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import io.kvserver.command.Session;
import io.kvserver.command.SessionRegistry;
import io.kvserver.support.KvServerIntegrationTest;
import io.kvserver.support.RawConnection;

/**
 * The wire as {@code nc} and hand-written clients use it: inline commands, pipelining, requests
 * split across writes, QUIT and protocol errors. The expected bytes are what Redis 7.0 sends.
 * A bystander connection, open for the whole class, must be unaffected by anything another
 * client does.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(OutputCaptureExtension.class)
class RawSocketIT extends KvServerIntegrationTest {

	@Autowired
	private SessionRegistry sessions;

	private RawConnection bystander;

	@BeforeAll
	void openBystander() {
		this.bystander = connect();
		this.bystander.send("SET raw:bystander still-here\r\n");
		assertThat(this.bystander.readReply()).isEqualTo("+OK\r\n");
	}

	@AfterEach
	void bystanderIsUndisturbed() {
		this.bystander.send("PING\r\nGET raw:bystander\r\n");
		assertThat(this.bystander.readReply()).isEqualTo("+PONG\r\n");
		assertThat(this.bystander.readReply()).isEqualTo("$10\r\nstill-here\r\n");
	}

	@AfterAll
	void closeBystander() {
		this.bystander.close();
	}

	@Test
	void inlineCommandsWithCrlfAsNcSendsThem() {
		try (RawConnection c = connect()) {
			c.send("SET raw:inline 1\r\nGET raw:inline\r\n");
			assertThat(c.read("+OK\r\n$1\r\n1\r\n")).isEqualTo("+OK\r\n$1\r\n1\r\n");
		}
	}

	@Test
	void inlineCommandsWithBareLf() {
		try (RawConnection c = connect()) {
			c.send("SET raw:lf 2\nGET raw:lf\nINCR raw:lf\n");
			assertThat(c.read("+OK\r\n$1\r\n2\r\n:3\r\n")).isEqualTo("+OK\r\n$1\r\n2\r\n:3\r\n");
		}
	}

	@Test
	void emptyInlineLinesAreSkipped() {
		try (RawConnection c = connect()) {
			c.send("\r\n\n   \r\nPING\r\n");
			assertThat(c.readReply()).isEqualTo("+PONG\r\n");
		}
	}

	@Test
	void quotedInlineArguments() {
		try (RawConnection c = connect()) {
			c.send("SET \"raw:k y\" \"a\\x41\\n\"\r\nGET 'raw:k y'\r\nECHO \"tab\\there\"\r\n");
			assertThat(c.readReply()).isEqualTo("+OK\r\n");
			assertThat(c.readReply()).isEqualTo("$3\r\naA\n\r\n");
			assertThat(c.readReply()).isEqualTo("$8\r\ntab\there\r\n");
		}
	}

	@Test
	void aThousandPipelinedCommandsInOneWriteAreAnsweredInOrder() {
		try (RawConnection c = connect()) {
			c.send("DEL raw:pipeline\r\n");
			assertThat(c.readReply()).matches(":[01]\r\n");
			StringBuilder requests = new StringBuilder();
			StringBuilder expected = new StringBuilder();
			for (int i = 1; i <= 1000; i++) {
				requests.append("*2\r\n$4\r\nINCR\r\n$12\r\nraw:pipeline\r\n");
				expected.append(':').append(i).append("\r\n");
			}
			c.send(requests.toString());
			assertThat(c.read(expected.toString())).isEqualTo(expected.toString());
			c.send("GET raw:pipeline\r\n");
			assertThat(c.readReply()).isEqualTo("$4\r\n1000\r\n");
		}
	}

	@Test
	void commandsSplitByteByByteAcrossWrites() {
		byte[] requests = ("*3\r\n$3\r\nSET\r\n$8\r\nraw:bbyb\r\n$5\r\nhel\0o\r\n" + "GET raw:bbyb\r\n"
				+ "*2\r\n$3\r\nGET\r\n$8\r\nraw:bbyb\r\n")
			.getBytes(StandardCharsets.ISO_8859_1);
		try (RawConnection c = connect()) {
			for (byte b : requests) {
				c.send(new byte[] { b });
			}
			assertThat(c.readReply()).isEqualTo("+OK\r\n");
			assertThat(c.readReply()).isEqualTo("$5\r\nhel\0o\r\n");
			assertThat(c.readReply()).isEqualTo("$5\r\nhel\0o\r\n");
		}
	}

	@Test
	void bigArgumentSplitAtAwkwardPlaces() {
		byte[] value = new byte[100_000];
		for (int i = 0; i < value.length; i++) {
			value[i] = (byte) (i * 31);
		}
		ByteArrayOutputStream request = new ByteArrayOutputStream();
		request.writeBytes("*3\r\n$3\r\nSET\r\n$7\r\nraw:big\r\n$100000\r\n".getBytes(StandardCharsets.US_ASCII));
		request.writeBytes(value);
		request.writeBytes("\r\nGET raw:big\r\n".getBytes(StandardCharsets.US_ASCII));
		byte[] bytes = request.toByteArray();
		int dataStart = bytes.length - value.length - "\r\nGET raw:big\r\n".length();
		// Cuts inside the length header, inside the data and between the data's CR and LF.
		int[] cuts = { 30, dataStart + 1, dataStart + 40_000, dataStart + value.length + 1, bytes.length };
		try (RawConnection c = connect()) {
			int from = 0;
			for (int cut : cuts) {
				c.send(Arrays.copyOfRange(bytes, from, cut));
				from = cut;
			}
			assertThat(c.readReply()).isEqualTo("+OK\r\n");
			assertThat(c.read("$100000\r\n")).isEqualTo("$100000\r\n");
			assertThat(c.readBytes(value.length)).isEqualTo(value);
			assertThat(c.read("\r\n")).isEqualTo("\r\n");
		}
	}

	@Test
	void quitRepliesOkThenCloses() {
		try (RawConnection c = connect()) {
			c.send("QUIT\r\n");
			assertThat(c.read("+OK\r\n")).isEqualTo("+OK\r\n");
			assertThat(c.isClosedByServer()).isTrue();
		}
	}

	@Test
	void nothingPipelinedAfterQuitRuns() {
		try (RawConnection c = connect()) {
			c.send("SET raw:quit before\r\nQUIT\r\nSET raw:quit after\r\n");
			assertThat(c.read("+OK\r\n+OK\r\n")).isEqualTo("+OK\r\n+OK\r\n");
			assertThat(c.isClosedByServer()).isTrue();
		}
		try (RawConnection c = connect()) {
			c.send("GET raw:quit\r\n");
			assertThat(c.readReply()).isEqualTo("$6\r\nbefore\r\n");
		}
	}

	static Stream<Arguments> protocolErrors() {
		return Stream.of(Arguments.of("invalid multibulk count", "*abc\r\nPING\r\n", "invalid multibulk length"),
				Arguments.of("invalid bulk length", "*1\r\n$x\r\nPING\r\n", "invalid bulk length"),
				Arguments.of("bulk length over proto-max-bulk-len", "*1\r\n$536870913\r\n", "invalid bulk length"),
				Arguments.of("'$' expected", "*1\r\n+PING\r\n", "expected '$', got '+'"),
				Arguments.of("unbalanced quotes", "SET \"raw:a b\r\nPING\r\n", "unbalanced quotes in request"),
				// Nothing may follow: a newline would end the inline command instead.
				Arguments.of("inline request over 64 KiB without a newline", "x".repeat(64 * 1024 + 1),
						"too big inline request"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("protocolErrors")
	void protocolErrorIsAnsweredAfterEarlierCommandsThenTheConnectionCloses(String description, String badFrame,
			String error) {
		String key = "raw:proto:" + description.hashCode();
		try (RawConnection c = connect()) {
			c.send("SET " + key + " 1\r\nINCR " + key + "\r\n" + badFrame);
			String expected = "+OK\r\n:2\r\n-ERR Protocol error: " + error + "\r\n";
			assertThat(c.read(expected)).isEqualTo(expected);
			assertThat(c.isClosedByServer()).as("closed after the protocol error").isTrue();
		}
		// The commands before the bad frame ran; what followed it did not.
		try (RawConnection c = connect()) {
			c.send("GET " + key + "\r\n");
			assertThat(c.readReply()).isEqualTo("$1\r\n2\r\n");
		}
	}

	@Test
	void aClientResettingItsConnectionIsAnOrdinaryHangUpNotAnError(CapturedOutput output) throws IOException {
		// Jedis closes with SO_LINGER 0, and a crashed client's kernel resets too; Redis logs
		// "Connection reset by peer" only at verbose level.
		int logStart = output.getAll().length();
		Set<Long> ids = new HashSet<>();
		for (int i = 0; i < 3; i++) {
			try (Socket socket = new Socket("127.0.0.1", port())) {
				socket.setSoTimeout(10_000);
				socket.getOutputStream().write("CLIENT ID\r\n".getBytes(StandardCharsets.US_ASCII));
				StringBuilder reply = new StringBuilder();
				for (int b; (b = socket.getInputStream().read()) != '\n';) {
					assertThat(b).as("reply to CLIENT ID").isNotNegative();
					reply.append((char) b);
				}
				assertThat(reply).matches(":\\d+\r");
				ids.add(Long.parseLong(reply.substring(1, reply.length() - 1)));
				socket.setSoLinger(true, 0);
			}
		}
		await().atMost(Duration.ofSeconds(10)).untilAsserted(
				() -> assertThat(this.sessions.all()).extracting(Session::id).doesNotContainAnyElementsOf(ids));
		assertThat(output.getAll().substring(logStart)).doesNotContain(" ERROR ");
	}

	@Test
	void clientsDoNotSeeEachOthersPartialRequests() {
		try (RawConnection first = connect(); RawConnection second = connect()) {
			first.send("*3\r\n$3\r\nSET\r\n$10\r\nraw:interl\r\n$3\r\no");
			second.send("*3\r\n$3\r\nSET\r\n$10\r\nraw:interl\r\n$3\r\ntwo\r\n");
			assertThat(second.readReply()).isEqualTo("+OK\r\n");
			first.send("ne\r\nGET raw:interl\r\n");
			assertThat(first.readReply()).isEqualTo("+OK\r\n");
			assertThat(first.readReply()).isEqualTo("$3\r\none\r\n");
		}
	}

}
