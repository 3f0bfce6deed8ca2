package io.kvserver.compat.random;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import io.kvserver.compat.ReplyReader;
import io.kvserver.compat.ReplyReader.End;
import io.kvserver.compat.ReplyReader.Outcome;
import io.kvserver.protocol.RespReply;
import io.kvserver.protocol.RespReplyReader;
import io.kvserver.support.RawConnection;

/** One server as a run sees it: a few client connections, each read reply by reply. */
final class Side implements AutoCloseable {

	private final String name;

	private final List<RawConnection> connections = new ArrayList<>();

	private final List<ReplyReader> readers = new ArrayList<>();

	private final boolean[] broken;

	Side(String name, Supplier<RawConnection> connect, int clients) {
		this.name = name;
		this.broken = new boolean[clients];
		for (int i = 0; i < clients; i++) {
			RawConnection connection = connect.get();
			this.connections.add(connection);
			this.readers.add(new ReplyReader(connection));
		}
	}

	String name() {
		return this.name;
	}

	void send(int client, byte[] frame) {
		if (this.broken[client]) {
			return;
		}
		try {
			this.connections.get(client).send(frame);
		}
		catch (UncheckedIOException ex) {
			this.broken[client] = true;
		}
	}

	/** The next reply on a client's connection; once a connection failed, nothing more is read from it. */
	Outcome read(int client) {
		if (this.broken[client]) {
			return new Outcome(new byte[0], End.RESET);
		}
		Outcome outcome = this.readers.get(client).replies(1);
		if (outcome.end() != End.COMPLETE) {
			this.broken[client] = true;
		}
		return outcome;
	}

	/**
	 * Sends one request and parses its reply; for a rule's follow-up questions and the final state,
	 * whose replies must be whole.
	 */
	RespReply ask(int client, List<byte[]> argv) {
		send(client, new FuzzCommand("", argv, client, false).frame());
		Outcome outcome = read(client);
		RespReply value = RespReplyReader.parse(outcome.bytes());
		if (outcome.end() != End.COMPLETE || value == null) {
			throw new IllegalStateException(this.name + " gave no complete reply to "
					+ new FuzzCommand("", argv, client, false) + ": " + outcome.show());
		}
		return value;
	}

	@Override
	public void close() {
		this.connections.forEach(RawConnection::close);
	}

}
