package io.kvserver.transport;

import java.io.IOException;
import java.io.OutputStream;
import java.io.InputStream;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.integration.ip.tcp.connection.TcpListener;
import org.springframework.integration.ip.tcp.connection.TcpNioConnection;
import org.springframework.messaging.Message;

import io.kvserver.command.ClientChannel;
import io.kvserver.metrics.CloseReason;
import io.kvserver.metrics.ServerStats;
import io.kvserver.protocol.ProtocolLimits;

/**
 * Spring Integration's NIO connection, with its input stream carrying the connection's decoder,
 * replies written straight to the channel (for the reason given in {@link RespNetConnection}), and
 * one batch handled at a time, in the order the batches were decoded.
 * <p>
 * The stock connection starts another "assembler" thread to decode the next message while the
 * previous one is still being handled, so two batches of one client could run at once: their
 * replies could leave out of order, and both would write the connection's single reply buffer
 * (seen as replies sent twice). Each decoded batch therefore takes a ticket, and the listener lets
 * a batch in only when every earlier one has been handled, reply written.
 */
final class RespNioConnection extends TcpNioConnection implements RespConnection {

	/** The ticket of the batch this thread has just decoded; read by the same thread in the listener. */
	private static final ThreadLocal<Long> TICKET = new ThreadLocal<>();

	private final ProtocolLimits limits;

	private final ServerStats stats;

	private final AtomicLong decoded = new AtomicLong();

	private final Object turn = new Object();

	private long handled;

	private DecodingInputStream input;

	private final ConnectionHeaders headers;

	private final ThreadedClientChannel clientChannel;

	RespNioConnection(SocketChannel channel, boolean server, boolean lookupHost, ApplicationEventPublisher publisher,
			String factoryName, ProtocolLimits limits, ServerStats stats) {
		super(channel, server, lookupHost, publisher, factoryName);
		this.headers = new ConnectionHeaders(this);
		this.limits = limits;
		this.stats = stats;
		this.clientChannel = new ThreadedClientChannel(new ThreadedClientChannel.Connection() {

			@Override
			public TcpListener flow() {
				return RespNioConnection.super.getListener();
			}

			@Override
			public ConnectionHeaders messageHeaders() {
				return RespNioConnection.this.headers;
			}

			@Override
			public void write(byte[] bytes) throws IOException {
				replyOutput().write(bytes);
				stats.netOutput(bytes.length);
			}

			@Override
			public long heldBackLimit() {
				return limits.queryBufferLimit();
			}

			@Override
			public void closing(CloseReason reason) {
				RespNioConnection.this.closing(reason);
			}

			@Override
			public void close() {
				RespNioConnection.this.close();
			}

		});
	}

	@Override
	public ClientChannel clientChannel() {
		return this.clientChannel;
	}

	@Override
	protected InputStream inputStream() {
		if (this.input == null) {
			this.input = new DecodingInputStream(super.inputStream(), this.limits, this.stats);
		}
		return this.input;
	}

	/** Decoding is sequential (an assembler starts the next one only after it decoded), so tickets follow the stream. */
	@Override
	public Object getPayload() {
		Object payload = super.getPayload();
		TICKET.set(this.decoded.getAndIncrement());
		return payload;
	}

	@Override
	public @Nullable TcpListener getListener() {
		TcpListener flow = super.getListener();
		if (flow == null) {
			return null;
		}
		TcpListener listener = this.clientChannel.listener(flow); // holds batches back while the client is blocked
		return message -> {
			Long ticket = TICKET.get();
			TICKET.remove();
			if (ticket == null) {
				listener.onMessage(message); // not a decoded batch; nothing to order
				return;
			}
			awaitTurn(ticket);
			try {
				listener.onMessage(message);
			}
			finally {
				synchronized (this.turn) {
					this.handled++;
					this.turn.notifyAll();
				}
			}
		};
	}

	private void awaitTurn(long ticket) {
		synchronized (this.turn) {
			while (this.handled != ticket) {
				try {
					this.turn.wait();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new IllegalStateException("interrupted waiting for the previous batch of " + getConnectionId(), ex);
				}
			}
		}
	}

	@Override
	public void send(Message<?> message) {
		writeReplies(message);
	}

	@Override
	public OutputStream replyOutput() {
		return getChannelOutputStream();
	}

	@Override
	public ConnectionHeaders messageHeaders() {
		return this.headers;
	}

	@Override
	public DecodingInputStream decodingInput() {
		return this.input;
	}

}
