package io.kvserver.command;

/**
 * The way from the server to one client's connection outside the reply to the batch the client is
 * running: the reply of a command that blocked, written when another client's write serves it, its
 * timeout ends it or CLIENT UNBLOCK does (and, later, pushes such as pub/sub messages). Each
 * transport implements it for its connections and gives it to the session when the connection
 * opens ({@link Session#attach(String, String, Runnable, ClientChannel)}), so commands reach a
 * client without knowing of sockets or threads.
 */
public interface ClientChannel {

	/**
	 * The client blocked: after the replies of the batch running now, the connection reads no
	 * further requests until {@link #resume}, as Redis stops processing a blocked client's query
	 * buffer. Bytes that arrive meanwhile are kept and a hang-up is still noticed. Called on the
	 * client's own thread, while its batch runs.
	 */
	void pause();

	/**
	 * Encoded replies for the client. The connection's own thread writes them, after everything
	 * written to it before; bytes for a connection that has closed are dropped. From any thread,
	 * usually under the database lock: it never waits for the client.
	 */
	void send(byte[] replies);

	/**
	 * After the bytes sent so far, the connection goes on: it hands the service
	 * {@code RequestBatch.RESUME}, so that the requests held back behind the blocking command run,
	 * then reads again. From any thread.
	 */
	void resume();

	/** A channel to nowhere, for sessions that have no connection (tests, tools): bytes are dropped. */
	ClientChannel NONE = new ClientChannel() {

		@Override
		public void pause() {
		}

		@Override
		public void send(byte[] replies) {
		}

		@Override
		public void resume() {
		}

	};

}
