package io.kvserver.transport;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import javax.net.ssl.SSLSession;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.integration.ip.tcp.connection.TcpConnectionSupport;
import org.springframework.integration.ip.tcp.connection.TcpListener;
import org.springframework.integration.ip.tcp.serializer.SoftEndOfStreamException;
import org.springframework.messaging.Message;

import io.kvserver.metrics.CloseReason;
import io.kvserver.metrics.ServerStats;
import io.kvserver.protocol.ProtocolLimits;
import io.kvserver.protocol.QueryBufferLimitException;
import io.kvserver.protocol.RequestBatch;

/**
 * A client connection served by an {@link EventLoop}: when the socket is readable, the loop's
 * thread reads it once, decodes every complete request, hands each batch to the listener (the
 * inbound adapter) and, through the flow, writes the replies on the same thread before it moves on.
 * No thread waits for this client, and no thread is woken for it: the work of one request is a read,
 * the dispatch and a write, the way Redis's own event loop does it.
 * <p>
 * Everything but {@link #close()} and {@link #shutdownInput()} runs on the loop's thread.
 */
final class RespLoopConnection extends TcpConnectionSupport implements RespConnection, NonBlockingChannelOutput.Listener {

	private static final Log LOGGER = LogFactory.getLog(RespLoopConnection.class);

	private final SocketChannel channel;

	private final NonBlockingChannelInput channelInput;

	private final DecodingInputStream input;

	private final NonBlockingChannelOutput output;

	private final Consumer<RespLoopConnection> onClose;

	private final AtomicBoolean closed = new AtomicBoolean();

	private @Nullable SelectionKey key;

	private @Nullable Object payload;

	private boolean closeWhenFlushed;

	private final ConnectionHeaders headers;

	/** The socket as read and written: plain, or TLS over it. */
	private final ConnectionChannel io;

	/** For a TLS connection, protected mode's check once the handshake is done (null when done or plain). */
	private @Nullable ClientAdmission pendingTlsAdmission;

	RespLoopConnection(SocketChannel channel, ConnectionChannel io, @Nullable ClientAdmission tlsAdmission,
			ApplicationEventPublisher publisher, String factoryName, ProtocolLimits limits, ServerStats stats,
			DeferredReplies deferredReplies, Consumer<RespLoopConnection> onClose) {
		super(channel.socket(), true, false, publisher, factoryName);
		this.headers = new ConnectionHeaders(this);
		this.channel = channel;
		this.io = io;
		this.pendingTlsAdmission = tlsAdmission;
		this.channelInput = new NonBlockingChannelInput(io);
		this.input = new DecodingInputStream(this.channelInput, limits, stats);
		this.output = new NonBlockingChannelOutput(io, deferredReplies, this);
		this.onClose = onClose;
	}

	/** Tells the application (sessions, metrics) the connection exists, before it is first read. */
	void opened() {
		publishConnectionOpenEvent();
	}

	/** On the loop's thread: starts reading. */
	void register(Selector selector) {
		try {
			this.key = this.channel.register(selector, SelectionKey.OP_READ, this);
		}
		catch (ClosedChannelException ex) {
			close(); // closed (CLIENT KILL, shutdown) before it was ever read
		}
	}

	/** The socket has bytes, or end of stream. */
	void readable() {
		this.channelInput.allowOneRead();
		handleBuffered();
		if (this.io.readNeedsWritable()) {
			interest(SelectionKey.OP_READ | SelectionKey.OP_WRITE); // a TLS handshake message the socket did not take
		}
	}

	/** The socket takes bytes again: finish the replies it refused, then the requests held back meanwhile. */
	void writable() {
		try {
			if (!this.output.flushPending()) {
				return;
			}
		}
		catch (IOException ex) {
			writeFailed(ex);
			return;
		}
		if (this.closeWhenFlushed) {
			close();
			return;
		}
		interest(SelectionKey.OP_READ);
		handleBuffered();
	}

