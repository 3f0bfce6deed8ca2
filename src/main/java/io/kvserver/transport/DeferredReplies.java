package io.kvserver.transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * One event loop's replies from one pass over its ready sockets, held in one direct buffer and
 * written when the pass ends, as Redis writes its clients' replies just before it sleeps. With one
 * request in flight per connection, a client then finds many of its connections answered at once
 * and serves them from one wake-up, instead of waking up once per reply as it did against a loop that
 * wrote each reply at once (docs/performance.md).
 * <p>
 * Each connection's bytes stay contiguous, so it still costs one write per socket, and that write
 * copies from direct memory instead of through the JDK's per-thread temporary buffer. Only the
 * loop's thread uses it.
 */
final class DeferredReplies {

	/** Larger replies go out at once: they gain nothing from waiting and would crowd out the rest. */
	static final int LARGEST_DEFERRED = 16 * 1024;

	private static final int CAPACITY = 256 * 1024;

	private final ByteBuffer buffer = ByteBuffer.allocateDirect(CAPACITY);

	/** What one connection's write sees of {@link #buffer}: reused, since there is one write at a time. */
	private final ByteBuffer view = this.buffer.duplicate();

	private final List<NonBlockingChannelOutput> waiting = new ArrayList<>();

	private final ReplyBarrier barrier;

	DeferredReplies(ReplyBarrier barrier) {
		this.barrier = barrier;
	}

	/** Before any of this loop's reply bytes go to a socket; see {@link ReplyBarrier}. */
	void beforeWrite() {
		this.barrier.beforeReplies();
	}

	/**
	 * Keeps the bytes for the end of the pass, after the output's earlier ones; false if they must be
	 * written now instead (too large, or the socket refused earlier bytes).
	 */
	boolean defer(NonBlockingChannelOutput output, byte[] b, int off, int len) throws IOException {
		if (len > LARGEST_DEFERRED) {
			return false;
		}
		if (output.deferredLength > 0 && output.deferredStart + output.deferredLength != this.buffer.position()) {
			// others wrote since: the earlier bytes go now, so that each connection's stay in one piece
			output.writeDeferred();
			if (output.hasPending()) {
				return false;
			}
		}
		if (this.buffer.remaining() < len) {
			writeAll();
			if (output.hasPending()) {
				return false;
			}
		}
		if (output.deferredLength == 0) {
			output.deferredStart = this.buffer.position();
			if (!output.waiting) {
				output.waiting = true;
				this.waiting.add(output);
			}
		}
		this.buffer.put(b, off, len);
		output.deferredLength += len;
		return true;
	}

	/** The output's deferred bytes, to write now. */
	ByteBuffer deferredOf(NonBlockingChannelOutput output) {
		return this.view.limit(output.deferredStart + output.deferredLength).position(output.deferredStart);
	}

	/** The end of a pass: every waiting reply goes to its socket; a refused or failed write is its connection's to handle. */
	void writeAll() {
		if (!this.waiting.isEmpty()) {
			this.barrier.beforeReplies();
		}
		for (int i = 0; i < this.waiting.size(); i++) {
			NonBlockingChannelOutput output = this.waiting.get(i);
			output.waiting = false;
			try {
				output.writeDeferred();
				if (output.hasPending()) {
					output.listener().writeRefused();
				}
			}
			catch (IOException ex) {
				output.listener().writeFailed(ex);
			}
		}
		this.waiting.clear();
		this.buffer.clear();
	}

}
