package io.kvserver.compat.random;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A command family's part in the randomized differential test: the requests it draws, how their
 * replies are compared when Redis leaves something open, and how to read a key of its type at the
 * end of a run. A new family adds one implementation and lists it in {@link Generators}.
 */
public interface CommandGenerator {

	/** The family's name, for {@code -Dfuzz.families} and weights ({@code -Dfuzz.weights=hashes:4}). */
	String family();

	/** How often the family is drawn relative to the others. */
	int weight();

	/**
	 * The group of keys the family's commands favour: families that work on values of one type name
	 * the type (strings and bitmaps share "string"), so that their commands mostly meet values of
	 * their type instead of answering WRONGTYPE half the time; each group gets keys of its own, and a
	 * quarter of the draws still take any key. Null for families of commands on keys of any type.
	 */
	default String keyGroup() {
		return family();
	}

	/** The requests; templates of commands kvserver lacks are skipped. */
	List<CommandTemplate> templates();

	/**
	 * Reply rules for the family's commands whose reply is not to be compared byte for byte (an order
	 * Redis does not specify, a random pick, a clock); keyed by {@link CommandTemplate#name()}.
	 * Everything else is compared exactly.
	 */
	default Map<String, ReplyRule> replyRules() {
		return Map.of();
	}

	/**
	 * For each type name this family owns ({@code TYPE}'s answer), the read that shows a key's whole
	 * value at the end of a run (e.g. {@code hash -> HGETALL}); its rule is looked up as for any command.
	 */
	default Map<String, StateRead> stateReads() {
		return Map.of();
	}

	/**
	 * Configuration parameters the family's commands may change ({@code CONFIG SET
	 * hash-max-listpack-entries}); each run starts with Redis's defaults for them on both servers.
	 */
	default List<String> configParameters() {
		return List.of();
	}

	/**
	 * The whole-value read of one type.
	 *
	 * @param name the command's template name, for its reply rule
	 * @param words the request up to the key
	 * @param after the arguments after the key (e.g. {@code ZRANGE k 0 -1 WITHSCORES})
	 */
	record StateRead(String name, List<String> words, List<String> after) {

		public static StateRead of(String command, String... after) {
			return new StateRead(command.toLowerCase(Locale.ROOT), List.of(command), List.of(after));
		}

	}

}
