package io.kvserver.transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

import tlschannel.NeedsReadException;
import tlschannel.NeedsWriteException;
import tlschannel.ServerTlsChannel;
import tlschannel.TlsChannel;

/**
 * TLS over a non-blocking socket, driven by the event loop: an SSLEngine per connection (through
 * tls-channel, which runs the handshake and the record layer as a ByteChannel). Reads take at most
 * one socket read per readiness event, as plain connections do, and then return what the engine
 * already decrypted; when the engine waits for the socket, reads and writes answer 0 and say which
 * readiness they wait for.
 */
final class TlsConnectionChannel implements ConnectionChannel {

	private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

	private final ConnectionChannel.RationedSocket raw;

	private final TlsChannel tls;

	private volatile boolean handshaken;

	private boolean unflushed;

	private boolean readNeedsWritable;

	/**
	 * @param engines makes and sets up each connection's server engine (protocols, ciphers, client certificates)
	 */
	TlsConnectionChannel(SocketChannel socket, SSLContext context, java.util.function.Function<SSLContext, SSLEngine> engines) {
		this.raw = new ConnectionChannel.RationedSocket(socket);
		this.tls = ServerTlsChannel.newBuilder(this.raw, context)
			.withEngineFactory(engines)
			.withSessionInitCallback(session -> this.handshaken = true)
			.build();
	}

	/** Whether the handshake has completed. */
	boolean handshaken() {
		return this.handshaken;
	}

	@Override
	public void allowOneRead() {
		this.raw.allowOneRead();
	}

	@Override
	public int read(ByteBuffer dst) throws IOException {
		this.readNeedsWritable = false;
		try {
			return this.tls.read(dst);
		}
		catch (NeedsReadException ex) {
			return 0;
		}
		catch (NeedsWriteException ex) {
			this.readNeedsWritable = true;
			return 0;
		}
	}

	/**
	 * Encrypts and writes; what the socket does not take stays in the engine's buffer
	 * ({@link #hasUnflushedOutput}), and the bytes consumed are counted by the buffer's position.
	 */
	@Override
	public int write(ByteBuffer src) throws IOException {
		int before = src.remaining();
		try {
			this.tls.write(src);
			this.unflushed = false;
		}
		catch (NeedsWriteException ex) {
			this.unflushed = true;
		}
		catch (NeedsReadException ex) {
			this.unflushed = true; // a renegotiation in the middle: clients never ask one of a Redis server
		}
		return before - src.remaining();
	}

	@Override
	public boolean hasUnflushedOutput() {
		return this.unflushed;
	}

	@Override
	public void flushOutput() throws IOException {
		write(EMPTY.duplicate());
	}

	@Override
	public boolean readNeedsWritable() {
		return this.readNeedsWritable;
	}

	@Override
	public boolean isOpen() {
		return this.tls.isOpen();
	}

	/** Sends close_notify if the socket takes it at once, then closes the socket. */
	@Override
	public void close() throws IOException {
		this.tls.close();
	}

}
