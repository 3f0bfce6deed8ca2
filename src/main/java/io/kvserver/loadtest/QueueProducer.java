package io.kvserver.loadtest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.SplittableRandom;

import io.kvserver.protocol.RespReply;

/**
 * A producer of the queue scenario: {@code LPUSH <queue> <System.nanoTime()>} in a closed loop, on a
 * random queue of the run's. Its pushes are not the run's operations (the consumers count the jobs
 * they pop); only its error replies are. When a push finds more than {@link #MAX_BACKLOG} jobs
 * waiting the producer pauses briefly, so producers faster than the consumers fill no unbounded list
 * and push-to-pop latency stays a measure of delivery, not of an ever longer wait in line.
 */
final class QueueProducer implements Round {

	static final long MAX_BACKLOG = 1_000;

	private static final long BACKLOG_PAUSE_NANOS = Duration.ofMillis(1).toNanos();

	private static final byte[] LPUSH = "LPUSH".getBytes(StandardCharsets.US_ASCII);

	private final int queues;

	private final SplittableRandom random;

	private boolean backlogged;

	QueueProducer(LoadSettings settings, long seed) {
		this.queues = settings.keyCount();
		this.random = new SplittableRandom(seed);
	}

	@Override
	public long pauseNanos() {
		return this.backlogged ? BACKLOG_PAUSE_NANOS : 0;
	}

	@Override
	public int operations() {
		return 1;
	}

	@Override
	public void play(RespConnection connection, RunStats stats) throws IOException {
		byte[] queue = QueueConsumer.queueName(this.queues, this.random.nextInt(this.queues));
		byte[] job = Long.toString(System.nanoTime()).getBytes(StandardCharsets.US_ASCII);
		connection.command(LPUSH, queue, job).flush();
		RespReply reply = connection.read();
		if (reply.isError()) {
			stats.failed(ErrorKind.REPLY, 1, System.nanoTime());
			this.backlogged = false;
			return;
		}
		this.backlogged = reply.type() == ':' && Long.parseLong(reply.line()) > MAX_BACKLOG;
	}

}
