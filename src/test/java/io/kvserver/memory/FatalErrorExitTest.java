package io.kvserver.memory;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The decision the uncaught-exception handler takes; halting this JVM is left to the integration
 * tests, which run the real server out of heap (OutOfMemoryIT).
 */
class FatalErrorExitTest {

	private final List<Integer> halted = new ArrayList<>();

	private final List<Throwable> passedOn = new ArrayList<>();

	private final ByteArrayOutputStream err = new ByteArrayOutputStream();

	private final FatalErrorExit handler = new FatalErrorExit((thread, ex) -> this.passedOn.add(ex),
			this.err, this.halted::add);

	@Test
	void outOfMemoryHaltsWithStatusThree() {
		this.handler.uncaughtException(new Thread("kvserver-loop-0"), new OutOfMemoryError("Java heap space"));
		assertThat(this.halted).containsExactly(3);
		assertThat(this.passedOn).isEmpty();
		assertThat(this.err.toString(StandardCharsets.UTF_8)).isEqualTo(
				"Terminating due to java.lang.OutOfMemoryError: Java heap space in thread \"kvserver-loop-0\""
						+ System.lineSeparator());
		assertThat(FatalErrorExit.failed()).isTrue();
	}

	@Test
	void aJvmErrorWrappedInAnotherHaltsToo() {
		this.handler.uncaughtException(new Thread("t"), new IllegalStateException(new StackOverflowError()));
		assertThat(this.halted).containsExactly(3);
	}

	@Test
	void anyOtherExceptionIsPassedOn() {
		RuntimeException ex = new IllegalArgumentException("bug");
		this.handler.uncaughtException(new Thread("t"), ex);
		assertThat(this.halted).isEmpty();
		assertThat(this.passedOn).containsExactly(ex);
	}

	@Test
	void aCycleOfCausesEnds() {
		Exception a = new Exception("a");
		Exception b = new Exception("b", a);
		a.initCause(b);
		assertThat(FatalErrorExit.fatal(a)).isFalse();
	}

}
