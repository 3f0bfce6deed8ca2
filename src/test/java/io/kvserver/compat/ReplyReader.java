package io.kvserver.compat;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;

import io.kvserver.protocol.RespReplyReader;
import io.kvserver.protocol.RespReplyReader.MalformedReplyException;
import io.kvserver.support.RawConnection;

/**
 * Reads what a server answers to one step, keeping every byte it got even when the reply is cut
 * short, so a mismatch shows exactly what each server sent and how its stream ended.
 */
public final class ReplyReader {

	/** How a read ended: normally, or with the server gone, silent, or not speaking RESP. */
	public enum End {
		COMPLETE, CLOSED, TIMEOUT, RESET, MALFORMED
	}

	public record Outcome(byte[] bytes, End end) {

		public String show() {
			String shown = ByteEscapes.show(this.bytes);
			return switch (this.end) {
				case COMPLETE -> shown;
				case CLOSED -> shown + " <connection closed by server>";
				case TIMEOUT -> shown + " <no more bytes before the read timeout>";
				case RESET -> shown + " <connection reset>";
				case MALFORMED -> shown + " <not a RESP reply>";
			};
		}

	}

	private final RespReplyReader replies;

	private final ByteArrayOutputStream got = new ByteArrayOutputStream();

	public ReplyReader(RawConnection connection) {
		this.replies = connection.replies();
	}

	/** Reads {@code count} complete replies, RESP2 or RESP3 (a connection switched by HELLO 3 reads the same). */
	public Outcome replies(int count) {
		return read(() -> {
			for (int i = 0; i < count; i++) {
				this.replies.readReply();
			}
		});
	}

	/** Reads everything up to the server closing the connection. */
	public Outcome untilClosed() {
		return read(() -> {
			this.replies.readAllBytes();
			throw new EOFException();
		});
	}

	private Outcome read(Reading reading) {
		this.got.reset();
		this.replies.copyTo(this.got);
		try {
			reading.run();
			return new Outcome(this.got.toByteArray(), End.COMPLETE);
		}
		catch (EOFException ex) {
			return new Outcome(this.got.toByteArray(), End.CLOSED);
		}
		catch (SocketTimeoutException ex) {
			return new Outcome(this.got.toByteArray(), End.TIMEOUT);
		}
		catch (MalformedReplyException ex) {
			return new Outcome(this.got.toByteArray(), End.MALFORMED);
		}
		catch (IOException ex) {
			return new Outcome(this.got.toByteArray(), End.RESET);
		}
		finally {
			this.replies.copyTo(null);
		}
	}

	private interface Reading {

		void run() throws IOException;

	}

}
