package io.kvserver.command.scripting;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.luaj.vm2.LuaError;

import io.kvserver.command.BusyScript;
import io.kvserver.lua.RespToLua;
import io.kvserver.lua.ScriptKilled;

/**
 * Watches the running script from inside it, every few thousand Lua instructions (Redis's
 * luaMaskCountHook and scriptInterrupt): past busy-reply-threshold the script is "busy" (other
 * clients get -BUSY, see {@link BusyScript}), a SCRIPT KILL or FUNCTION KILL ends it, and a script
 * that fills the heap is stopped before the server runs out of memory.
 */
final class ScriptWatch {

	private static final org.apache.commons.logging.Log LOGGER = org.apache.commons.logging.LogFactory.getLog("script");

	/** Heap in use above which a script is stopped: what is left is for the server's own work. */
	private static final double HEAP_LIMIT = 0.85;

	private final LongSupplier busyThresholdMillis;

	private final BusyScript busy;

	private final Runtime jvm = Runtime.getRuntime();

	ScriptWatch(LongSupplier busyThresholdMillis, BusyScript busy) {
		this.busyThresholdMillis = busyThresholdMillis;
		this.busy = busy;
	}

	void ended() {
		this.busy.ended();
	}

	/** Called from the script's hook: may end it by throwing. */
	void check(ScriptRun run) {
		if (!run.busy) {
			long threshold = this.busyThresholdMillis.getAsLong();
			long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - run.startNanos);
			if (threshold > 0 && elapsed >= threshold) {
				LOGGER.warn("Slow script detected: still in execution after " + elapsed
						+ " milliseconds. You can try killing the script using the "
						+ (run.eval ? "SCRIPT KILL" : "FUNCTION KILL") + " command. Script name is: " + run.name + ".");
				run.busy = true;
				this.busy.becameBusy(run.eval);
			}
		}
		if (run.busy) {
			this.busy.yieldToOthers();
		}
		if (run.killed) {
			LOGGER.warn("Lua script killed by user with SCRIPT KILL.");
			throw new ScriptKilled(RespToLua.errorTable("Script killed by user with SCRIPT KILL..."));
		}
		long used = this.jvm.totalMemory() - this.jvm.freeMemory();
		if (used > HEAP_LIMIT * this.jvm.maxMemory()) {
			System.gc();
			used = this.jvm.totalMemory() - this.jvm.freeMemory();
			if (used > HEAP_LIMIT * this.jvm.maxMemory()) {
				throw new LuaError("not enough memory");
			}
		}
	}

}
