package io.kvserver.command.server;

import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;

import io.kvserver.command.SlowLog;
import io.kvserver.metrics.LatencyMonitor;
import io.kvserver.metrics.LatencyMonitor.Sample;
import io.kvserver.metrics.LatencyMonitor.Series;

/**
 * LATENCY DOCTOR's report, as latency.c's createLatencyReport words it: each event's spikes, then
 * the advice its events call for. Redis also advises disabling transparent huge pages when its
 * process has any; kvserver's JVM asks for them on purpose (README, JVM flags), so that advice is
 * left out.
 */
final class LatencyDoctor {

	private static final String DISABLED = "I'm sorry, Dave, I can't do that. Latency monitoring is disabled in this Redis instance. You may use \"CONFIG SET latency-monitor-threshold <milliseconds>.\" in order to enable it. If we weren't in a deep space mission I'd suggest to take a look at https://redis.io/topics/latency-monitor.\n";

	private final LatencyMonitor monitor;

	private final SlowLog slowLog;

	private final LongSupplier clock;

	private boolean slowlogEnabled;

	private boolean slowlogTuning;

	private boolean slowlogInspect;

	private boolean scheduler;

	private boolean localDisk;

	private boolean ssd;

	private boolean dataWriteback;

	private boolean diskContention;

	private boolean relaxFsync;

	private boolean writeLoadInfo;

	private boolean hz;

	private boolean largeObjects;

	private boolean massEviction;

	private int advices;

	LatencyDoctor(LatencyMonitor monitor, SlowLog slowLog, LongSupplier clock) {
		this.monitor = monitor;
		this.slowLog = slowLog;
		this.clock = clock;
	}

	String report() {
		List<Series> events = this.monitor.all();
		long threshold = this.monitor.thresholdMillis();
		if (events.isEmpty() && threshold == 0) {
			return DISABLED;
		}
		StringBuilder report = new StringBuilder();
		int eventNumber = 0;
		for (Series series : events) {
			eventNumber++;
			if (eventNumber == 1) {
				report.append("Dave, I have observed latency spikes in this Redis instance. You don't mind talking about it, do you Dave?\n\n");
			}
			describe(eventNumber, series, report);
			advise(series.event(), threshold);
			report.append('\n');
		}
		if (eventNumber == 0 && this.advices == 0) {
			report.append("Dave, no latency spike was observed during the lifetime of this Redis instance, not in the slightest bit. I honestly think you ought to sit down calmly, take a stress pill, and think things over.\n");
		}
		else if (this.advices == 0) {
			report.append("\nWhile there are latency events logged, I'm not able to suggest any easy fix. Please use the Redis community to get some help, providing this report in your help request.\n");
		}
		else {
			appendAdvice(report, threshold);
		}
		return report.toString();
	}

	/** "1. command: 3 latency spikes (average 120ms, mean deviation 10ms, period 4.00 sec). Worst all time event 150ms." */
	private void describe(int number, Series series, StringBuilder report) {
		List<Sample> samples = series.samples();
		long sum = 0;
		long oldest = 0;
		for (Sample sample : samples) {
			sum += sample.millis();
			if (oldest == 0 || sample.unixSeconds() < oldest) {
				oldest = sample.unixSeconds();
			}
		}
		long average = samples.isEmpty() ? 0 : sum / samples.size();
		long period = samples.isEmpty() ? 0 : Math.max(1, this.clock.getAsLong() / 1000 - oldest);
		long deviation = 0;
		for (Sample sample : samples) {
			deviation += Math.abs(average - sample.millis());
		}
		long mad = samples.isEmpty() ? 0 : deviation / samples.size();
		report.append(String.format(Locale.ROOT,
				"%d. %s: %d latency spikes (average %dms, mean deviation %dms, period %.2f sec). Worst all time event %dms.",
				number, series.event(), samples.size(), average, mad, (double) period / samples.size(), series.max()));
	}

	private void advise(String event, long threshold) {
		switch (event.toLowerCase(Locale.ROOT)) {
			case "command" -> {
				long slowerThan = this.slowLog.slowerThanMicros();
				if (slowerThan < 0) {
					this.slowlogEnabled = true;
					this.advices++;
				}
				else if (slowerThan / 1000 > threshold) {
					this.slowlogTuning = true;
					this.advices++;
				}
				this.slowlogInspect = true;
				this.largeObjects = true;
				this.advices += 2;
			}
			case "fast-command" -> {
				this.scheduler = true;
				this.advices++;
			}
			case "aof-write-pending-fsync" -> {
				this.localDisk = this.diskContention = this.ssd = this.dataWriteback = true;
				this.advices += 4;
			}
			case "aof-write-alone" -> {
				this.localDisk = this.dataWriteback = this.ssd = true;
				this.advices += 3;
			}
			case "aof-fsync-always" -> {
				this.relaxFsync = true;
				this.advices++;
			}
			case "aof-fstat", "rdb-unlink-temp-file" -> {
				this.diskContention = this.localDisk = true;
				this.advices += 2;
			}
			case "aof-rewrite-diff-write", "aof-rename" -> {
				this.writeLoadInfo = this.dataWriteback = this.ssd = this.localDisk = true;
				this.advices += 4;
			}
			case "expire-cycle" -> {
				this.hz = true;
				this.largeObjects = true;
				this.advices += 2;
			}
			case "eviction-del" -> {
				this.largeObjects = true;
				this.advices++;
			}
			case "eviction-cycle" -> {
				this.massEviction = true;
				this.advices++;
			}
			default -> {
				// no advice for other events
			}
		}
	}

