package io.kvserver.util;

/**
 * Redis's glob matching ({@code stringmatchlen} in util.c), byte for byte: {@code * ? [abc] [^a-z]}
 * and backslash escapes. Bytes compare as signed values, as Redis's {@code char} does on x86, so
 * ranges over bytes above 0x7f behave the same. A {@code *} that has failed to match the rest once
 * stops trying longer matches, which keeps hostile patterns linear instead of exponential.
 */
public final class GlobMatcher {

	private GlobMatcher() {
	}

	public static boolean matches(byte[] pattern, byte[] string) {
		if (pattern.length == 1 && pattern[0] == '*') {
			return true;
		}
		return match(pattern, 0, string, 0, new boolean[1], 0);
	}

	private static boolean match(byte[] pat, int p, byte[] str, int s, boolean[] skipLongerMatches, int nesting) {
		if (nesting > 1000) {
			return false; // protection against abusive patterns, as in Redis
		}
		int plen = pat.length - p;
		int slen = str.length - s;
		while (plen > 0 && slen > 0) {
			switch (pat[p]) {
				case '*' -> {
					while (plen > 1 && pat[p + 1] == '*') {
						p++;
						plen--;
					}
					if (plen == 1) {
						return true;
					}
					while (slen > 0) {
						if (match(pat, p + 1, str, s, skipLongerMatches, nesting + 1)) {
							return true;
						}
						if (skipLongerMatches[0]) {
							return false;
						}
						s++;
						slen--;
					}
					skipLongerMatches[0] = true;
					return false;
				}
				case '?' -> {
					s++;
					slen--;
				}
				case '[' -> {
					p++;
					plen--;
					boolean not = plen > 0 && pat[p] == '^';
					if (not) {
						p++;
						plen--;
					}
					boolean matched = false;
					while (true) {
						if (plen >= 2 && pat[p] == '\\') {
							p++;
							plen--;
							if (pat[p] == str[s]) {
								matched = true;
							}
						}
						else if (plen == 0) {
							p--;
							plen++;
							break;
						}
						else if (pat[p] == ']') {
							break;
						}
						else if (plen >= 3 && pat[p + 1] == '-') {
							int start = pat[p];
							int end = pat[p + 2];
							if (start > end) {
								int t = start;
								start = end;
								end = t;
							}
							p += 2;
							plen -= 2;
							if (str[s] >= start && str[s] <= end) {
								matched = true;
							}
						}
						else if (pat[p] == str[s]) {
							matched = true;
						}
						p++;
						plen--;
					}
					if (not) {
						matched = !matched;
					}
					if (!matched) {
						return false;
					}
					s++;
					slen--;
				}
				default -> {
					if (pat[p] == '\\' && plen >= 2) {
						p++;
						plen--;
					}
					if (pat[p] != str[s]) {
						return false;
					}
					s++;
					slen--;
				}
			}
			p++;
			plen--;
			if (slen == 0) {
				while (plen > 0 && pat[p] == '*') {
					p++;
					plen--;
				}
				break;
			}
		}
		return plen == 0 && slen == 0;
	}

}
