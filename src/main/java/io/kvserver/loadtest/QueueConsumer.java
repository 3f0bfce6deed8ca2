package io.kvserver.loadtest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import io.kvserver.protocol.RespReply;

/**
 * A worker of the queue scenario: {@code BRPOP <queue> 1} over and over. A job is what a producer
 * pushed, the {@link System#nanoTime()} of its push in decimal, so each job popped is one completed
 * operation whose latency is push to pop (producers and consumers share this JVM's clock). A BRPOP
 * that times out empty-handed counts nothing: the worker simply waits again.
 */
final class QueueConsumer implements Round {

	private static final byte[] BRPOP = ascii("BRPOP");

	private static final byte[] TIMEOUT_SECONDS = ascii("1");

	private final byte[] queue;

	QueueConsumer(LoadSettings settings, int index) {
		this.queue = queueName(settings.keyCount(), index);
	}

	/** {@code queue} alone, or {@code queue:0 .. queue:<n-1>} when the run has several. */
	static byte[] queueName(int queues, int index) {
		return ascii((queues == 1) ? "queue" : "queue:" + Math.floorMod(index, queues));
	}

	@Override
	public long pauseNanos() {
		return 0;
	}

	@Override
	public int operations() {
		return 1;
	}

	@Override
	public void play(RespConnection connection, RunStats stats) throws IOException {
		long sent = System.nanoTime();
		connection.command(BRPOP, this.queue, TIMEOUT_SECONDS).flush();
		RespReply reply = connection.read();
		long now = System.nanoTime();
		if (reply.isError()) {
			stats.completed(sent, now, 1, 1);
			return;
		}
		if (reply.children().size() != 2) {
			return; // timed out: no job in a second
		}
		String job = reply.children().get(1).text();
		Long pushedAt = parse(job);
		if (pushedAt == null) {
			stats.completed(sent, now, 1, 1); // not a job a producer of this run pushed
			return;
		}
		stats.completed(pushedAt, now, 1, 0);
	}

	private static Long parse(String job) {
		if (job == null) {
			return null;
		}
		try {
			return Long.parseLong(job);
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	private static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

}
