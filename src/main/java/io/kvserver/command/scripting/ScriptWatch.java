package io.kvserver.command.scripting;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;


import io.kvserver.command.BusyScript;
import io.kvserver.lua.RespToLua;
import io.kvserver.lua.ScriptKilled;

/**
 * Watches the running script from inside it, every few thousand Lua instructions (Redis's
 * luaMaskCountHook and scriptInterrupt): past busy-reply-threshold the script is "busy" (other
 * clients get -BUSY, see {@link BusyScript}) and a SCRIPT KILL or FUNCTION KILL ends it (a script
 * that fills the heap is stopped by the Lua runtime itself).
 */
final class ScriptWatch {

	private static final org.apache.commons.logging.Log LOGGER = org.apache.commons.logging.LogFactory.getLog("script");

	private final LongSupplier busyThresholdMillis;

	private final BusyScript busy;

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
	}

}
