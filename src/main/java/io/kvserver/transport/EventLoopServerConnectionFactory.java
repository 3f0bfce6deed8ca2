package io.kvserver.transport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.springframework.integration.ip.tcp.connection.AbstractServerConnectionFactory;
import org.springframework.integration.ip.tcp.connection.TcpConnectionSupport;

import io.kvserver.metrics.ServerStats;
import io.kvserver.protocol.ProtocolLimits;

/**
 * A Spring Integration server connection factory whose connections are served by a few event
 * loops, one thread each, instead of a thread per connection ({@code net}) or a selector that hands
 * every read to a pool ({@code nio}). Its thread accepts; each new connection goes to the next loop
 * in turn and stays there. Listener, senders, mapper, (de)serializers and the open/close events are
 * Spring Integration's, so the flow around it is the same as with the stock factories.
 * <p>
 * Why: with a thread per connection every request parks and wakes that thread (a virtual thread
 * through the JDK's poller), which profiles showed as the largest unpipelined cost; see
 * docs/design.md and docs/performance.md.
 */
final class EventLoopServerConnectionFactory extends AbstractServerConnectionFactory {

	private final int loopCount;

	private final ProtocolLimits limits;

	private final ServerStats stats;

	private final ClientAdmission admission;

	private final ReplyBarrier barrier;

	private volatile @Nullable ServerSocketChannel serverChannel;

	private volatile EventLoop @Nullable [] loops;

	private int nextLoop;

	private long lastAcceptWarning = System.nanoTime() - 1_000_000_000L;

	/** Given each loop's pump when its thread starts (see {@link EventLoop#pumpWhileBusy}). */
	private final Consumer<Runnable> busyPumps;

	EventLoopServerConnectionFactory(int port, int loopCount, ProtocolLimits limits, ServerStats stats,
			ClientAdmission admission, Consumer<Runnable> busyPumps, ReplyBarrier barrier) {
		super(port);
		this.busyPumps = busyPumps;
		this.barrier = barrier;
		this.loopCount = loopCount;
		this.limits = limits;
		this.stats = stats;
		this.admission = admission;
	}

	@Override
	public String getComponentType() {
		return "resp-event-loop-server-connection-factory";
	}

	@Override
	public void run() {
		if (getListener() == null) {
			logger.info(() -> this + " No listener bound to server connection factory; will not read; exiting...");
			return;
		}
		try (ServerSocketChannel server = ServerSocketChannel.open()) {
			String localAddress = getLocalAddress();
			InetSocketAddress address = localAddress == null ? new InetSocketAddress(super.getPort())
					: new InetSocketAddress(InetAddress.getByName(localAddress), super.getPort());
			server.bind(address, Math.abs(getBacklog()));
			this.serverChannel = server;
			this.loops = startLoops();
			setListening(true);
			publishServerListeningEvent(getPort());
			while (isActive()) {
				SocketChannel channel;
				try {
					channel = server.accept();
				}
				catch (ClosedChannelException ex) {
					break; // stop() closed it
				}
				catch (IOException ex) {
					acceptFailed(ex);
					continue;
				}
				accepted(channel);
			}
		}
		catch (IOException ex) {
			if (isActive()) {
				logger.error(ex, "Error on ServerSocketChannel; port = " + getPort());
				publishServerExceptionEvent(ex);
				stop();
			}
		}
		finally {
			setListening(false);
		}
	}

	/**
	 * A failed accept, typically EMFILE when the open-files limit is reached, must not end the
	 * listener: the clients already connected keep being served and new ones are accepted again
	 * as soon as descriptors are free (Redis logs the error and carries on too). The pending
	 * connection stays in the backlog, so accept would fail again at once: a short pause keeps this
	 * thread from spinning a core meanwhile, and the log from repeating more than once a second.
	 */
	private void acceptFailed(IOException ex) {
		long now = System.nanoTime();
		if (now - this.lastAcceptWarning >= 1_000_000_000L) {
			this.lastAcceptWarning = now;
			logger.warn("Error accepting a client connection: " + ex.getMessage());
		}
		LockSupport.parkNanos(10_000_000L);
	}

	private EventLoop[] startLoops() {
		EventLoop[] started = new EventLoop[this.loopCount];
		for (int i = 0; i < started.length; i++) {
			started[i] = new EventLoop("kvserver-loop-" + i, this.busyPumps, this.barrier);
			started[i].start();
		}
		return started;
	}

	private void accepted(SocketChannel channel) throws IOException {
		if (isShuttingDown()) {
			channel.close();
			return;
		}
		if (!this.admission.admit(channel.socket())) { // while the channel still blocks: the refusal is one plain write
			return;
		}
		RespLoopConnection connection = null;
		try {
			channel.configureBlocking(false);
			setSocketAttributes(channel.socket());
			EventLoop[] current = this.loops;
			EventLoop loop = current[this.nextLoop];
			this.nextLoop = (this.nextLoop + 1) % current.length;
			connection = new RespLoopConnection(channel, getApplicationEventPublisher(), getComponentName(), this.limits,
					this.stats, loop.deferredReplies(), this::removeConnection);
			TcpConnectionSupport wrapped = wrapConnection(connection); // adds it to the factory's connections
			initializeConnection(wrapped, channel.socket());
			connection.opened(); // publishes through the outermost wrapper, if interceptors were configured
			loop.add(connection);
		}
		catch (IOException | RuntimeException ex) {
			logger.error(ex, "Failed to set up a new connection; closing it");
			if (connection != null) {
				connection.close(); // leaves the factory's connections and publishes the close that frees its place
			}
			else {
				channel.close();
				this.admission.released();
			}
		}
	}

	/**
	 * Removes a closed connection at once. The stock factories sweep all connections for closed ones
	 * on each accept or wake-up, which costs O(clients) every time (see {@link HarvestThrottle}).
	 */
	private void removeConnection(RespLoopConnection connection) {
		this.connections.remove(connection.getConnectionId());
	}

	@Override
	protected void harvestClosedConnections() {
		// nothing to sweep: connections remove themselves as they close
	}

	@Override
	public int getPort() {
		int port = super.getPort();
		ServerSocketChannel server = this.serverChannel;
		if (port == 0 && server != null && server.socket().getLocalPort() > 0) {
			return server.socket().getLocalPort();
		}
		return port;
	}

	@Override
	public @Nullable SocketAddress getServerSocketAddress() {
		ServerSocketChannel server = this.serverChannel;
		return server != null ? server.socket().getLocalSocketAddress() : null;
	}

	@Override
	public void stop() {
		setActive(false);
		ServerSocketChannel server = this.serverChannel;
		if (server != null) {
			try {
				server.close(); // ends the blocking accept
			}
			catch (IOException ex) {
				logger.debug(ex, "Closing the server channel failed");
			}
		}
		super.stop(); // closes every connection
		EventLoop[] current = this.loops;
		if (current != null) {
			for (EventLoop loop : current) {
				loop.stop();
			}
			this.loops = null;
		}
	}

}
