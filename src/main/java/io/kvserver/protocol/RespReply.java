package io.kvserver.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One reply as a client reads it, RESP2 or RESP3, kept as it was sent: {@link #toBytes()} gives back
 * the exact bytes read. The server never builds these (it writes replies with {@link ReplyWriter});
 * the load-test runner and the tests read them with {@link RespReplyReader}.
 *
 * @param type the type byte: {@code + - : $ *}, and RESP3's {@code _ # , ( = ! ~ > % |}
 * @param line what follows the type byte on the first line: the text of a simple reply, the length
 * of a string, the count of an aggregate
 * @param payload the bytes of a bulk string, verbatim string or blob error; null for anything else,
 * the null bulk string {@code $-1} included
 * @param children the elements of an aggregate, a map's keys and values alternating; an attribute
 * ({@code |}) has its keys and values followed by the reply it describes; empty for anything else
 */
public record RespReply(char type, String line, byte @Nullable [] payload, List<RespReply> children) {

	public RespReply {
		children = List.copyOf(children);
	}

	/** A simple string, error or number: {@code +OK}, {@code -ERR ...}, {@code :1}. */
	public static RespReply simple(char type, String line) {
		return new RespReply(type, line, null, List.of());
	}

	/** An error reply, simple ({@code -}) or blob ({@code !}). */
	public boolean isError() {
		return this.type == '-' || this.type == '!';
	}

	/** The text of a string reply (simple, bulk, verbatim with its format prefix), or null for anything else. */
	public @Nullable String text() {
		if (this.payload != null) {
			return new String(this.payload, StandardCharsets.ISO_8859_1);
		}
		return (this.type == '+') ? this.line : null;
	}

	/** The reply's bytes as they were read (or, for one built by hand, as a server would send it). */
	public byte[] toBytes() {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		write(out);
		return out.toByteArray();
	}

	private void write(ByteArrayOutputStream out) {
		out.write(this.type);
		out.writeBytes(this.line.getBytes(StandardCharsets.ISO_8859_1));
		out.write('\r');
		out.write('\n');
		if (this.payload != null) {
			out.writeBytes(this.payload);
			out.write('\r');
			out.write('\n');
		}
		for (RespReply child : this.children) {
			child.write(out);
		}
	}

}
