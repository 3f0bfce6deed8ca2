package io.kvserver.security;

/**
 * A key pattern of a selector: {@code ~pattern} (read and write), {@code %R~pattern} or
 * {@code %W~pattern}.
 *
 * @param pattern the glob pattern, as KEYS matches it
 * @param flags {@link #READ} and/or {@link #WRITE}
 */
record KeyPattern(String pattern, int flags) {

	static final int READ = 1;

	static final int WRITE = 2;

	static final int ALL = READ | WRITE;

	KeyPattern with(int more) {
		return new KeyPattern(this.pattern, this.flags | more);
	}

	/** As ACL LIST and ACL GETUSER show it. */
	String describe() {
		return switch (this.flags) {
			case ALL -> "~" + this.pattern;
			case READ -> "%R~" + this.pattern;
			case WRITE -> "%W~" + this.pattern;
			default -> throw new IllegalStateException("invalid key pattern flags " + this.flags);
		};
	}

}
