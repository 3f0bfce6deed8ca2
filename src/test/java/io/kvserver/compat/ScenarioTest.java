package io.kvserver.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.kvserver.compat.Scenario.Read;
import io.kvserver.compat.Scenario.Step;

import io.kvserver.protocol.RespReply;
import io.kvserver.protocol.RespReplyReader;

/** The scenario format itself: a wrong byte here would make the differential test compare the wrong thing. */
class ScenarioTest {

	@TempDir
	Path dir;

	@Test
	void everyLineKindBecomesTheBytesItDescribes() throws IOException {
		List<Scenario> scenarios = parse("""
				# comment
				=== first
				SET a "b c"
				raw: *1\\r\\n$4\\r\\nPING\\r\\n
				raw/2: PING\\r\\nPING\\r\\n
				raw/0: \\{3:ab}\\x00
				resp: SET a\\0b ""
				type: INFO
				unordered: KEYS *

				=== second
				raw/close: *abc\\r\\n
				""");
		assertThat(scenarios).extracting(Scenario::name).containsExactly("first", "second");
		List<Step> steps = scenarios.get(0).steps();
		assertThat(text(steps.get(0))).isEqualTo("SET a \"b c\"\r\n");
		assertThat(text(steps.get(1))).isEqualTo("*1\r\n$4\r\nPING\r\n");
		assertThat(steps.get(2).replies()).isEqualTo(2);
		assertThat(text(steps.get(3))).isEqualTo("ababab\0");
		assertThat(steps.get(3).replies()).isZero();
		assertThat(text(steps.get(4))).isEqualTo("*3\r\n$3\r\nSET\r\n$3\r\na\0b\r\n$0\r\n\r\n");
		assertThat(steps.get(5).read()).isEqualTo(Read.TYPE_ONLY);
		assertThat(text(steps.get(5))).isEqualTo("INFO\r\n");
		assertThat(steps.get(6).read()).isEqualTo(Read.UNORDERED);
		assertThat(scenarios.get(1).steps().get(0).read()).isEqualTo(Read.UNTIL_CLOSED);
	}

	@Test
	void malformedFilesAreRejectedWithTheirLine() {
		assertThatIllegalArgumentException().isThrownBy(() -> parse("PING\n")).withMessageContaining(":1:");
		assertThatIllegalArgumentException().isThrownBy(() -> parse("=== a\nraw/close: x\nPING\n"))
			.withMessageContaining(":3:");
		assertThatIllegalArgumentException().isThrownBy(() -> parse("=== a\nraw: \\q\n")).withMessageContaining("\\q");
		assertThatIllegalArgumentException().isThrownBy(() -> parse("=== empty\n=== b\nPING\n"))
			.withMessageContaining("no requests");
	}

	@Test
	void escapedBytesShowAsTheyWereWritten() {
		byte[] bytes = ByteEscapes.decode("a\\r\\n\\0\\xff\\\\\\\"");
		assertThat(bytes).containsExactly('a', '\r', '\n', 0, 0xff, '\\', '"');
		assertThat(ByteEscapes.show(bytes)).isEqualTo("a\\r\\n\\x00\\xff\\\\\\\"");
		assertThat(ByteEscapes.show(new byte[700], 2)).isEqualTo("\\x00\\x00...(700 bytes in all)");
	}

	@Test
	void maskedAndUnorderedSteps() throws IOException {
		List<Step> steps = parse("""
				=== a
				masked(id,addr): CLIENT INFO
				unordered: CONFIG GET *
				""").get(0).steps();
		assertThat(steps.get(0).read()).isEqualTo(Read.MASKED);
		assertThat(steps.get(0).masked()).containsExactlyInAnyOrder("id", "addr");
		assertThat(text(steps.get(0))).isEqualTo("CLIENT INFO\r\n");
		assertThat(steps.get(1).masked()).isEmpty();
	}

	@Test
	void repliesParseIntoTreesAndBackToTheSameBytes() {
		for (String reply : List.of("+OK\r\n", "$-1\r\n", "*-1\r\n", "_\r\n", ":5\r\n", ",1.5\r\n", "#t\r\n",
				"$3\r\na\r\n\r\n", "=8\r\ntxt:a\r\nb\r\n", "*2\r\n$1\r\nb\r\n*1\r\n:1\r\n",
				"%1\r\n$1\r\nk\r\n~2\r\n+a\r\n+b\r\n")) {
			assertThat(RespReplyReader.parse(latin1(reply))).as(reply).isNotNull();
			assertThat(text(RespReplyReader.parse(latin1(reply)).toBytes())).isEqualTo(reply);
		}
		assertThat(RespReplyReader.parse(latin1("*2\r\n$1\r\nb\r\n"))).as("cut short").isNull();
		assertThat(RespReplyReader.parse(latin1(":1\r\n:2\r\n"))).as("two replies").isNull();
	}

	@Test
	void maskingReplacesValuesOfNamedFieldsOnly() {
		RespReply hello = RespReplyReader.parse(latin1("%2\r\n$2\r\nid\r\n:42\r\n$5\r\nproto\r\n:3\r\n"));
		assertThat(text(Replies.masked(hello, Set.of("id")).toBytes()))
			.isEqualTo("%2\r\n$2\r\nid\r\n+<masked>\r\n$5\r\nproto\r\n:3\r\n");
		RespReply info = RespReplyReader.parse(latin1("=29\r\ntxt:id=7 addr=1.2.3.4:5 db=0\n\r\n"));
		assertThat(text(Replies.masked(info, Set.of("id", "addr")).toBytes()))
			.isEqualTo("=35\r\ntxt:id=<masked> addr=<masked> db=0\n\r\n");
		RespReply lines = RespReplyReader.parse(latin1("$28\r\n# Server\r\nuptime:12\r\nhz:10\r\n\r\n"));
		assertThat(text(Replies.masked(lines, Set.of("uptime")).toBytes())).contains("uptime:<masked>\r\nhz:10");
	}

	@Test
	void sortingOrdersArraysSetsAndMapEntries() {
		assertThat(text(Replies.sorted(RespReplyReader.parse(latin1("*2\r\n$1\r\nb\r\n$1\r\na\r\n"))).toBytes()))
			.isEqualTo("*2\r\n$1\r\na\r\n$1\r\nb\r\n");
		assertThat(text(Replies.sorted(RespReplyReader.parse(latin1("%2\r\n$1\r\nz\r\n:1\r\n$1\r\na\r\n:2\r\n"))).toBytes()))
			.isEqualTo("%2\r\n$1\r\na\r\n:2\r\n$1\r\nz\r\n:1\r\n");
	}

	private List<Scenario> parse(String content) throws IOException {
		Path file = this.dir.resolve("s.txt");
		Files.writeString(file, content, StandardCharsets.ISO_8859_1);
		return Scenario.parse(file);
	}

	private static String text(Step step) {
		return text(step.request());
	}

	private static String text(byte[] bytes) {
		return new String(bytes, StandardCharsets.ISO_8859_1);
	}

	private static byte[] latin1(String s) {
		return s.getBytes(StandardCharsets.ISO_8859_1);
	}

}
