package io.kvserver.compat.random;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a failing run down to a few commands that still fail the same way (delta debugging: drop
 * ever smaller chunks while the failure persists), within a budget of replays and time.
 */
final class Shrinker {

	private final Replay replay;

	private final int maxReplays;

	private final long deadlineNanos;

	private int replays;

	Shrinker(Replay replay, int maxReplays, long budgetMillis) {
		this.replay = replay;
		this.maxReplays = maxReplays;
		this.deadlineNanos = System.nanoTime() + budgetMillis * 1_000_000;
	}

	int replays() {
		return this.replays;
	}

	/** The shortest run found that fails as {@code failure} did, with the difference it ends on. */
	Shrunk shrink(RunPlan plan, Difference failure) {
		List<FuzzCommand> current = plan.commands();
		Difference last = failure;
		if (failure.index() < current.size()) {
			List<FuzzCommand> prefix = current.subList(0, failure.index() + 1);
			Difference d = fails(plan, prefix, failure);
			if (d != null) {
				current = prefix;
				last = d;
			}
		}
		int chunks = 2;
		while (current.size() >= 2 && withinBudget()) {
			boolean reduced = false;
			int size = (current.size() + chunks - 1) / chunks;
			for (int start = current.size() - size; start > -size && withinBudget(); start -= size) {
				List<FuzzCommand> candidate = new ArrayList<>(current.subList(0, Math.max(0, start)));
				candidate.addAll(current.subList(Math.min(current.size(), start + size), current.size()));
				Difference d = candidate.isEmpty() ? null : fails(plan, candidate, failure);
				if (d != null) {
					current = candidate;
					last = d;
					chunks = Math.max(chunks - 1, 2);
					reduced = true;
					break;
				}
			}
			if (!reduced) {
				if (chunks >= current.size()) {
					break;
				}
				chunks = Math.min(chunks * 2, current.size());
			}
		}
		return new Shrunk(plan.withCommands(current), last);
	}

	record Shrunk(RunPlan plan, Difference difference) {
	}

	private Difference fails(RunPlan plan, List<FuzzCommand> commands, Difference failure) {
		this.replays++;
		Difference d = this.replay.play(plan.withCommands(commands)).difference();
		return d != null && d.sameFailureAs(failure) ? d : null;
	}

	private boolean withinBudget() {
		return this.replays < this.maxReplays && System.nanoTime() < this.deadlineNanos;
	}

}
