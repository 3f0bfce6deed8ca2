package io.kvserver.compat.random;

import java.util.List;

/**
 * The first place where kvserver answered differently from Redis in a run.
 *
 * @param index the command's index in the run; the run's length for a difference in the final state
 * @param request what was sent (a command of the run, or a read of the final state)
 * @param signature what a shrunk run must still fail on to count as the same failure: the command
 * name, or the final-state read
 * @param detail both replies and how they were compared
 * @param reads for a difference in the final state, the requests that show it (SELECT, the read)
 */
public record Difference(int index, String request, String signature, String detail, List<FuzzCommand> reads) {

	boolean sameFailureAs(Difference other) {
		return this.signature.equals(other.signature);
	}

}
