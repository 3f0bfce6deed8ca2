package io.kvserver.compat.random;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

import io.kvserver.compat.ByteEscapes;

/**
 * One request of a random run, as both servers receive it.
 *
 * @param name the template's command name in lower case, {@code container|sub} for a subcommand:
 * it selects the reply rule, whatever the arguments became after a mutation
 * @param argv the request's arguments, the command name first
 * @param client which of the run's connections sends it (0 or 1)
 * @param pipelined sent in the same write as the command before it, when both go to the same client
 */
public record FuzzCommand(String name, List<byte[]> argv, int client, boolean pipelined) {

	/** The request as a RESP multibulk frame. */
	public byte[] frame() {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.writeBytes(("*" + this.argv.size() + "\r\n").getBytes(StandardCharsets.US_ASCII));
		for (byte[] arg : this.argv) {
			out.writeBytes(("$" + arg.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
			out.writeBytes(arg);
			out.writeBytes(new byte[] { '\r', '\n' });
		}
		return out.toByteArray();
	}

	/**
	 * The arguments as the escaped, space-separated text of a scenario file's {@code resp:} line
	 * ({@code ""} for an empty argument, {@code \x20} for a space).
	 */
	public String escaped() {
		return this.argv.stream().map(FuzzCommand::escape).collect(Collectors.joining(" "));
	}

	private static String escape(byte[] arg) {
		if (arg.length == 0) {
			return "\"\"";
		}
		return ByteEscapes.show(arg, Integer.MAX_VALUE).replace(" ", "\\x20");
	}

	@Override
	public String toString() {
		String text = escaped();
		if (text.length() > 200) {
			text = text.substring(0, 200) + "...";
		}
		return (this.client == 0 ? "" : "[client " + this.client + "] ") + text;
	}

}
