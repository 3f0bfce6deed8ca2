package io.kvserver.config;

/** Redis's config flags (config.c) that change how a directive is set, shown or rewritten. */
public enum DirectiveFlag {

	/** Only the config file and the command line set it; CONFIG SET answers "can't set immutable config". */
	IMMUTABLE,

	/**
	 * Redis protects it (dir, dbfilename): CONFIG SET answers "can't set protected config", as Redis
	 * does while enable-protected-configs is off, which kvserver does not offer to turn on.
	 */
	PROTECTED,

	/** A secret (requirepass): never logged. */
	SENSITIVE,

	/** Takes several arguments (bind, save); one quoted argument in the file is split again, as Redis does. */
	MULTI_ARG,

	/** CONFIG GET lists it only when asked for by its exact name, never through a pattern. */
	HIDDEN

}
