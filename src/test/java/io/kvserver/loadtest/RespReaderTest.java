package io.kvserver.loadtest;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.kvserver.loadtest.RespReader.RespError;
import io.kvserver.loadtest.RespReader.RespProtocolException;

import static io.kvserver.loadtest.RespWriterTest.bytes;
import static io.kvserver.loadtest.RespWriterTest.concat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Buffer sizes of 1 and 3 make every reply straddle refills, as replies split across TCP reads do. */
class RespReaderTest {

	@ParameterizedTest
	@ValueSource(ints = { 1, 3, 4096 })
	void everyReplyType(int bufferSize) throws IOException {
		RespReader reader = reader(bufferSize,
				"+OK\r\n-ERR max number of clients reached\r\n:42\r\n:-7\r\n$5\r\nhello\r\n$0\r\n\r\n$-1\r\n*-1\r\n*0\r\n");
		assertThat(reader.read()).isEqualTo("OK");
		assertThat(reader.read()).isEqualTo(new RespError("ERR max number of clients reached"));
		assertThat(reader.read()).isEqualTo(42L);
		assertThat(reader.read()).isEqualTo(-7L);
		assertThat((byte[]) reader.read()).containsExactly(bytes("hello"));
		assertThat((byte[]) reader.read()).isEmpty();
		assertThat(reader.read()).isNull();
		assertThat(reader.read()).isNull();
		assertThat(reader.read()).isEqualTo(List.of());
	}

	@ParameterizedTest
	@ValueSource(ints = { 1, 3, 4096 })
	void nestedArrays(int bufferSize) throws IOException {
		Object reply = reader(bufferSize, "*3\r\n:1\r\n*2\r\n+a\r\n$-1\r\n-ERR x\r\n").read();
		assertThat(reply).isInstanceOf(List.class);
		List<?> items = (List<?>) reply;
		assertThat(items).hasSize(3);
		assertThat(items.get(0)).isEqualTo(1L);
		assertThat(items.get(1)).isEqualTo(Arrays.asList("a", null));
		assertThat(items.get(2)).isEqualTo(new RespError("ERR x"));
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
		RespReader reader = new RespReader(
				new ByteArrayInputStream(concat(bytes("$10000\r\n"), value, bytes("\r\n+after\r\n"))), bufferSize);
		assertThat((byte[]) reader.read()).containsExactly(value);
		assertThat(reader.read()).isEqualTo("after");
	}

	@Test
	void endOfStreamMidReplyIsAnEofException() {
		RespReader reader = reader(16, "$10\r\nhel");
		assertThatExceptionOfType(EOFException.class).isThrownBy(reader::read);
		assertThatExceptionOfType(EOFException.class).isThrownBy(reader(16, "")::read);
	}

	@Test
	void whatIsNotRespIsAProtocolError() {
		assertThatExceptionOfType(RespProtocolException.class).isThrownBy(reader(16, "HTTP/1.1 400\r\n")::read)
			.withMessageContaining("unexpected reply type byte 72");
		assertThatExceptionOfType(RespProtocolException.class).isThrownBy(reader(16, ":12x\r\n")::read)
			.withMessageContaining("not a number: '12x'");
		assertThatExceptionOfType(RespProtocolException.class).isThrownBy(reader(16, "$3\r\nabcd\r\n")::read)
			.withMessageContaining("not terminated by CRLF");
		assertThatExceptionOfType(RespProtocolException.class).isThrownBy(reader(16, "+OK\rX")::read)
			.withMessageContaining("CR not followed by LF");
		assertThatExceptionOfType(RespProtocolException.class)
			.isThrownBy(reader(16, "$9999999999999\r\n")::read)
			.withMessageContaining("too large");
	}

	@Test
	void anEndlessLineIsCutOff() {
		byte[] line = new byte[70_000];
		Arrays.fill(line, (byte) 'a');
		line[0] = '+';
		RespReader reader = new RespReader(new ByteArrayInputStream(line), 4096);
		assertThatExceptionOfType(RespProtocolException.class).isThrownBy(reader::read)
			.withMessageContaining("longer than 65536 bytes");
	}

	private static RespReader reader(int bufferSize, String replies) {
		return new RespReader(new ByteArrayInputStream(bytes(replies)), bufferSize);
	}

}
