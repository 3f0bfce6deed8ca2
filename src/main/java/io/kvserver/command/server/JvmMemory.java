package io.kvserver.command.server;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.sun.management.OperatingSystemMXBean;

/** The JVM's memory figures that INFO memory and MEMORY report in Redis's terms. */
public final class JvmMemory {

	private static final long PAGE_SIZE = 4096;

	private JvmMemory() {
	}

	/** The heap in use: Redis's used_memory. */
	static long heapUsed() {
		Runtime rt = Runtime.getRuntime();
		return rt.totalMemory() - rt.freeMemory();
	}

	static long heapCommitted() {
		return Runtime.getRuntime().totalMemory();
	}

	/** The highest heap use the JVM's memory pools have seen, summed, never below the current use. */
	static long heapPeak() {
		long peak = 0;
		List<MemoryPoolMXBean> pools = ManagementFactory.getMemoryPoolMXBeans();
		for (MemoryPoolMXBean pool : pools) {
			if (pool.getType() == MemoryType.HEAP) {
				peak += pool.getPeakUsage().getUsed();
			}
		}
		return Math.max(peak, heapUsed());
	}

	/** Resident set size from /proc/self/statm, or the committed heap where there is no /proc. */
	public static long rss() {
		try {
			String[] statm = Files.readString(Path.of("/proc/self/statm")).trim().split(" ");
			return Long.parseLong(statm[1]) * PAGE_SIZE;
		}
		catch (IOException | RuntimeException ex) {
			return heapCommitted();
		}
	}

	static long totalSystemMemory() {
		if (ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os) {
			return os.getTotalMemorySize();
		}
		return 0;
	}

}
