package io.kvserver.compat.random;

import java.util.List;

/**
 * One run: the seed it came from, the protocol its connections speak, and its commands.
 *
 * @param resp3 whether every connection of the run starts with HELLO 3
 */
public record RunPlan(long seed, boolean resp3, List<FuzzCommand> commands) {

	RunPlan withCommands(List<FuzzCommand> subset) {
		return new RunPlan(this.seed, this.resp3, List.copyOf(subset));
	}

}
