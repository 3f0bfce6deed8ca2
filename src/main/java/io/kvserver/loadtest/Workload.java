package io.kvserver.loadtest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The operations of one connection: GET or SET (by the GET ratio) on the one key {@code count} or on
 * a random key of the range, and the think time before each in the sustained scenario. One per
 * connection, so its random generator needs no locking. A round is one operation, or in the
 * pipelined scenario a batch of them written at once.
 */
final class Workload implements Round {

	private static final byte[] GET = ascii("GET");

	private static final byte[] SET = ascii("SET");

	private static final byte[] SINGLE_KEY = ascii("count");

	private static final int MAX_NUMBER = 1_000_000;

	private final LoadSettings settings;

	private final SplittableRandom random;

	private final byte[] fixedValue;

	Workload(LoadSettings settings, long seed) {
		this.settings = settings;
		this.random = new SplittableRandom(seed);
		if (settings.valueSize() > 0) {
			this.fixedValue = new byte[settings.valueSize()];
			Arrays.fill(this.fixedValue, (byte) 'x');
		}
		else {
			this.fixedValue = null;
		}
	}

	/** The next operation's arguments: GET key, or SET key value. */
	byte[][] next() {
		byte[] key = key();
		if (this.random.nextDouble() < this.settings.getRatio()) {
			return new byte[][] { GET, key };
		}
		return new byte[][] { SET, key, value() };
	}

	@Override
	public long pauseNanos() {
		return thinkNanos();
	}

	@Override
	public int operations() {
		return this.settings.depth();
	}

	@Override
	public void play(RespConnection connection, RunStats stats) throws IOException {
		int depth = operations();
		for (int i = 0; i < depth; i++) {
			connection.command(next());
		}
		long sent = System.nanoTime();
		connection.flush();
		int errorReplies = 0;
		for (int i = 0; i < depth; i++) {
			if (connection.read().isError()) {
				errorReplies++;
			}
		}
		stats.completed(sent, System.nanoTime(), depth, errorReplies);
	}

	/** How long to wait before the next operation: uniform in the think-time range, 0 unless sustained. */
	long thinkNanos() {
		if (!this.settings.scenario().thinks()) {
			return 0;
		}
		long min = this.settings.thinkMin().toNanos();
		long max = this.settings.thinkMax().toNanos();
		return (max == min) ? min : this.random.nextLong(min, max + 1);
	}

	private byte[] key() {
		if (this.settings.keyCount() == 1) {
			return SINGLE_KEY;
		}
		return ascii("count:" + this.random.nextInt(this.settings.keyCount()));
	}

	private byte[] value() {
		return (this.fixedValue != null) ? this.fixedValue : ascii(Integer.toString(this.random.nextInt(MAX_NUMBER)));
	}

	private static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

}
