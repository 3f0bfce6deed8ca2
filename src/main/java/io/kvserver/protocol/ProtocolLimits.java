package io.kvserver.protocol;

/**
 * Bounds on what one client may make the decoder hold. They mirror Redis's
 * {@code proto-max-bulk-len}, {@code PROTO_INLINE_MAX_SIZE} and {@code client-query-buffer-limit}.
 * One instance is shared by every connection, so CONFIG SET of the two settable limits applies to
 * every client from its next request on, as in Redis.
 */
public final class ProtocolLimits {

	/** Redis's defaults; shared, so it cannot be changed. */
	public static final ProtocolLimits REDIS_DEFAULTS =
			new ProtocolLimits(512L * 1024 * 1024, 64 * 1024, Integer.MAX_VALUE, 1024L * 1024 * 1024, true);

	private volatile long maxBulkLength;

	private final int maxInlineLength;

	private final long maxMultibulkLength;

	private volatile long queryBufferLimit;

	private final boolean frozen;

	/**
	 * @param maxBulkLength largest accepted {@code $} length
	 * @param maxInlineLength longest inline command or {@code *}/{@code $} header line
	 * @param maxMultibulkLength largest accepted {@code *} count
	 * @param queryBufferLimit most bytes (counted as sent) one unfinished multibulk command may hold before the
	 * client is dropped
	 */
	public ProtocolLimits(long maxBulkLength, int maxInlineLength, long maxMultibulkLength, long queryBufferLimit) {
		this(maxBulkLength, maxInlineLength, maxMultibulkLength, queryBufferLimit, false);
	}

	private ProtocolLimits(long maxBulkLength, int maxInlineLength, long maxMultibulkLength, long queryBufferLimit,
			boolean frozen) {
		this.maxBulkLength = maxBulkLength;
		this.maxInlineLength = maxInlineLength;
		this.maxMultibulkLength = maxMultibulkLength;
		this.queryBufferLimit = queryBufferLimit;
		this.frozen = frozen;
	}

	public long maxBulkLength() {
		return this.maxBulkLength;
	}

	public int maxInlineLength() {
		return this.maxInlineLength;
	}

	public long maxMultibulkLength() {
		return this.maxMultibulkLength;
	}

	public long queryBufferLimit() {
		return this.queryBufferLimit;
	}

	/** CONFIG SET proto-max-bulk-len. */
	public void setMaxBulkLength(long maxBulkLength) {
		checkNotFrozen();
		this.maxBulkLength = maxBulkLength;
	}

	/** CONFIG SET client-query-buffer-limit. */
	public void setQueryBufferLimit(long queryBufferLimit) {
		checkNotFrozen();
		this.queryBufferLimit = queryBufferLimit;
	}

	private void checkNotFrozen() {
		if (this.frozen) {
			throw new IllegalStateException("the shared Redis defaults cannot be changed; create limits of your own");
		}
	}

}
