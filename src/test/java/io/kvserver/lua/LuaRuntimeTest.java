package io.kvserver.lua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaValue;

class LuaRuntimeTest {

	private final LuaRuntime runtime = locked();

	private static LuaRuntime locked() {
		LuaRuntime runtime = new LuaRuntime();
		runtime.lock();
		return runtime;
	}

	private LuaValue run(String script, LuaRuntime.Watchdog watchdog) {
		LuaFunction function = this.runtime.compile(script.getBytes(StandardCharsets.UTF_8), 0, "@user_script");
		return this.runtime.call(function, LuaValue.NONE, watchdog);
	}

	@Test
	void theWatchdogStopsAnEndlessLoop() {
		AtomicInteger checks = new AtomicInteger();
		assertThatThrownBy(() -> run("while true do end", () -> {
			if (checks.incrementAndGet() == 3) {
				throw new LuaError("stopped");
			}
		})).isInstanceOf(LuaError.class);
		assertThat(checks).hasValue(3);
	}

	@Test
	void theWatchdogReachesIntoCoroutines() {
		AtomicInteger checks = new AtomicInteger();
		// The coroutine's resume returns the error; the script itself is stopped at its next check.
		assertThatThrownBy(() -> run("local co = coroutine.create(function() while true do end end)\n"
				+ "local ok = coroutine.resume(co)\nwhile true do end", () -> {
					if (checks.incrementAndGet() >= 3) {
						throw new ScriptKilled(LuaValue.valueOf("stopped"));
					}
				})).isInstanceOf(ScriptKilled.class);
		assertThat(checks.get()).isGreaterThanOrEqualTo(4);
	}

	@Test
	void numbersPrintAsLua51Does() {
		assertThat(run("return tostring(1/3) .. ' ' .. 2^63 .. ' ' .. 1e15 .. ' ' .. 0.1", LuaRuntime.Watchdog.NONE)
			.tojstring()).isEqualTo("0.33333333333333 9.2233720368548e+18 1e+15 0.1");
	}

	@Test
	void errorsCarryTheLineOfTheCall() {
		assertThatThrownBy(() -> run("local x = 1\nreturn error('boom')", LuaRuntime.Watchdog.NONE))
			.isInstanceOfSatisfying(LuaError.class,
					e -> assertThat(ScriptError.of(e)).isEqualTo(new ScriptError(LuaValue.valueOf("user_script:2: boom"), "@user_script", 2)));
	}

	@Test
	void globalsAreReadOnlyAndMissingOnesAreErrors() {
		assertThatThrownBy(() -> run("x = 1", LuaRuntime.Watchdog.NONE))
			.satisfies(e -> assertThat(ScriptError.of((LuaError) e).value().tojstring())
				.isEqualTo("user_script:1: Attempt to modify a readonly table"));
		assertThatThrownBy(() -> run("return nothere", LuaRuntime.Watchdog.NONE))
			.satisfies(e -> assertThat(ScriptError.of((LuaError) e).value().tojstring())
				.isEqualTo("user_script:1: Script attempted to access nonexistent global variable 'nothere'"));
	}

}
