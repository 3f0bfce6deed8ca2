package io.kvserver.loadtest;

import java.io.IOException;

/**
 * What one connection does over and over once connected: a request (or a pipelined batch) and its
 * replies, counted in the run's statistics. One per connection, so it may keep state unlocked.
 */
interface Round {

	/** How long to wait before the next round: think time, or a producer's pause while its queue is full. */
	long pauseNanos();

	/** The operations a round counts as failed when the connection breaks in the middle of it. */
	int operations();

	/** Sends the round's commands, reads their replies and records them. */
	void play(RespConnection connection, RunStats stats) throws IOException;

}
