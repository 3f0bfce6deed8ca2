package io.kvserver.lua;

import java.lang.management.ManagementFactory;

import org.luaj.vm2.LuaError;

import com.sun.management.ThreadMXBean;

/**
 * Stands in for Lua's allocator failing: a script that allocates without bound ends with "not
 * enough memory" before the JVM runs out of heap (which would end the server, run with
 * {@code -XX:+ExitOnOutOfMemoryError}, or fail whichever thread allocates next). LuaJ cannot be
 * asked before each allocation, so the script is checked every so many instructions, and the
 * interval follows its pace: the bytes its thread allocated in the last interval (HotSpot's
 * per-thread counter) tell how far the next one may go while the heap still holds twice as much.
 * A script that allocates little is checked every {@link #MAX_INTERVAL} instructions; one that
 * fills the heap, or doubles a string, at every instruction near the end.
 */
final class AllocationGuard {

	/** Instructions between two checks for a script that allocates little. */
	static final int MAX_INTERVAL = 10_000;

	/** The first interval of a run, before its pace is known. */
	static final int FIRST_INTERVAL = 100;

	/** Heap in use beyond which a script may not go: the rest is for the server's own work. */
	private static final double LIMIT = 0.85;

	private static final ThreadMXBean THREADS = threads();

	private final Runtime jvm = Runtime.getRuntime();

	private long allocatedAtCheck;

	private long threadAtCheck;

	/** At the start of a run: the instructions until the first check. */
	int start() {
		this.threadAtCheck = Thread.currentThread().threadId();
		this.allocatedAtCheck = allocated();
		return FIRST_INTERVAL;
	}

	/**
	 * Ends the script with "not enough memory" if the heap cannot take twice what it allocated in
	 * the last {@code interval} instructions; else the instructions until the next check.
	 */
	int check(int interval) {
		long thread = Thread.currentThread().threadId();
		long allocated = allocated();
		// A coroutine runs on a thread of its own: its first check only starts counting.
		long window = thread == this.threadAtCheck ? Math.max(0, allocated - this.allocatedAtCheck) : 0;
		this.threadAtCheck = thread;
		this.allocatedAtCheck = allocated;
		long limit = (long) (LIMIT * this.jvm.maxMemory());
		long used = used();
		if (used + 2 * window > limit) {
			System.gc();
			used = used();
			if (used + 2 * window > limit) {
				throw new LuaError("not enough memory");
			}
		}
		long perInstruction = Math.max(1, window / Math.max(1, interval));
		return (int) Math.clamp((limit - used) / 4 / perInstruction, 1, MAX_INTERVAL);
	}

	private long used() {
		return this.jvm.totalMemory() - this.jvm.freeMemory();
	}

	private static long allocated() {
		return THREADS == null ? 0 : THREADS.getCurrentThreadAllocatedBytes();
	}

	private static ThreadMXBean threads() {
		if (ManagementFactory.getThreadMXBean() instanceof ThreadMXBean threads
				&& threads.isThreadAllocatedMemorySupported()) {
			threads.setThreadAllocatedMemoryEnabled(true);
			return threads;
		}
		return null;
	}

}
