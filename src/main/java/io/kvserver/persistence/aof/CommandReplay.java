package io.kvserver.persistence.aof;

import java.util.List;

/**
 * Runs an AOF's commands as Redis's fake AOF client does: in order, through the command table,
 * replies discarded. Implemented by the command layer, which persistence does not know.
 */
public interface CommandReplay {

	/** Runs the commands (a MULTI among them queues the rest until its EXEC, as for a client). */
	void run(List<byte[][]> commands);

	/** Whether a MULTI is open: the file ended inside a transaction. */
	boolean inTransaction();

	/** Drops a transaction the file did not finish. */
	void discardTransaction();

}
