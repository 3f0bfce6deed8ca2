package io.kvserver.loadtest;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * One run at a fixed number of connections: each connection is a virtual thread with a blocking
 * socket, so 10,000 connections cost 10,000 cheap threads parked in the JDK's poller rather than
 * 10,000 platform threads. Connections start spread evenly over the ramp-up (no stampede on the
 * server's accept queue), then warm up, then are measured; at the end of the measured window
 * every thread is interrupted (which closes its socket) and the run is over within a grace
 * period whatever the server does.
 */
final class LoadRun {

	/** How long stopped connections get to wind down before the run returns without them. */
	static final Duration STOP_GRACE = Duration.ofSeconds(5);

	private final LoadSettings settings;

	private final int connections;

	private final PrintStream progress;

	private volatile boolean stopping;

	LoadRun(LoadSettings settings, int connections, PrintStream progress) {
		if (connections < 1) {
			throw new IllegalArgumentException("connections must be at least 1, was " + connections);
		}
		this.settings = settings;
		this.connections = connections;
		this.progress = progress;
	}

	RunResult run() throws InterruptedException {
		InetSocketAddress address = new InetSocketAddress(this.settings.host(), this.settings.port());
		long start = System.nanoTime();
		long rampUp = this.settings.rampUp().toNanos();
		long measureStart = start + rampUp + this.settings.warmUp().toNanos();
		long measureEnd = measureStart + this.settings.duration().toNanos();
		RunStats stats = new RunStats(measureStart, measureEnd);
		ExecutorService threads = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("loadtest-", 0).factory());
		for (int i = 0; i < this.connections; i++) {
			long startAt = start + rampUp * i / this.connections;
			Workload workload = new Workload(this.settings, start ^ (0x9E3779B97F4A7C15L * (i + 1)));
			threads.execute(() -> connection(address, startAt, workload, stats));
		}
		reportProgressUntil(start, measureStart, measureEnd, stats);
		int openAtEnd = stats.open();
		this.stopping = true;
		threads.shutdownNow();
		if (!threads.awaitTermination(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
			this.progress.println("warning: some connections did not stop within " + STOP_GRACE.toSeconds()
					+ " s; the run ends without them");
		}
		return RunResult.of(this.settings.scenario(), this.connections, openAtEnd,
				this.settings.duration().toNanos() / 1e9, stats);
	}

	/** The life of one connection: connect (again after a failure), think, operate, until stopped. */
	private void connection(InetSocketAddress address, long startAt, Workload workload, RunStats stats) {
		RespConnection connection = null;
		int depth = this.settings.depth();
		try {
			sleepNanos(startAt - System.nanoTime());
			while (!this.stopping) {
				if (connection == null) {
					connection = connect(address, stats);
					if (connection == null) {
						sleepNanos(this.settings.reconnectDelay().toNanos());
						continue;
					}
				}
				sleepNanos(workload.thinkNanos());
				if (this.stopping) {
					break;
				}
				try {
					for (int i = 0; i < depth; i++) {
						connection.command(workload.next());
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
				catch (IOException ex) {
					if (!this.stopping) {
						stats.failed((ex instanceof SocketTimeoutException) ? ErrorKind.TIMEOUT : ErrorKind.IO, depth,
								System.nanoTime());
					}
					// the reply stream is out of step (or gone): only a new connection can go on
					close(connection, stats);
					connection = null;
				}
			}
		}
		catch (InterruptedException ex) {
			// stopped at the end of the run
		}
		finally {
			if (connection != null) {
				close(connection, stats);
			}
		}
	}

	private RespConnection connect(InetSocketAddress address, RunStats stats) {
		try {
			RespConnection connection = RespConnection.open(address, this.settings.connectTimeout(),
					this.settings.readTimeout());
			stats.opened();
			return connection;
		}
		catch (IOException ex) {
			if (!this.stopping) {
				stats.failed(ErrorKind.CONNECT, 1, System.nanoTime());
			}
			return null;
		}
	}

	private static void close(RespConnection connection, RunStats stats) {
		connection.close();
		stats.closed();
	}

	private void reportProgressUntil(long start, long measureStart, long measureEnd, RunStats stats)
			throws InterruptedException {
		long interval = this.settings.progressInterval().toNanos();
		long lastCompleted = 0;
		long lastAt = start;
		for (long next = start + interval; measureEnd - System.nanoTime() > 0; next += interval) {
			sleepNanos(Math.min(next, measureEnd) - System.nanoTime());
			long now = System.nanoTime();
			if (measureEnd - now <= 0) {
				break;
			}
			long completed = stats.completedAnyTime();
			double rate = (completed - lastCompleted) / ((now - lastAt) / 1e9);
			lastCompleted = completed;
			lastAt = now;
			this.progress.println(String.format(Locale.ROOT, "[%s %d] %s  open %d  ops %.0f/s  errors %d",
					this.settings.scenario().label(), this.connections, phase(now, start, measureStart, measureEnd),
					stats.open(), rate, stats.errors()));
		}
	}

	private String phase(long now, long start, long measureStart, long measureEnd) {
		long rampEnd = start + this.settings.rampUp().toNanos();
		if (now - rampEnd < 0) {
			return "ramp-up " + seconds(now - start) + "/" + seconds(rampEnd - start) + " s";
		}
		if (now - measureStart < 0) {
			return "warm-up " + seconds(now - rampEnd) + "/" + seconds(measureStart - rampEnd) + " s";
		}
		return "measuring " + seconds(now - measureStart) + "/" + seconds(measureEnd - measureStart) + " s";
	}

	private static long seconds(long nanos) {
		return Math.round(nanos / 1e9);
	}

	private static void sleepNanos(long nanos) throws InterruptedException {
		if (nanos > 0) {
			Thread.sleep(Duration.ofNanos(nanos));
		}
	}

}
