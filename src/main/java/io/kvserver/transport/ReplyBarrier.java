package io.kvserver.transport;

/**
 * Called before reply bytes leave for a socket, as Redis flushes its append-only file in
 * beforeSleep before it writes the replies of the pass: with {@code appendfsync always}, nothing a
 * client reads as acknowledged is missing from the file on disk. The event-loop transport calls it
 * once per pass (and before any reply it writes at once), so one fsync covers every write the pass
 * executed; the other transports before each batch's replies. Must be cheap when there is nothing
 * to flush.
 */
@FunctionalInterface
public interface ReplyBarrier {

	ReplyBarrier NONE = () -> {
	};

	void beforeReplies();

}
