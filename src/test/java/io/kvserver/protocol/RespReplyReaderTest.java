package io.kvserver.protocol;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.assertj.core.api.ObjectAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.kvserver.protocol.RespReplyReader.MalformedReplyException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The one RESP reply parser the load-test runner and the tests share. Buffer sizes of 1 and 3 make
 * every reply straddle refills, as replies split across TCP reads do.
 */
class RespReplyReaderTest {

	@ParameterizedTest
	@ValueSource(ints = { 1, 3, 4096 })
	void everyResp2Type(int bufferSize) throws IOException {
		RespReplyReader reader = reader(bufferSize,
				"+OK\r\n-ERR max number of clients reached\r\n:42\r\n:-7\r\n$5\r\nhello\r\n$0\r\n\r\n$-1\r\n*-1\r\n*0\r\n");
		assertReply(reader.readReply(), '+', "OK", null, 0).extracting(RespReply::text).isEqualTo("OK");
		RespReply error = reader.readReply();
		assertThat(error.isError()).isTrue();
		assertThat(error.line()).isEqualTo("ERR max number of clients reached");
		assertReply(reader.readReply(), ':', "42", null, 0);
		assertReply(reader.readReply(), ':', "-7", null, 0);
		assertReply(reader.readReply(), '$', "5", "hello", 0).extracting(RespReply::text).isEqualTo("hello");
		assertReply(reader.readReply(), '$', "0", "", 0);
		assertReply(reader.readReply(), '$', "-1", null, 0).extracting(RespReply::text).isNull();
		assertReply(reader.readReply(), '*', "-1", null, 0);
		assertReply(reader.readReply(), '*', "0", null, 0);
		assertThat(reader.read()).as("nothing left").isEqualTo(-1);
	}

	@ParameterizedTest
	@ValueSource(ints = { 1, 3, 4096 })
	void everyResp3Type(int bufferSize) throws IOException {
		String replies = "_\r\n#t\r\n,3.14\r\n(3492890328409238509324850943850943825024385\r\n=15\r\ntxt:Some string\r\n"
				+ "!21\r\nSYNTAX invalid syntax\r\n~2\r\n+a\r\n:1\r\n>2\r\n$7\r\nmessage\r\n$2\r\nhi\r\n"
				+ "%2\r\n+first\r\n:1\r\n+second\r\n*1\r\n:2\r\n";
		RespReplyReader reader = reader(bufferSize, replies);
		assertReply(reader.readReply(), '_', "", null, 0);
		assertReply(reader.readReply(), '#', "t", null, 0);
		assertReply(reader.readReply(), ',', "3.14", null, 0);
		assertReply(reader.readReply(), '(', "3492890328409238509324850943850943825024385", null, 0);
		assertReply(reader.readReply(), '=', "15", "txt:Some string", 0);
		assertThat(reader.readReply().isError()).as("blob error").isTrue();
		assertReply(reader.readReply(), '~', "2", null, 2);
		assertReply(reader.readReply(), '>', "2", null, 2);
		RespReply map = reader.readReply();
		assertReply(map, '%', "2", null, 4);
		assertThat(map.children().get(2).text()).isEqualTo("second");
		assertThat(map.children().get(3).children()).hasSize(1);
	}

	@Test
	void anAttributeComesWithTheReplyItDescribes() throws IOException {
		RespReplyReader reader = reader(3, "|1\r\n+key-popularity\r\n%1\r\n$1\r\na\r\n,0.19\r\n*1\r\n:2039\r\n+next\r\n");
		RespReply described = reader.readReply();
		assertReply(described, '|', "1", null, 3);
		assertThat(described.children().get(2).toBytes()).isEqualTo(bytes("*1\r\n:2039\r\n"));
		assertThat(reader.readReply().text()).isEqualTo("next");
	}

	@Test
	void toBytesGivesBackExactlyWhatWasRead() throws IOException {
		String replies = "*3\r\n:1\r\n*2\r\n+a\r\n$-1\r\n-ERR x\r\n%1\r\n$2\r\nid\r\n:7\r\n=9\r\ntxt:a\r\nb\n\r\n";
		RespReplyReader reader = reader(2, replies);
		ByteArrayOutputStream again = new ByteArrayOutputStream();
		for (int i = 0; i < 3; i++) {
			again.writeBytes(reader.readReply().toBytes());
		}
		assertThat(again.toString(StandardCharsets.ISO_8859_1)).isEqualTo(replies);
	}

	@ParameterizedTest
	@ValueSource(ints = { 1, 3, 4096 })
	void bulkIsBinarySafeAndMayBeLargerThanTheBuffer(int bufferSize) throws IOException {
		byte[] value = new byte[10_000];
		for (int i = 0; i < value.length; i++) {
			value[i] = (byte) i;
		}
		value[10] = '\r';
		value[11] = '\n';
		RespReplyReader reader = new RespReplyReader(
				new ByteArrayInputStream(concat(bytes("$10000\r\n"), value, bytes("\r\n+after\r\n"))), bufferSize);
		assertThat(reader.readReply().payload()).containsExactly(value);
		assertThat(reader.readReply().text()).isEqualTo("after");
	}

