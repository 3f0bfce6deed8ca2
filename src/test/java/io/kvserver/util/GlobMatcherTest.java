package io.kvserver.util;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Redis's {@code stringmatchlen}. Every expectation below was taken from KEYS on redis-server
 * 7.0.15, including the odd corners (unclosed classes, reversed and signed-char ranges).
 */
class GlobMatcherTest {

	static Stream<Arguments> redisCases() {
		return Stream.of(
				// ? and *
				arguments("h?llo", "hello", true), arguments("h?llo", "hallo", true),
				arguments("h?llo", "hllo", false), arguments("h?llo", "heello", false),
				arguments("h*llo", "hllo", true), arguments("h*llo", "heeeello", true),
				arguments("h*llo", "hell", false), arguments("h*llo", "xhllo", false),
				arguments("*a", "a", true), arguments("*a", "ba", true), arguments("*a", "ab", false),
				arguments("a*", "a", true), arguments("a*", "ab", true), arguments("a*", "ba", false),
				arguments("a**b", "ab", true), arguments("a**b", "axxb", true), arguments("a**b", "axxc", false),
				arguments("*?", "x", true), arguments("?*", "x", true),
				arguments("*", "", true), arguments("*", "anything", true),
				// classes
				arguments("h[ae]llo", "hello", true), arguments("h[ae]llo", "hallo", true),
				arguments("h[ae]llo", "hillo", false),
				arguments("h[^e]llo", "hallo", true), arguments("h[^e]llo", "hbllo", true),
				arguments("h[^e]llo", "hello", false), arguments("h[^e]llo", "hllo", false),
				arguments("[[]", "[", true), arguments("[]]", "]", false),
				arguments("a[]b", "ab", false), arguments("a[]b", "a]b", false), arguments("a[]b", "axb", false),
				arguments("a[^]b", "axb", true), arguments("a[^]b", "ab", false),
				// ranges, including reversed ones
				arguments("h[a-b]llo", "hallo", true), arguments("h[a-b]llo", "hbllo", true),
				arguments("h[a-b]llo", "hcllo", false),
				arguments("h[b-a]llo", "hallo", true), arguments("h[b-a]llo", "hbllo", true),
				arguments("h[b-a]llo", "hcllo", false),
				arguments("[z-a]", "m", true), arguments("[z-a]", "a", true), arguments("[z-a]", "z", true),
				arguments("[z-a]", "A", false), arguments("[z-a]", "mm", false),
				arguments("[a-c-e]", "b", true), arguments("[a-c-e]", "d", false), arguments("[a-c-e]", "-", true),
				// "[a-]" reads as the range a..']' (']' is taken as the range end), then the class runs off the end
				arguments("[a-]", "_", true), arguments("[a-]", "^", true), arguments("[a-]", "a", true),
				arguments("[a-]", "]", true), arguments("[a-]", "-", false), arguments("[a-]", "b", false),
				// escapes
				arguments("h\\*llo", "h*llo", true), arguments("h\\*llo", "hello", false),
				arguments("\\?", "?", true), arguments("\\?", "a", false),
				arguments("\\a\\b", "ab", true),
				arguments("[\\]]", "]", true), arguments("[\\]]", "\\", false),
				arguments("[\\-]", "-", true), arguments("[\\-]", "\\", false),
				arguments("[\\a-c]", "a", true), arguments("[\\a-c]", "-", true), arguments("[\\a-c]", "c", true),
				arguments("[\\a-c]", "b", false),
				arguments("a\\", "a\\", true), arguments("a\\", "a", false),
				// unclosed classes
				arguments("[abc", "a", true), arguments("[abc", "c", true), arguments("[abc", "d", false),
				arguments("[abc", "ab", false), arguments("[abc", "[abc", false),
				arguments("[", "[", false), arguments("[", "a", false),
				arguments("[^", "x", true), arguments("[^", "^", true), arguments("[^", "xy", false),
				arguments("*[", "a[", false),
				// bytes above 0x7f compare as signed chars, as on x86
				arguments("[\u0080-\u00ff]", "\u0080", true), arguments("[\u0080-\u00ff]", "\u00ff", true),
				arguments("[\u0080-\u00ff]", "\u007f", false), arguments("[\u0080-\u00ff]", "a", false),
				arguments("[a-\u00ff]", "0", true), arguments("[a-\u00ff]", "a", true),
				arguments("[a-\u00ff]", "\u00ff", true), arguments("[a-\u00ff]", "\u0080", false),
				arguments("[a-\u00ff]", "b", false),
				// binary-safe: NUL and CR LF are ordinary bytes
				arguments("a\u0000b", "a\u0000b", true), arguments("a\u0000b", "a\u0000c", false),
				arguments("*\r\n*", "x\r\ny", true), arguments("*\r\n*", "xy", false));
	}

	@ParameterizedTest(name = "\"{0}\" ~ \"{1}\" -> {2}")
	@MethodSource("redisCases")
	void matchesLikeRedis(String pattern, String string, boolean expected) {
		assertThat(GlobMatcher.matches(bytes(pattern), bytes(string))).isEqualTo(expected);
	}

	@Test
	void emptyPatternMatchesOnlyTheEmptyString() {
		assertThat(GlobMatcher.matches(bytes(""), bytes(""))).isTrue();
		assertThat(GlobMatcher.matches(bytes(""), bytes("a"))).isFalse();
	}

	/**
	 * Without Redis's "give up on longer matches" rule this pattern backtracks exponentially on a run
	 * of a's with no b (CVE-2022-36021). The timeout only bounds a regression; it is not a benchmark.
	 */
	@Test
	@Timeout(value = 30, unit = TimeUnit.SECONDS)
	void pathologicalPatternFailsQuickly() {
		byte[] string = "a".repeat(20_000).getBytes(StandardCharsets.US_ASCII);
		assertThat(GlobMatcher.matches(bytes("a*a*a*a*a*a*a*a*a*a*b"), string)).isFalse();
		assertThat(GlobMatcher.matches(bytes("*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b*"), string)).isFalse();
		byte[] withB = ("a".repeat(20_000) + "b").getBytes(StandardCharsets.US_ASCII);
		assertThat(GlobMatcher.matches(bytes("a*a*a*a*a*a*a*a*a*a*b"), withB)).isTrue();
	}

	@Test
	void deeplyNestedStarsAreCutOffLikeRedis() {
		// Redis stops recursing past 1000 nested stars and reports no match rather than overflow the stack.
		byte[] pattern = "a*".repeat(1500).concat("b").getBytes(StandardCharsets.US_ASCII);
		byte[] string = "a".repeat(1600).concat("b").getBytes(StandardCharsets.US_ASCII);
		assertThat(GlobMatcher.matches(pattern, string)).isFalse();
		byte[] shallow = "a*".repeat(500).concat("b").getBytes(StandardCharsets.US_ASCII);
		assertThat(GlobMatcher.matches(shallow, string)).isTrue();
	}

	private static byte[] bytes(String s) {
		return s.getBytes(StandardCharsets.ISO_8859_1);
	}

}
