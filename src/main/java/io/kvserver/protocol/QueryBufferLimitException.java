package io.kvserver.protocol;

import java.io.IOException;

/**
 * One unfinished command grew past {@link ProtocolLimits#queryBufferLimit()}. Redis drops such a
 * client without a reply, and so do we.
 */
public final class QueryBufferLimitException extends IOException {

	public QueryBufferLimitException(long limit) {
		super("client query buffer exceeded " + limit + " bytes");
	}

}
