package io.kvserver.compat.random;

import java.util.List;
import java.util.function.Function;

/**
 * How a generator builds one kind of request, and how often it is drawn within its family.
 *
 * @param name the command in lower case ({@code container|sub} for a subcommand): the run skips it
 * when kvserver does not implement it yet, and looks its reply rule up by it
 * @param weight relative frequency within the family
 * @param build the commands for one draw: usually one; a sequence for MULTI blocks and the like
 * @param single whether a draw is one command (a sequence is not nested in another sequence)
 * @param queueable whether a MULTI block may queue it: not a command whose random effect must be
 * evened out right after it ran ({@link ReplyRules#resyncing})
 */
public record CommandTemplate(String name, int weight, Function<Gen, List<FuzzCommand>> build, boolean single,
		boolean queueable) {

	/**
	 * A single request; now and then {@link Mutator} breaks it (arity, tokens, name), so every
	 * command is also driven through its error paths.
	 */
	public static CommandTemplate command(String name, int weight, Function<Gen, Args> build) {
		return new CommandTemplate(name, weight, g -> List.of(g.command(name, Mutator.maybeMutate(g, build.apply(g).build()))), true, true);
	}

	/**
	 * A single request that is never mutated: one whose broken forms could block or wait on time
	 * (WAIT with a replica count) or would end the run's connection.
	 */
	public static CommandTemplate fixed(String name, int weight, Function<Gen, Args> build) {
		return new CommandTemplate(name, weight, g -> List.of(g.command(name, build.apply(g).build())), true, true);
	}

	/** Several requests drawn together (a MULTI block, a WATCH with interference). */
	public static CommandTemplate sequence(String name, int weight, Function<Gen, List<FuzzCommand>> build) {
		return new CommandTemplate(name, weight, build, false, false);
	}

	/** The same template, never queued in a MULTI block. */
	public CommandTemplate notQueued() {
		return new CommandTemplate(this.name, this.weight, this.build, this.single, false);
	}

}
