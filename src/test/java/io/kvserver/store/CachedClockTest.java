package io.kvserver.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class CachedClockTest {

	private final AtomicLong source = new AtomicLong(1_000);

	private final CachedClock clock = new CachedClock(this.source::get);

	@Test
	void outsideACommandItReadsTheSource() {
		assertThat(this.clock.getAsLong()).isEqualTo(1_000);
		this.source.set(2_000);
		assertThat(this.clock.getAsLong()).isEqualTo(2_000);
	}

	@Test
	void aCommandSeesTheTimeItStartedUntilTheNextOneOrTheRelease() {
		assertThat(this.clock.hold()).isEqualTo(1_000);
		this.source.set(1_500);
		assertThat(this.clock.getAsLong()).as("same command").isEqualTo(1_000);
		assertThat(this.clock.hold()).as("next command").isEqualTo(1_500);
		this.source.set(1_700);
		assertThat(this.clock.getAsLong()).isEqualTo(1_500);
		this.clock.release();
		assertThat(this.clock.getAsLong()).as("after the batch").isEqualTo(1_700);
	}

	@Test
	void otherThreadsSeeTheHeldTimeDuringABatch() throws InterruptedException {
		this.clock.hold();
		this.source.set(9_000);
		AtomicLong seen = new AtomicLong();
		Thread reader = Thread.ofPlatform().start(() -> seen.set(this.clock.getAsLong()));
		reader.join();
		assertThat(seen.get()).isEqualTo(1_000);
	}

}
