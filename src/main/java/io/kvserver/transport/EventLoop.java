package io.kvserver.transport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ConcurrentModificationException;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

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

	private final DeferredReplies deferredReplies;

	private volatile boolean running = true;

	private final Consumer<Runnable> busyPump;

	/** How often a busy script serves the loop's other connections (each costs a read per connection). */
	private static final long PUMP_INTERVAL_NANOS = 10_000_000;

	private long lastPump;

	/** The connection whose batch is running now, on this thread; null between connections. */
	private RespLoopConnection serving;

	/**
	 * @param busyPump told, on this loop's thread, how to serve the loop's other connections while a
	 * busy script runs on it (BusyScript)
	 * @param barrier called before the loop's replies are written (the append-only file's flush)
	 */
	EventLoop(String name, Consumer<Runnable> busyPump, ReplyBarrier barrier) {
		this.busyPump = busyPump;
		this.deferredReplies = new DeferredReplies(barrier);
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
		this.busyPump.accept(this::pumpWhileBusy);
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

	/**
	 * From inside a busy script running on this thread (the database lock let go meanwhile): serves
	 * this loop's other ready connections once, as Redis's processEventsWhileBlocked does, so their
	 * clients get -BUSY or run SCRIPT KILL. The script's own connection is left alone until the
	 * script ends, as Redis protects its client.
	 */
	void pumpWhileBusy() {
		long now = System.nanoTime();
		if (now - this.lastPump < PUMP_INTERVAL_NANOS) {
			return;
		}
		this.lastPump = now;
		RespLoopConnection arrived;
		while ((arrived = this.arrivals.poll()) != null) {
			arrived.register(this.selector);
		}
		RespLoopConnection running = this.serving;
		List<SelectionKey> keys;
		try {
			// Not a select: the loop is inside one (this runs from a connection it is serving).
			keys = List.copyOf(this.selector.keys());
		}
		catch (ConcurrentModificationException | ClosedSelectorException ex) {
			return;
		}
		try {
			for (SelectionKey key : keys) {
				if (key.attachment() != running && readsWanted(key)) {
					serve(key, SelectionKey.OP_READ);
				}
			}
		}
		finally {
			this.serving = running;
		}
		this.deferredReplies.writeAll();
	}

	private static boolean readsWanted(SelectionKey key) {
		try {
			return key.isValid() && (key.interestOps() & SelectionKey.OP_READ) != 0;
		}
		catch (CancelledKeyException ex) {
			return false;
		}
	}

	private void serve(SelectionKey key) {
		try {
			serve(key, key.readyOps());
		}
		catch (CancelledKeyException ex) {
			((RespLoopConnection) key.attachment()).close();
		}
	}

	private void serve(SelectionKey key, int ready) {
		RespLoopConnection connection = (RespLoopConnection) key.attachment();
		this.serving = connection;
		try {
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
