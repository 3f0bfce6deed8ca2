package io.kvserver.transport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * One thread and one selector serving many {@link RespLoopConnection}s, as each of Redis's event
 * loops does: wait for sockets to be ready, then serve each ready one in turn on this thread.
 */
final class EventLoop implements Runnable {

	private static final Log LOGGER = LogFactory.getLog(EventLoop.class);

	private final Selector selector;

	private final Queue<RespLoopConnection> arrivals = new ConcurrentLinkedQueue<>();

	private final Thread thread;

	private final DeferredReplies deferredReplies = new DeferredReplies();

	private volatile boolean running = true;

	EventLoop(String name) {
		try {
			this.selector = Selector.open();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot open a selector for " + name, ex);
		}
		this.thread = Thread.ofPlatform().name(name).daemon().unstarted(this);
	}

	void start() {
		this.thread.start();
	}

	/** Where the replies of this loop's connections wait for the end of each pass. */
	DeferredReplies deferredReplies() {
		return this.deferredReplies;
	}

	/** From the accepting thread: the connection is registered on this loop's own thread. */
	void add(RespLoopConnection connection) {
		this.arrivals.add(connection);
		this.selector.wakeup();
	}

	@Override
	public void run() {
		while (this.running) {
			try {
				this.selector.select(this::serve);
				this.deferredReplies.writeAll();
				RespLoopConnection arrived;
				while ((arrived = this.arrivals.poll()) != null) {
					arrived.register(this.selector);
				}
			}
			catch (ClosedSelectorException ex) {
				return;
			}
			catch (IOException | RuntimeException ex) {
				// One connection's failure is handled in serve(); this is the selector itself failing.
				LOGGER.error("Event loop " + this.thread.getName() + " failed to select; retrying", ex);
			}
		}
	}

	private void serve(SelectionKey key) {
		RespLoopConnection connection = (RespLoopConnection) key.attachment();
		try {
			int ready = key.readyOps();
			if ((ready & SelectionKey.OP_WRITE) != 0) {
				connection.writable();
			}
			if ((ready & SelectionKey.OP_READ) != 0 && key.isValid()) {
				connection.readable();
			}
		}
		catch (CancelledKeyException ex) {
			connection.close();
		}
		catch (RuntimeException ex) {
			LOGGER.error("Serving " + connection.getConnectionId() + " failed; closing it", ex);
			connection.close();
		}
	}

	void stop() {
		this.running = false;
		try {
			this.selector.close();
		}
		catch (IOException ex) {
			LOGGER.debug("Closing the selector of " + this.thread.getName() + " failed", ex);
		}
	}

}