	@Test
	void aHugeDeclaredLengthAllocatesNothingBeforeItsBytes() {
		// 2 GB declared, 3 bytes sent: an up-front allocation would throw OutOfMemoryError here
		RespReplyReader reader = reader(16, "$2147483640\r\nabc");
		assertThatExceptionOfType(EOFException.class).isThrownBy(reader::readReply);
		assertThatExceptionOfType(EOFException.class).isThrownBy(reader(16, "*2147483647\r\n:1\r\n")::readReply);
	}

	@Test
	void endOfStreamMidReplyIsAnEofException() {
		assertThatExceptionOfType(EOFException.class).isThrownBy(reader(16, "$10\r\nhel")::readReply);
		assertThatExceptionOfType(EOFException.class).isThrownBy(reader(16, "*2\r\n:1\r\n")::readReply);
		assertThatExceptionOfType(EOFException.class).isThrownBy(reader(16, "")::readReply);
	}

	@Test
	void whatIsNotRespIsMalformed() {
		assertMalformed("HTTP/1.1 400\r\n", "unexpected reply type byte 72");
		assertMalformed(":12x\r\n", "not a number: '12x'");
		assertMalformed("$3\r\nabcd\r\n", "not terminated by CRLF");
		assertMalformed("+OK\rX", "CR not followed by LF");
		assertMalformed("$9999999999999\r\n", "too large");
		assertMalformed("$-2\r\n", "not a length: '-2'");
		assertMalformed("*x\r\n", "not a length: 'x'");
		assertMalformed("#x\r\n", "not a boolean");
		assertMalformed("*1\r\n".repeat(600), "nested more than 512 deep");
		byte[] line = new byte[70_000];
		Arrays.fill(line, (byte) 'a');
		line[0] = '+';
		assertThatExceptionOfType(MalformedReplyException.class)
			.isThrownBy(new RespReplyReader(new ByteArrayInputStream(line), 4096)::readReply)
			.withMessageContaining("longer than 65536 bytes");
	}

	@Test
	void copyToKeepsEveryByteEvenOfAReplyCutShort() throws IOException {
		RespReplyReader reader = reader(4, "+OK\r\n*2\r\n$3\r\nab");
		ByteArrayOutputStream got = new ByteArrayOutputStream();
		reader.copyTo(got);
		reader.readReply();
		assertThatExceptionOfType(EOFException.class).isThrownBy(reader::readReply);
		assertThat(got.toString(StandardCharsets.ISO_8859_1)).isEqualTo("+OK\r\n*2\r\n$3\r\nab");
		reader.copyTo(null);
		assertThat(reader.read()).isEqualTo(-1);
	}

	@Test
	void rawBytesAndRepliesInterleaveOnOneBuffer() throws IOException {
		RespReplyReader reader = reader(4096, "+first\r\nRAW:1\r\n:2\r\nrest");
		assertThat(reader.readReply().text()).isEqualTo("first");
		assertThat(reader.readNBytes(7)).isEqualTo(bytes("RAW:1\r\n"));
		assertThat(reader.readReply().line()).isEqualTo("2");
		assertThat(reader.readAllBytes()).isEqualTo(bytes("rest"));
	}

	@Test
	void parseTakesExactlyOneReply() {
		assertThat(RespReplyReader.parse(bytes("*2\r\n$1\r\nb\r\n$1\r\na\r\n"))).isNotNull();
		assertThat(RespReplyReader.parse(bytes("*2\r\n$1\r\nb\r\n"))).as("cut short").isNull();
		assertThat(RespReplyReader.parse(bytes(":1\r\n:2\r\n"))).as("two replies").isNull();
		assertThat(RespReplyReader.parse(bytes("?\r\n"))).as("not RESP").isNull();
	}

	@Test
	void aStreamThatReturnsNoBytesWithoutEndingIsAnError() {
		InputStream nothing = new InputStream() {
			@Override
			public int read() {
				return 0;
			}

			@Override
			public int read(byte[] b, int off, int len) {
				return 0;
			}
		};
		assertThatExceptionOfType(IOException.class).isThrownBy(new RespReplyReader(nothing, 16)::readReply)
			.withMessageContaining("not a blocking stream");
	}

	private static ObjectAssert<RespReply> assertReply(RespReply reply, char type, String line,
			String payload, int children) {
		assertThat(reply.type()).isEqualTo(type);
		assertThat(reply.line()).isEqualTo(line);
		if (payload == null) {
			assertThat(reply.payload()).isNull();
		}
		else {
			assertThat(reply.payload()).isEqualTo(bytes(payload));
		}
		assertThat(reply.children()).hasSize(children);
		return assertThat(reply);
	}

	private static void assertMalformed(String replies, String message) {
		assertThatExceptionOfType(MalformedReplyException.class).isThrownBy(reader(16, replies)::readReply)
			.withMessageContaining(message);
	}

	private static RespReplyReader reader(int bufferSize, String replies) {
		return new RespReplyReader(new ByteArrayInputStream(bytes(replies)), bufferSize);
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.ISO_8859_1);
	}

	private static byte[] concat(byte[]... parts) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (byte[] part : parts) {
			out.writeBytes(part);
		}
		return out.toByteArray();
	}

}
