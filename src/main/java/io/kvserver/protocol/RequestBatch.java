package io.kvserver.protocol;

import java.util.List;

/**
 * Every complete request that was buffered on a connection at one read, in arrival order.
 * A protocol error ends the batch: the requests before it are still executed, then the error is
 * answered and the connection closed, as Redis does.
 *
 * @param requests each request's argv; argv[0] is the command name
 * @param protocolError the Redis error text ("Protocol error: ...") or null
 */
public record RequestBatch(List<byte[][]> requests, String protocolError) {

	/** No complete request yet, and a non-blocking source has no more bytes for now. */
	public static final RequestBatch NONE = new RequestBatch(List.of(), null);

	/**
	 * No new request: what a connection hands the service when its client is unblocked, so that the
	 * requests held back behind the blocking command run (see {@code ClientChannel#resume}).
	 */
	public static final RequestBatch RESUME = new RequestBatch(List.of(), null);

}
