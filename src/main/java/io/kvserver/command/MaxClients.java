package io.kvserver.command;

import java.lang.management.ManagementFactory;
import java.util.List;

import com.sun.management.UnixOperatingSystemMXBean;

import io.kvserver.config.InvalidValueException;
import io.kvserver.config.NumericDirective;

/**
 * Redis's {@code maxclients}, as INFO clients and CONFIG GET report it and CONFIG SET changes it
 * (the value lives in its directive): the configured number (10000 by default), lowered to what the process's open-files limit leaves
 * after Redis's 32 reserved descriptors, as {@code adjustOpenFilesLimit} in Redis's server.c does.
 * <p>
 * Redis first tries to raise its soft limit (setrlimit) towards maxclients + 32. Java cannot call
 * setrlimit, but on Linux the JVM has already raised its soft limit to the hard limit at start
 * ({@code -XX:+MaxFDLimit}, on by default), which is as far as an unprivileged Redis gets too; so
 * beyond the limit read here we answer as Redis does when setrlimit fails.
 * <p>
 * The transport asks {@link #admits} before it takes a new connection, as Redis's
 * acceptCommonHandler compares its client count with maxclients.
 */
public final class MaxClients {

	/** Redis's default maxclients. */
	public static final long DEFAULT = 10_000;

	/** Redis's CONFIG_MIN_RESERVED_FDS: descriptors kept for listening sockets, logs and persistence. */
	static final long RESERVED_FDS = 32;

	/** What Redis assumes when getrlimit fails; our stand-in where the JVM cannot tell the limit. */
	static final long ASSUMED_OPEN_FILES_LIMIT = 1024;

	/** Redis keeps maxclients in an unsigned int: where maxclients + 32 wraps. */
	private static final long UINT_MAX = 0xFFFF_FFFFL;

	private final long openFilesLimit;

	private final NumericDirective directive;

	/**
	 * Lowers the configured value to what the open-files limit allows, as Redis does at start, and
	 * refuses from then on a CONFIG SET beyond it.
	 * @param directive the maxclients directive, holding the configured value
	 * @param openFilesLimit the process's (soft) open-files limit
	 */
	public MaxClients(NumericDirective directive, long openFilesLimit) {
		this.openFilesLimit = openFilesLimit;
		this.directive = directive;
		if (!fits(directive.value())) {
			// Redis exits when the limit leaves no client at all; a JVM could not have started there.
			lowerTo(Math.max(1, openFilesLimit - RESERVED_FDS));
		}
		directive.onApply(() -> fits(directive.value()) ? null
				: "The operating system is not able to handle the specified number of clients, try with "
						+ Math.max(1, this.openFilesLimit - RESERVED_FDS));
	}

	/** The maxclients directive against this process's open-files limit. */
	public static MaxClients forThisProcess(NumericDirective directive) {
		return new MaxClients(directive, openFilesLimit());
	}

	private void lowerTo(long value) {
		try {
			this.directive.set(List.of(Long.toString(value)));
		}
		catch (InvalidValueException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** This process's open-files soft limit, or Redis's assumption (1024) where the JVM cannot tell. */
	public static long openFilesLimit() {
		if (ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean os) {
			long limit = os.getMaxFileDescriptorCount();
			if (limit > 0) {
				return limit;
			}
		}
		return ASSUMED_OPEN_FILES_LIMIT;
	}

	public long get() {
		return this.directive.value();
	}

	/**
	 * Whether a new client may join the ones connected: Redis refuses it once they number maxclients.
	 * Lowering the limit below the count disconnects nobody, it only refuses newcomers.
	 */
	public boolean admits(long connectedClients) {
		return connectedClients < this.directive.value();
	}

	/**
	 * Whether the limit has room for the clients plus the reserved descriptors. Redis adds the two in
	 * unsigned int arithmetic, so from 4294967264 up the sum wraps to a small number and fits: Redis
	 * 7.0.15 accepts CONFIG SET maxclients 4294967295 under any limit, and so do we.
	 */
	private boolean fits(long clients) {
		return ((clients + RESERVED_FDS) & UINT_MAX) <= this.openFilesLimit;
	}

}