	private void appendAdvice(StringBuilder report, long threshold) {
		report.append("\nI have a few advices for you:\n\n");
		if (this.slowlogEnabled) {
			report.append("- There are latency issues with potentially slow commands you are using. Try to enable the Slow Log Redis feature using the command 'CONFIG SET slowlog-log-slower-than ")
				.append(threshold * 1000)
				.append("'. If the Slow log is disabled Redis is not able to log slow commands execution for you.\n");
		}
		if (this.slowlogTuning) {
			report.append("- Your current Slow Log configuration only logs events that are slower than your configured latency monitor threshold. Please use 'CONFIG SET slowlog-log-slower-than ")
				.append(threshold * 1000)
				.append("'.\n");
		}
		if (this.slowlogInspect) {
			report.append("- Check your Slow Log to understand what are the commands you are running which are too slow to execute. Please check https://redis.io/commands/slowlog for more information.\n");
		}
		if (this.scheduler) {
			report.append("- The system is slow to execute Redis code paths not containing system calls. This usually means the system does not provide Redis CPU time to run for long periods. You should try to:\n"
					+ "  1) Lower the system load.\n"
					+ "  2) Use a computer / VM just for Redis if you are running other software in the same system.\n"
					+ "  3) Check if you have a \"noisy neighbour\" problem.\n"
					+ "  4) Check with 'redis-cli --intrinsic-latency 100' what is the intrinsic latency in your system.\n"
					+ "  5) Check if the problem is allocator-related by recompiling Redis with MALLOC=libc, if you are using Jemalloc. However this may create fragmentation problems.\n");
		}
		if (this.localDisk) {
			report.append("- It is strongly advised to use local disks for persistence, especially if you are using AOF. Remote disks provided by platform-as-a-service providers are known to be slow.\n");
		}
		if (this.ssd) {
			report.append("- SSD disks are able to reduce fsync latency, and total time needed for snapshotting and AOF log rewriting (resulting in smaller memory usage). With extremely high write load SSD disks can be a good option. However Redis should perform reasonably with high load using normal disks. Use this advice as a last resort.\n");
		}
		if (this.dataWriteback) {
			report.append("- Mounting ext3/4 filesystems with data=writeback can provide a performance boost compared to data=ordered, however this mode of operation provides less guarantees, and sometimes it can happen that after a hard crash the AOF file will have a half-written command at the end and will require to be repaired before Redis restarts.\n");
		}
		if (this.diskContention) {
			report.append("- Try to lower the disk contention. This is often caused by other disk intensive processes running in the same computer (including other Redis instances).\n");
		}
		if (this.relaxFsync) {
			report.append("- Your fsync policy is set to 'always'. It is very hard to get good performances with such a setup, if possible try to relax the fsync policy to 'onesec'.\n");
		}
		if (this.writeLoadInfo) {
			report.append("- Latency during the AOF atomic rename operation or when the final difference is flushed to the AOF file at the end of the rewrite, sometimes is caused by very high write load, causing the AOF buffer to get very large. If possible try to send less commands to accomplish the same work, or use Lua scripts to group multiple operations into a single EVALSHA call.\n");
		}
		if (this.hz) {
			report.append("- In order to make the Redis keys expiring process more incremental, try to set the 'hz' configuration parameter to 100 using 'CONFIG SET hz 100'.\n");
		}
		if (this.largeObjects) {
			report.append("- Deleting, expiring or evicting (because of maxmemory policy) large objects is a blocking operation. If you have very large objects that are often deleted, expired, or evicted, try to fragment those objects into multiple smaller objects.\n");
		}
		if (this.massEviction) {
			report.append("- Sudden changes to the 'maxmemory' setting via 'CONFIG SET', or allocation of large objects via sets or sorted sets intersections, STORE option of SORT, Redis Cluster large keys migrations (RESTORE command), may create sudden memory pressure forcing the server to block trying to evict keys. \n");
		}
	}

}
