package io.kvserver.compat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.kvserver.protocol.RespReply;

/**
 * What the differential test does to a reply before comparing it, so that replies whose parts
 * legitimately differ (a client id) or whose order Redis leaves open (a map, a set) still compare
 * byte for byte in everything else.
 */
public final class Replies {

	private static final String MASK = "<masked>";

	private Replies() {
	}

	/**
	 * The same reply with the values of the named fields replaced by a placeholder, wherever they
	 * occur: the element after a string equal to a name, inside any array or map (HELLO's id), and
	 * {@code name=value} or {@code name:value} inside text (CLIENT INFO, INFO).
	 */
	public static RespReply masked(RespReply reply, Set<String> fields) {
		if (reply.payload() != null) {
			String text = new String(reply.payload(), StandardCharsets.ISO_8859_1);
			// A verbatim string starts with its format ("txt:"), which is not part of the text.
			int prefix = (reply.type() == '=' && text.length() >= 4) ? 4 : 0;
			return withText(reply, text.substring(0, prefix) + maskText(text.substring(prefix), fields));
		}
		if (reply.type() == '+' && reply.line() != null) {
			return RespReply.simple('+', maskText(reply.line(), fields));
		}
		if (reply.children().isEmpty()) {
			return reply;
		}
		List<RespReply> children = reply.children();
		List<RespReply> masked = new ArrayList<>(children.size());
		for (int i = 0; i < children.size(); i++) {
			RespReply child = children.get(i);
			masked.add(masked(child, fields));
			String name = child.text();
			if (name != null && fields.contains(name) && i + 1 < children.size()) {
				masked.add(RespReply.simple('+', MASK));
				i++;
			}
		}
		return new RespReply(reply.type(), reply.line(), null, masked);
	}

	/**
	 * The same reply with the elements of an array or set, or the entries of a map, in byte order,
	 * so that two replies holding the same elements compare equal. Only the top level is sorted.
	 */
	public static RespReply sorted(RespReply reply) {
		List<RespReply> children = reply.children();
		if (reply.type() == '%') {
			List<List<RespReply>> pairs = new ArrayList<>();
			for (int i = 0; i < children.size(); i += 2) {
				pairs.add(List.of(children.get(i), children.get(i + 1)));
			}
			pairs.sort(Comparator.comparing((List<RespReply> p) -> p.get(0).toBytes(), Arrays::compare));
			return new RespReply(reply.type(), reply.line(), null, pairs.stream().flatMap(List::stream).toList());
		}
		if (reply.type() == '*' || reply.type() == '~') {
			List<RespReply> copy = new ArrayList<>(children);
			copy.sort(Comparator.comparing(RespReply::toBytes, Arrays::compare));
			return new RespReply(reply.type(), reply.line(), null, copy);
		}
		return reply;
	}

	/** Every string with its runs of single-command ACL rules sorted (see {@link Scenario.Read#ACL_RULES}). */
	static RespReply aclRulesSorted(RespReply reply) {
		if (reply.payload() != null) {
			String text = new String(reply.payload(), StandardCharsets.ISO_8859_1);
			int prefix = (reply.type() == '=' && text.length() >= 4) ? 4 : 0;
			return withText(reply, text.substring(0, prefix) + sortCommandRules(text.substring(prefix)));
		}
		if (reply.children().isEmpty()) {
			return reply;
		}
		return new RespReply(reply.type(), reply.line(), null,
				reply.children().stream().map(Replies::aclRulesSorted).toList());
	}

	/** "-@all +set +get" and "(~k -@all +set +get)": each run of +cmd/-cmd tokens sorted, the rest in place. */
	static String sortCommandRules(String text) {
		String[] tokens = text.replace("(", "( ").replace(")", " )").split(" ", -1);
		List<String> out = new ArrayList<>();
		List<String> run = new ArrayList<>();
		for (String token : tokens) {
			if ((token.startsWith("+") || token.startsWith("-")) && token.length() > 1 && token.charAt(1) != '@') {
				run.add(token);
				continue;
			}
			run.sort(null);
			out.addAll(run);
			run.clear();
			out.add(token);
		}
		run.sort(null);
		out.addAll(run);
		return String.join(" ", out).replace("( ", "(").replace(" )", ")");
	}

	/** The reply with another text, its length line updated to match. */
	private static RespReply withText(RespReply reply, String text) {
		byte[] payload = text.getBytes(StandardCharsets.ISO_8859_1);
		return new RespReply(reply.type(), Integer.toString(payload.length), payload, List.of());
	}

	private static String maskText(String text, Set<String> fields) {
		String result = text;
		for (String field : fields) {
			Matcher m = Pattern.compile("(^|[ \\n])" + Pattern.quote(field) + "([=:])[^ \\r\\n]*").matcher(result);
			result = m.replaceAll(r -> Matcher.quoteReplacement(r.group(1) + field + r.group(2) + MASK));
		}
		return result;
	}

}
