package io.kvserver.protocol;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ReplyWriterTest {

	private final ReplyWriter out = new ReplyWriter();

	@Test
	void ok() {
		this.out.ok();
		assertWritten("+OK\r\n");
	}

	@Test
	void simpleString() {
		this.out.simpleString("PONG");
		this.out.simpleString("");
		assertWritten("+PONG\r\n+\r\n");
	}

	@Test
	void errorDropsCrAndLfAtTheEndsAndReplacesInnerOnesWithSpaces() {
		this.out.error("ERR bad\r\nthing\rhere\n");
		this.out.error("\nERR option \r\n\r");
		assertWritten("-ERR bad  thing here\r\n-ERR option \r\n");
	}

	@Test
	void errorKeepsClientBytesUnchanged() {
		this.out.error("ERR unknown command '\u00c3\u00a9\u0000\u00ff'");
		assertThat(this.out.toByteArray())
			.containsExactly(concat(bytes("-ERR unknown command '"), new byte[] { (byte) 0xc3, (byte) 0xa9, 0, (byte) 0xff },
					bytes("'\r\n")));
	}

	@ParameterizedTest
	@CsvSource({ "0, :0", "1, :1", "-1, :-1", "1023, :1023", "1024, :1024", "-1023, :-1023", "-1024, :-1024",
			"9223372036854775807, :9223372036854775807", "-9223372036854775808, :-9223372036854775808",
			"1000000, :1000000", "-10, :-10" })
	void integer(long value, String expected) {
		this.out.integer(value);
		assertWritten(expected + "\r\n");
	}

	@Test
	void integersSideBySideIncludingExtremesInAFreshBuffer() {
		// The extremes need the most room; writing them first into a nearly full buffer checks the growth.
		this.out.bulk(new byte[1024 - 9 - 2]); // "$1013\r\n" + data + "\r\n" = 1022 bytes
		int before = this.out.size();
		this.out.integer(Long.MIN_VALUE);
		this.out.integer(Long.MAX_VALUE);
		this.out.integer(0);
		byte[] all = this.out.toByteArray();
		assertThat(new String(all, before, all.length - before, StandardCharsets.US_ASCII))
			.isEqualTo(":-9223372036854775808\r\n:9223372036854775807\r\n:0\r\n");
	}

	@Test
	void bulk() {
		this.out.bulk(bytes("hello"));
		assertWritten("$5\r\nhello\r\n");
	}

	@Test
	void emptyBulk() {
		this.out.bulk(new byte[0]);
		assertWritten("$0\r\n\r\n");
	}

	@Test
	void binaryBulk() {
		byte[] value = { 0, '\r', '\n', (byte) 0xff, '$', '-', '1' };
		this.out.bulk(value);
		assertThat(this.out.toByteArray()).containsExactly(concat(bytes("$7\r\n"), value, bytes("\r\n")));
	}

	@Test
	void bulkOfARange() {
		this.out.bulk(bytes("xxabcyy"), 2, 3);
		assertWritten("$3\r\nabc\r\n");
	}

	@Test
	void bulkText() {
		this.out.bulkText("a\u00e9");
		assertThat(this.out.toByteArray()).containsExactly(concat(bytes("$3\r\na"), new byte[] { (byte) 0xc3, (byte) 0xa9 }, bytes("\r\n")));
	}

	@Test
	void nullBulkAndNullArray() {
		this.out.nullBulk();
		this.out.nullArray();
		assertWritten("$-1\r\n*-1\r\n");
	}

	@Test
	void arrayHeader() {
		this.out.arrayHeader(0);
		this.out.arrayHeader(3);
		this.out.arrayHeader(Integer.MAX_VALUE);
		assertWritten("*0\r\n*3\r\n*2147483647\r\n");
	}

	@Test
	void repliesAccumulateInOrder() {
		this.out.arrayHeader(2);
		this.out.bulk(bytes("a"));
		this.out.nullBulk();
		this.out.integer(7);
		this.out.error("ERR x");
		assertWritten("*2\r\n$1\r\na\r\n$-1\r\n:7\r\n-ERR x\r\n");
	}

	@Test
	void bufferGrowsForAOneMegabyteBulk() throws IOException {
		byte[] value = new byte[1024 * 1024];
		for (int i = 0; i < value.length; i++) {
			value[i] = (byte) (i % 251);
		}
		this.out.ok();
		this.out.bulk(value);
		this.out.ok();
		byte[] expected = concat(bytes("+OK\r\n$1048576\r\n"), value, bytes("\r\n+OK\r\n"));
		assertThat(this.out.size()).isEqualTo(expected.length);
		ByteArrayOutputStream sink = new ByteArrayOutputStream();
		this.out.writeTo(sink);
		assertThat(sink.toByteArray()).isEqualTo(expected);
	}

	@Test
	void writeToEmptiesTheBufferForTheNextBatch() throws IOException {
		this.out.bulk(new byte[200_000]);
		this.out.writeTo(new ByteArrayOutputStream());
		assertThat(this.out.size()).isZero();
		assertThat(this.out.toByteArray()).isEmpty();

		this.out.integer(42);
		ByteArrayOutputStream sink = new ByteArrayOutputStream();
		this.out.writeTo(sink);
		assertThat(sink.toString(StandardCharsets.US_ASCII)).isEqualTo(":42\r\n");
		this.out.writeTo(sink);
		assertThat(sink.toString(StandardCharsets.US_ASCII)).isEqualTo(":42\r\n");
	}

	@Test
	void toByteArrayDoesNotEmptyTheBuffer() {
		this.out.ok();
		assertThat(this.out.toByteArray()).isEqualTo(this.out.toByteArray());
		assertThat(this.out.size()).isEqualTo(5);
	}

	@Test
	void closeAfterWriteIsAFlag() {
		assertThat(this.out.isCloseAfterWrite()).isFalse();
		this.out.closeAfterWrite();
		assertThat(this.out.isCloseAfterWrite()).isTrue();
	}

	@Test
	void resp2FormsOfTheResp3Types() {
		this.out.mapHeader(2);
		this.out.setHeader(3);
		this.out.bool(true);
		this.out.bool(false);
		this.out.doubleValue(1.5);
		this.out.verbatim("txt", "a\r\nb");
		assertWritten("*4\r\n*3\r\n:1\r\n:0\r\n$3\r\n1.5\r\n$4\r\na\r\nb\r\n");
	}

	@Test
	void resp3Types() {
		this.out.resp3(true);
		this.out.mapHeader(2);
		this.out.setHeader(3);
		this.out.bool(true);
		this.out.bool(false);
		this.out.doubleValue(1.5);
		this.out.doubleValue(Double.NEGATIVE_INFINITY);
		this.out.verbatim("txt", "a\r\nb");
		this.out.nullBulk();
		this.out.nullArray();
		assertWritten("%2\r\n~3\r\n#t\r\n#f\r\n,1.5\r\n,-inf\r\n=8\r\ntxt:a\r\nb\r\n_\r\n_\r\n");
	}

	@Test
	void resp3LeavesTheOtherTypesAlone() {
		this.out.resp3(true);
		this.out.arrayHeader(1);
		this.out.bulk(bytes("x"));
		this.out.integer(5);
		this.out.simpleString("OK");
		this.out.error("ERR e");
		assertWritten("*1\r\n$1\r\nx\r\n:5\r\n+OK\r\n-ERR e\r\n");
		assertThat(this.out.isResp3()).isTrue();
	}

	@Test
	void verbatimLengthCountsBytesOfUtf8AndThePrefix() {
		this.out.resp3(true);
		this.out.verbatim("txt", "\u00e9");
		assertThat(this.out.toByteArray())
			.containsExactly(concat(bytes("=6\r\ntxt:"), new byte[] { (byte) 0xc3, (byte) 0xa9 }, bytes("\r\n")));
	}

	@Test
	void truncateDropsWhatFollowsTheMark() {
		this.out.ok();
		int mark = this.out.size();
		this.out.bulk(new byte[5000]);
		this.out.truncate(mark);
		this.out.integer(1);
		assertWritten("+OK\r\n:1\r\n");
		assertThatIllegalArgumentException().isThrownBy(() -> this.out.truncate(this.out.size() + 1));
	}

	private void assertWritten(String expected) {
		assertThat(new String(this.out.toByteArray(), StandardCharsets.ISO_8859_1)).isEqualTo(expected);
	}

	private static byte[] bytes(String s) {
		return s.getBytes(StandardCharsets.ISO_8859_1);
	}

	private static byte[] concat(byte[]... parts) {
		ByteArrayOutputStream all = new ByteArrayOutputStream();
		for (byte[] part : parts) {
			all.writeBytes(part);
		}
		return all.toByteArray();
	}

}
