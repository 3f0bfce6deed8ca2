package io.kvserver.protocol;

/**
 * Bounds on what one client may make the decoder hold. They mirror Redis's
 * {@code proto-max-bulk-len}, {@code PROTO_INLINE_MAX_SIZE} and {@code client-query-buffer-limit}.
 *
 * @param maxBulkLength largest accepted {@code $} length
 * @param maxInlineLength longest inline command or {@code *}/{@code $} header line
 * @param maxMultibulkLength largest accepted {@code *} count
 * @param queryBufferLimit most bytes (counted as sent) one unfinished multibulk command may hold before the client
 * is dropped
 */
public record ProtocolLimits(long maxBulkLength, int maxInlineLength, long maxMultibulkLength, long queryBufferLimit) {

	public static final ProtocolLimits REDIS_DEFAULTS =
			new ProtocolLimits(512L * 1024 * 1024, 64 * 1024, Integer.MAX_VALUE, 1024L * 1024 * 1024);

}
