package io.kvserver.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link InlineSplitter} against Redis's sdssplitargs; the trickier cases were checked by sending
 * the same inline lines to redis-server 7.0 (ECHO shows the argument bytes it received).
 */
class InlineSplitterTest {

	@Test
	void splitsOnBlanks() {
		assertThat(split("SET  key\tvalue ")).containsExactly("SET", "key", "value");
		assertThat(split("  \t PING")).containsExactly("PING");
	}

	@Test
	void emptyOrBlankLineHasNoArguments() {
		assertThat(split("")).isEmpty();
		assertThat(split(" \t\u000b\f\r\n ")).isEmpty();
	}

	@Test
	void doubleQuotesTakeHexAndBackslashEscapes() {
		// The same line Redis echoed back as "A\n\r\t\b\a\\\"zx4".
		assertThat(split("ECHO \"\\x41\\n\\r\\t\\b\\a\\\\\\\"z\\x4\""))
			.containsExactly("ECHO", "A\n\r\t\b\u0007\\\"zx4");
	}

	@Test
	void hexEscapeTakesEitherCaseAndAnyByte() {
		byte[] line = bytes("\"\\x00\\xff\\xAb\\x7F\"");
		byte[][] argv = InlineSplitter.split(line, 0, line.length);
		assertThat(argv).hasNumberOfRows(1);
		assertThat(argv[0]).containsExactly(0x00, 0xff, 0xab, 0x7f);
	}

	@Test
	void incompleteOrInvalidHexEscapeIsAnOrdinaryEscape() {
		assertThat(split("\"\\xzz\"")).containsExactly("xzz");
		assertThat(split("\"\\x4g\"")).containsExactly("x4g");
		assertThat(split("\"\\x4\"")).containsExactly("x4");
		assertThat(split("\"\\q\\'\"")).containsExactly("q'");
	}

	@Test
	void doubleQuotesKeepBlanksAndSingleQuotes() {
		assertThat(split("SET \"a b\t'c'\" v")).containsExactly("SET", "a b\t'c'", "v");
	}

	@Test
	void singleQuotesTakeOnlyEscapedSingleQuote() {
		// Redis echoed 'a\'b\n' back as the five bytes a'b\n.
		assertThat(split("'a\\'b\\n'")).containsExactly("a'b\\n");
		assertThat(split("'a\\\\b \"c\"'")).containsExactly("a\\\\b \"c\"");
	}

	@Test
	void emptyQuotesAreAnEmptyArgument() {
		assertThat(split("ECHO \"\" ''")).containsExactly("ECHO", "", "");
	}

	@Test
	void quoteInsideATokenContinuesThatToken() {
		assertThat(split("a\"b c\" d")).containsExactly("ab c", "d");
		assertThat(split("x'y z'")).containsExactly("xy z");
	}

	@ParameterizedTest
	@ValueSource(strings = { "\"a\"b", "'a'b", "ECHO \"a\"\"b\"", "a\"b c\"d", "\"\"x", "'''" })
	void closingQuoteFollowedByNonBlankIsUnbalanced(String line) {
		assertThat(InlineSplitter.split(bytes(line), 0, line.length())).isNull();
	}

	@ParameterizedTest
	@ValueSource(strings = { "\"a\"\u000b", "\"a\"\f", "\"a\" ", "\"a\"\t", "'a'\u000bb" })
	void closingQuoteFollowedByAnyBlankIsFine(String line) {
		assertThat(InlineSplitter.split(bytes(line), 0, line.length())).isNotNull();
	}

	@ParameterizedTest
	@ValueSource(strings = { "\"abc", "'abc", "ECHO \"abc\\", "\"abc\\\"", "'abc\\'", "\"", "'" })
	void unterminatedQuotesAreUnbalanced(String line) {
		assertThat(InlineSplitter.split(bytes(line), 0, line.length())).isNull();
	}

	@Test
	void nulByteEndsTheLine() {
		assertThat(split("GET a\0b c")).containsExactly("GET", "a");
		assertThat(split("\0GET")).isEmpty();
		// Inside quotes the NUL ends the line before the closing quote.
		assertThat(InlineSplitter.split(bytes("\"ab\0cd\""), 0, 7)).isNull();
	}

	@Test
	void verticalTabAndFormFeedSeparateOnlyBetweenArguments() {
		// sdssplitargs skips every isspace() byte before an argument, but inside an unquoted
		// argument only space, tab, CR, LF end it: Redis echoed "a\vb" as one 3-byte argument.
		assertThat(split("a \u000b b\f\fc")).containsExactly("a", "b\f\fc");
		assertThat(split("\u000ba\f \fb")).containsExactly("a\f", "b");
		assertThat(split("a\tb\rc\nd")).containsExactly("a", "b", "c", "d");
	}

	@Test
	void highBytesAreOrdinaryCharacters() {
		byte[][] argv = InlineSplitter.split(new byte[] { 'E', ' ', (byte) 0xff, (byte) 0xa0, (byte) 0x85 }, 0, 5);
		assertThat(argv).hasNumberOfRows(2);
		assertThat(argv[1]).containsExactly(0xff, 0xa0, 0x85);
	}

	@Test
	void splitsOnlyTheGivenRange() {
		byte[] line = bytes("xxSET k vyy");
		assertThat(strings(InlineSplitter.split(line, 2, 9))).containsExactly("SET", "k", "v");
	}

	private static List<String> split(String line) {
		byte[][] argv = InlineSplitter.split(bytes(line), 0, line.length());
		assertThat(argv).as("unbalanced: %s", line).isNotNull();
		return strings(argv);
	}

	private static List<String> strings(byte[][] argv) {
		return Arrays.stream(argv).map((arg) -> new String(arg, StandardCharsets.ISO_8859_1)).toList();
	}

	private static byte[] bytes(String s) {
		return s.getBytes(StandardCharsets.ISO_8859_1);
	}

}
