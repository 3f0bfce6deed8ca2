package io.kvserver.loadtest;

/** Why an operation (or a connect) failed. */
enum ErrorKind {

	/** Connect refused, unreachable, or not done within the connect timeout. */
	CONNECT,

	/** No reply within the read timeout. */
	TIMEOUT,

	/** The connection broke: reset, closed by the server, or not speaking RESP. */
	IO,

	/** The server answered with an error reply (e.g. {@code -ERR max number of clients reached}). */
	REPLY

}
