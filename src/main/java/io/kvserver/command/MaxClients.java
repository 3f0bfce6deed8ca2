package io.kvserver.command;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;

import com.sun.management.UnixOperatingSystemMXBean;

import io.kvserver.util.Numbers;

/**
 * Redis's {@code maxclients}, as INFO clients and CONFIG GET report it and CONFIG SET changes it:
 * the configured number (10000 by default), lowered to what the process's open-files limit leaves
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

	/** Redis keeps maxclients in an unsigned int: CONFIG SET's upper bound, and where maxclients + 32 wraps. */
	private static final long UINT_MAX = 0xFFFF_FFFFL;

	private final long openFilesLimit;

	private volatile long value;

	/**
	 * @param configured the maxclients asked for
	 * @param openFilesLimit the process's (soft) open-files limit
	 */
	public MaxClients(long configured, long openFilesLimit) {
		this.openFilesLimit = openFilesLimit;
		// Redis exits when the limit leaves no client at all; a JVM could not have started there.
		this.value = fits(configured) ? configured : Math.max(1, openFilesLimit - RESERVED_FDS);
	}

	/** Redis's default maxclients against this process's open-files limit. */
	public static MaxClients forThisProcess() {
		return forThisProcess(DEFAULT);
	}

	/** The configured maxclients (kvserver.maxclients) against this process's open-files limit. */
	public static MaxClients forThisProcess(long configured) {
		return new MaxClients(configured, openFilesLimit());
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
		return this.value;
	}

	/**
	 * Whether a new client may join the ones connected: Redis refuses it once they number maxclients.
	 * Lowering the limit below the count disconnects nobody, it only refuses newcomers.
	 */
	public boolean admits(long connectedClients) {
		return connectedClients < this.value;
	}

	/**
	 * CONFIG SET maxclients with Redis 7.0.15's parsing, bounds and open-files check (each checked
	 * against a real redis-server).
	 * @return null if the value was applied, else Redis's reason
	 */
	public String set(String text) {
		long[] parsed = new long[1];
		if (!Numbers.parseLong(text.getBytes(StandardCharsets.ISO_8859_1), parsed)) {
			return "argument couldn't be parsed into an integer";
		}
		if (parsed[0] < 1 || parsed[0] > UINT_MAX) {
			return "argument must be between 1 and " + UINT_MAX + " inclusive";
		}
		if (!fits(parsed[0])) {
			return "The operating system is not able to handle the specified number of clients, try with "
					+ Math.max(1, this.openFilesLimit - RESERVED_FDS);
		}
		this.value = parsed[0];
		return null;
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
