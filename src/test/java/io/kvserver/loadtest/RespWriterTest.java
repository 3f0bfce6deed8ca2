package io.kvserver.loadtest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RespWriterTest {

	private final RespWriter writer = new RespWriter();

	@Test
	void commandIsAMultibulkOfBulkStrings() {
		this.writer.command(bytes("SET"), bytes("count"), bytes("42"));
		assertThat(text(this.writer.toByteArray())).isEqualTo("*3\r\n$3\r\nSET\r\n$5\r\ncount\r\n$2\r\n42\r\n");
	}

	@Test
	void argumentsAreBinarySafe() {
		byte[] value = { 0, '\r', '\n', (byte) 0xff, '$', '*' };
		this.writer.command(bytes("SET"), bytes("k"), value, new byte[0]);
		byte[] expected = concat(bytes("*4\r\n$3\r\nSET\r\n$1\r\nk\r\n$6\r\n"), value, bytes("\r\n$0\r\n\r\n"));
		assertThat(this.writer.toByteArray()).containsExactly(expected);
	}

	@Test
	void commandsQueueUpUntilFlushedInOneWriteThenStartOver() throws IOException {
		this.writer.command(bytes("GET"), bytes("count")).command(bytes("PING"));
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		this.writer.flushTo(out);
		assertThat(out.toString(StandardCharsets.US_ASCII)).isEqualTo("*2\r\n$3\r\nGET\r\n$5\r\ncount\r\n*1\r\n$4\r\nPING\r\n");
		assertThat(this.writer.toByteArray()).isEmpty();
		this.writer.command(bytes("PING"));
		this.writer.flushTo(out);
		assertThat(out.toString(StandardCharsets.US_ASCII)).endsWith("PING\r\n*1\r\n$4\r\nPING\r\n");
	}

	@Test
	void growsForValuesLargerThanItsBuffer() {
		byte[] value = new byte[100_000];
		Arrays.fill(value, (byte) 'v');
		this.writer.command(bytes("SET"), bytes("big"), value);
		byte[] written = this.writer.toByteArray();
		String header = "*3\r\n$3\r\nSET\r\n$3\r\nbig\r\n$100000\r\n";
		assertThat(written).hasSize(header.length() + value.length + 2);
		assertThat(text(Arrays.copyOf(written, header.length()))).isEqualTo(header);
		assertThat(written[written.length - 3]).isEqualTo((byte) 'v');
	}

	@Test
	void lengthsWithSeveralDigits() {
		byte[][] args = new byte[12][];
		Arrays.fill(args, bytes("x"));
		this.writer.command(args);
		assertThat(text(this.writer.toByteArray())).startsWith("*12\r\n$1\r\nx\r\n");
		this.writer.command(new byte[1234]);
		assertThat(text(this.writer.toByteArray())).contains("*1\r\n$1234\r\n");
	}

	static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.ISO_8859_1);
	}

	static String text(byte[] bytes) {
		return new String(bytes, StandardCharsets.ISO_8859_1);
	}

	static byte[] concat(byte[]... parts) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (byte[] part : parts) {
			out.writeBytes(part);
		}
		return out.toByteArray();
	}

}
