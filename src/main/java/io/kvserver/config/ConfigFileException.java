package io.kvserver.config;

import org.jspecify.annotations.Nullable;

/**
 * A config file (or command-line directive) that stops startup, reported as Redis reports it on
 * stderr before it exits with status 1.
 */
public final class ConfigFileException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/** The Redis version whose banner the report carries. */
	static final String REDIS_VERSION = "7.0.15";

	private final int line;

	private final @Nullable String lineText;

	private final String reason;

	/**
	 * @param line the 1-based line number in the text being read (the file, then the command-line directives)
	 * @param lineText the line, trimmed, as Redis echoes it
	 * @param reason Redis's error text
	 */
	ConfigFileException(int line, String lineText, String reason) {
		super("line " + line + ": '" + lineText + "': " + reason);
		this.line = line;
		this.lineText = lineText;
		this.reason = reason;
	}

	/** A file that cannot be opened: Redis logs this one line and exits. */
	ConfigFileException(String reason) {
		super(reason);
		this.line = 0;
		this.lineText = null;
		this.reason = reason;
	}

	/** The 1-based line number, or 0 when the error is not about a line. */
	public int line() {
		return this.line;
	}

	public String reason() {
		return this.reason;
	}

	/** Whether Redis reports it as a FATAL CONFIG FILE ERROR on stderr; else it logs {@link #reason} as a warning. */
	public boolean isFatalReport() {
		return this.lineText != null;
	}

	/** What redis-server 7.0.15 prints to stderr for an error about a line; for others, the reason. */
	public String report() {
		if (this.lineText == null) {
			return this.reason + "\n";
		}
		return "\n*** FATAL CONFIG FILE ERROR (Redis " + REDIS_VERSION + ") ***\n"
				+ "Reading the configuration file, at line " + this.line + "\n"
				+ ">>> '" + this.lineText + "'\n"
				+ this.reason + "\n";
	}

}