	/** Hands every decoded batch to the flow, until the decoder needs bytes the socket does not have yet. */
	private void handleBuffered() {
		while (!this.closed.get() && !this.output.hasPending()) {
			Object batch;
			try {
				batch = getDeserializer().deserialize(this.input);
			}
			catch (SoftEndOfStreamException ex) {
				closeConnection(false);
				return;
			}
			catch (QueryBufferLimitException ex) {
				LOGGER.warn("Closing client " + getConnectionId() + " that reached max query buffer length");
				closeConnection(true);
				return;
			}
			catch (IOException | RuntimeException ex) {
				LOGGER.debug("Read failed on " + getConnectionId() + "; closing it", ex);
				closing(CloseReason.CLIENT_RESET);
				closeConnection(true);
				return;
			}
			if (this.pendingTlsAdmission != null && deniedAfterHandshake()) {
				return;
			}
			if (batch == RequestBatch.NONE) {
				return;
			}
			dispatch(batch);
		}
	}

	/**
	 * Protected mode for a TLS client, once its handshake is done (Redis checks it in
	 * clientAcceptHandler, which runs after the handshake): the DENIED text goes out over TLS,
	 * instead of any reply, and the connection closes.
	 */
	private boolean deniedAfterHandshake() {
		if (!(this.io instanceof TlsConnectionChannel tls) || !tls.handshaken()) {
			return false;
		}
		ClientAdmission admission = this.pendingTlsAdmission;
		this.pendingTlsAdmission = null;
		if (!admission.deniedByProtectedMode(this.channel.socket().getInetAddress())) {
			return false;
		}
		admission.refusedByProtectedMode();
		try {
			this.output.write(ClientAdmission.DENIED, 0, ClientAdmission.DENIED.length);
		}
		catch (IOException ex) {
			writeFailed(ex);
			return true;
		}
		closeAfterReply();
		return true;
	}

	private void dispatch(Object batch) {
		TcpListener listener = getListener();
		if (listener == null) {
			close();
			return;
		}
		this.payload = batch;
		Message<?> message;
		try {
			message = getMapper().toMessage(this);
		}
		finally {
			this.payload = null;
		}
		try {
			listener.onMessage(message);
		}
		catch (RuntimeException ex) {
			// The dispatcher answers command failures itself; this is the flow failing, e.g. a reset while writing.
			LOGGER.debug("Handling a batch from " + getConnectionId() + " failed; closing it", ex);
			closeConnection(true);
		}
	}

	@Override
	public Object getPayload() {
		return this.payload;
	}

	/** Called on the loop's thread by the outbound adapter, in the middle of {@link #dispatch}. */
	@Override
	public void send(Message<?> message) {
		writeReplies(message);
		if (this.output.hasPending()) {
			interest(SelectionKey.OP_WRITE); // and no reads until it drains
		}
	}

	/** Deferred replies the socket did not take at the end of the loop's pass. */
	@Override
	public void writeRefused() {
		interest(SelectionKey.OP_WRITE);
	}

	@Override
	public void writeFailed(IOException ex) {
		closing(CloseReason.CLIENT_RESET);
		closeConnection(true);
	}

	private void interest(int ops) {
		SelectionKey selectionKey = this.key;
		if (selectionKey != null && selectionKey.isValid()) {
			selectionKey.interestOps(ops);
		}
	}

	/** After QUIT or a protocol error: the reply goes out first, however slowly the client reads it. */
	@Override
	public void closeAfterReply() {
		try {
			this.output.writeDeferred();
		}
		catch (IOException ex) {
			writeFailed(ex);
			return;
		}
		if (this.output.hasPending()) {
			this.closeWhenFlushed = true;
		}
		else {
			close();
		}
	}

	@Override
	public void close() {
		if (this.closed.getAndSet(true)) {
			return;
		}
		try {
			this.io.close(); // closes the socket, which also cancels the key
		}
		catch (IOException ex) {
			LOGGER.debug("Closing " + getConnectionId() + " failed", ex);
		}
		this.onClose.accept(this);
		super.close();
	}

	@Override
	public boolean isOpen() {
		return !this.closed.get();
	}

	/** Ends the connection from another thread: the loop sees end of stream and closes it in turn. */
	@Override
	public void shutdownInput() throws IOException {
		this.channel.shutdownInput();
	}

	@Override
	public void shutdownOutput() throws IOException {
		this.channel.shutdownOutput();
	}

	@Override
	public int getPort() {
		return this.channel.socket().getPort();
	}

	@Override
	public @Nullable Object getDeserializerStateKey() {
		return this.input;
	}

	@Override
	public @Nullable SSLSession getSslSession() {
		return null;
	}

	/** Driven by the event loop, never run on a thread of its own. */
	@Override
	public void run() {
		throw new UnsupportedOperationException("served by an event loop");
	}

	@Override
	public OutputStream replyOutput() {
		return this.output;
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
