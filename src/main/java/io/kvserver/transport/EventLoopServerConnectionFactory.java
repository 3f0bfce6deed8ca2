package io.kvserver.transport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.UnsupportedAddressTypeException;
import java.util.ArrayList;
import java.util.List;
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

	private final List<BindAddresses.Listen> listens;

	/** The bound sockets, the first one's port being the factory's. */
	private volatile List<ServerSocketChannel> serverChannels = List.of();

	/** The TLS port (0 for none) and its setup. */
	private final int tlsPort;

	private final @Nullable TlsContext tls;

	private final ReplyBarrier barrier;

	private volatile EventLoop @Nullable [] loops;

	private int nextLoop;

	private long lastAcceptWarning = System.nanoTime() - 1_000_000_000L;

	/** Given each loop's pump when its thread starts (see {@link EventLoop#pumpWhileBusy}). */
	private final Consumer<Runnable> busyPumps;

	/**
	 * @param listens the addresses to listen on, each on {@code port}
	 */
	EventLoopServerConnectionFactory(List<BindAddresses.Listen> listens, int port, int loopCount, ProtocolLimits limits,
			ServerStats stats, ClientAdmission admission, Consumer<Runnable> busyPumps, ReplyBarrier barrier) {
		this(listens, port, 0, null, loopCount, limits, stats, admission, busyPumps, barrier);
	}

	/**
	 * @param port the plain port; 0 with a TLS port means no plain listener (TLS only, as Redis's
	 * {@code port 0}), 0 without one picks a free port
	 * @param tlsPort the TLS port, 0 for none
	 * @param tls the TLS setup when there is a TLS port
	 * @param barrier called before each pass's replies leave (the AOF's flush)
	 */
	EventLoopServerConnectionFactory(List<BindAddresses.Listen> listens, int port, int tlsPort, @Nullable TlsContext tls,
			int loopCount, ProtocolLimits limits, ServerStats stats, ClientAdmission admission,
			Consumer<Runnable> busyPumps, ReplyBarrier barrier) {
		super(port == 0 && tlsPort > 0 ? tlsPort : port);
		this.tlsPort = tlsPort;
		this.tls = tls;
		this.listens = List.copyOf(listens);
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
		List<ServerSocketChannel> bound = new ArrayList<>();
		List<Boolean> secure = new ArrayList<>();
		try {
			boolean plain = this.tlsPort == 0 || super.getPort() != this.tlsPort;
			int firstPlain = -1;
			for (BindAddresses.Listen listen : plain ? this.listens : List.<BindAddresses.Listen>of()) {
				ServerSocketChannel server = bind(listen, firstPlain < 0 ? super.getPort()
						: bound.get(firstPlain).socket().getLocalPort());
				if (server != null) {
					firstPlain = firstPlain < 0 ? bound.size() : firstPlain;
					bound.add(server);
					secure.add(false);
				}
			}
			for (BindAddresses.Listen listen : this.tlsPort > 0 ? this.listens : List.<BindAddresses.Listen>of()) {
				ServerSocketChannel server = bind(listen, this.tlsPort);
				if (server != null) {
					bound.add(server);
					secure.add(true);
				}
			}
			if (bound.isEmpty()) {
				throw new IOException("no address to listen on could be bound: " + this.listens);
			}
			this.serverChannels = List.copyOf(bound);
			this.loops = startLoops();
			setListening(true);
			publishServerListeningEvent(getPort());
			for (int i = 1; i < bound.size(); i++) {
				ServerSocketChannel server = bound.get(i);
				boolean tlsServer = secure.get(i);
				Thread.ofPlatform().name("kvserver-accept-" + i).daemon().start(() -> acceptLoop(server, tlsServer));
			}
			acceptLoop(bound.get(0), secure.get(0));
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
			bound.forEach(EventLoopServerConnectionFactory::closeQuietly);
		}
	}

	/**
	 * Binds one address; an optional one that cannot be bound is skipped with a warning, as Redis
	 * skips "-::1" on a machine without IPv6.
	 * @return the socket, or null if skipped
	 */
	private @Nullable ServerSocketChannel bind(BindAddresses.Listen listen, int port) throws IOException {
		try {
			return bind(listen.address(), port);
		}
		catch (IOException | UnsupportedAddressTypeException ex) {
			if (listen.fallback() != null) {
				return bind(new BindAddresses.Listen(listen.fallback(), listen.optional()), port);
			}
			if (!listen.optional()) {
				throw new IOException("Could not create server TCP listening socket " + listen.address() + ":" + port
						+ ": " + ex.getMessage(), ex);
			}
			logger.warn("Skipping the optional bind address " + listen.address() + ": " + ex.getMessage());
			return null;
		}
	}

	private ServerSocketChannel bind(String address, int port) throws IOException {
		ServerSocketChannel server = ServerSocketChannel.open();
		try {
			server.bind(new InetSocketAddress(InetAddress.getByName(address), port), Math.abs(getBacklog()));
			return server;
		}
		catch (IOException | RuntimeException ex) {
			server.close();
			throw ex;
		}
	}

	private void acceptLoop(ServerSocketChannel server, boolean secure) {
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
			try {
				accepted(channel, secure);
			}
			catch (IOException ex) {
				logger.error(ex, "Failed to set up a new connection");
			}
		}
	}

	private static void closeQuietly(ServerSocketChannel server) {
		try {
			server.close();
		}
		catch (IOException ex) {
			// closing on the way out
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

	private synchronized void accepted(SocketChannel channel, boolean secure) throws IOException {
		if (isShuttingDown()) {
			channel.close();
			return;
		}
		if (!this.admission.admit(channel.socket(), secure)) { // while the channel still blocks: the refusal is written on a thread of its own
			return;
		}
		RespLoopConnection connection = null;
		try {
			channel.configureBlocking(false);
			setSocketAttributes(channel.socket());
			EventLoop[] current = this.loops;
			EventLoop loop = current[this.nextLoop];
			this.nextLoop = (this.nextLoop + 1) % current.length;
			ConnectionChannel io = secure ? new TlsConnectionChannel(channel, this.tls.context(), this.tls.engines())
					: ConnectionChannel.plain(channel);
			connection = new RespLoopConnection(channel, io, secure ? this.admission : null, getApplicationEventPublisher(),
					getComponentName(), this.limits, this.stats, loop.deferredReplies(), this::removeConnection);
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
		List<ServerSocketChannel> servers = this.serverChannels;
		if (port == 0 && !servers.isEmpty() && servers.get(0).socket().getLocalPort() > 0) {
			return servers.get(0).socket().getLocalPort();
		}
		return port;
	}

	@Override
	public @Nullable SocketAddress getServerSocketAddress() {
		List<ServerSocketChannel> servers = this.serverChannels;
		return servers.isEmpty() ? null : servers.get(0).socket().getLocalSocketAddress();
	}

	@Override
	public void stop() {
		setActive(false);
		this.serverChannels.forEach(EventLoopServerConnectionFactory::closeQuietly); // ends the blocking accepts
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
