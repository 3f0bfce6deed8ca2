package io.kvserver.command.server;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Properties;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

import com.sun.management.OperatingSystemMXBean;
import io.kvserver.command.CommandCatalog;
import io.kvserver.command.SessionRegistry;
import io.kvserver.metrics.InfoFields;
import io.kvserver.metrics.ServerStats;
import io.kvserver.store.Store;

/**
 * The live values of INFO's server, clients, memory, stats, replication and CPU fields that the
 * server core owns, registered in {@link InfoFields}. Memory is the JVM's: {@code used_memory} is
 * the heap in use, {@code used_memory_dataset} the keyspace's own estimate, RSS the process's.
 */
public final class ServerInfo {

	private static final String VERSION = readVersion();

	private final String runId = randomHex(20);

	private final String replicationId = randomHex(20);

	private final long heapAtStartup = JvmMemory.heapUsed();

	private ServerInfo() {
	}

	/**
	 * @param maxclients what CONFIG GET maxclients answers
	 */
	public static void register(InfoFields info, ServerStats stats, SessionRegistry sessions, Store store,
			IntSupplier port, LongSupplier clock, LongSupplier maxclients) {
		ServerInfo server = new ServerInfo();
		info.register("redis_version", () -> CommandCatalog.REDIS_VERSION)
			.register("kvserver_version", ServerInfo::version)
			.register("redis_git_sha1", () -> "00000000")
			.register("redis_git_dirty", () -> 0)
			.register("redis_build_id", ServerInfo::version)
			.register("os", () -> System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
					+ System.getProperty("os.arch"))
			.register("arch_bits", () -> System.getProperty("sun.arch.data.model", "64"))
			.register("multiplexing_api", () -> "java.nio " + System.getProperty("java.version"))
			.register("gcc_version", () -> "0.0.0")
			.register("process_id", () -> ProcessHandle.current().pid())
			.register("run_id", () -> server.runId)
			.register("tcp_port", port::getAsInt)
			.register("server_time_usec", () -> clock.getAsLong() * 1000)
			.register("uptime_in_seconds", () -> (clock.getAsLong() - stats.startedAtMillis()) / 1000)
			.register("uptime_in_days", () -> (clock.getAsLong() - stats.startedAtMillis()) / 1000 / 86400)
			.register("lru_clock", () -> (clock.getAsLong() / 1000) & ((1 << 24) - 1))
			.register("executable", () -> ProcessHandle.current().info().command().orElse(""))
			.register("config_file", () -> "");
		info.register("connected_clients", sessions::size)
			.register("maxclients", maxclients::getAsLong)
			.register("client_recent_max_input_buffer", () -> 0)
			.register("client_recent_max_output_buffer", () -> 0);
		registerMemory(info, server, store);
		info.register("total_connections_received", stats::totalConnectionsReceived)
			.register("total_commands_processed", stats::totalCommandsProcessed)
			.register("instantaneous_ops_per_sec", () -> Math.round(stats.instantaneousOpsPerSecond()))
			.register("total_net_input_bytes", stats::totalNetInputBytes)
			.register("total_net_output_bytes", stats::totalNetOutputBytes)
			.register("instantaneous_input_kbps", () -> "0.00")
			.register("instantaneous_output_kbps", () -> "0.00")
			.register("rejected_connections", stats::rejectedConnections)
			.register("evicted_keys", stats::evictedKeys)
			.register("keyspace_hits", stats::keyspaceHits)
			.register("keyspace_misses", stats::keyspaceMisses)
			.register("total_error_replies", stats::totalErrorReplies)
			.register("total_reads_processed", stats::totalCommandsProcessed)
			.register("total_writes_processed", stats::totalCommandsProcessed)
			.register("expire_cycle_cpu_milliseconds", () -> 0);
		info.register("master_replid", () -> server.replicationId);
		registerCpu(info);
	}

	private static void registerMemory(InfoFields info, ServerInfo server, Store store) {
		info.register("used_memory", JvmMemory::heapUsed)
			.register("used_memory_human", () -> InfoFields.human(JvmMemory.heapUsed()))
			.register("used_memory_rss", JvmMemory::rss)
			.register("used_memory_rss_human", () -> InfoFields.human(JvmMemory.rss()))
			.register("used_memory_peak", JvmMemory::heapPeak)
			.register("used_memory_peak_human", () -> InfoFields.human(JvmMemory.heapPeak()))
			.register("used_memory_peak_perc", () -> percent(JvmMemory.heapUsed(), JvmMemory.heapPeak()))
			.register("used_memory_overhead", () -> Math.max(0, JvmMemory.heapUsed() - store.memoryEstimate()))
			.register("used_memory_startup", () -> server.heapAtStartup)
			.register("used_memory_dataset", store::memoryEstimate)
			.register("used_memory_dataset_perc",
					() -> percent(store.memoryEstimate(), Math.max(1, JvmMemory.heapUsed() - server.heapAtStartup)))
			.register("allocator_allocated", JvmMemory::heapUsed)
			.register("allocator_active", JvmMemory::heapCommitted)
			.register("allocator_resident", JvmMemory::rss)
			.register("total_system_memory", JvmMemory::totalSystemMemory)
			.register("total_system_memory_human", () -> InfoFields.human(JvmMemory.totalSystemMemory()))
			.register("allocator_frag_ratio", () -> ratio(JvmMemory.heapCommitted(), JvmMemory.heapUsed()))
			.register("allocator_frag_bytes", () -> JvmMemory.heapCommitted() - JvmMemory.heapUsed())
			.register("allocator_rss_ratio", () -> ratio(JvmMemory.rss(), JvmMemory.heapCommitted()))
			.register("allocator_rss_bytes", () -> JvmMemory.rss() - JvmMemory.heapCommitted())
			.register("rss_overhead_ratio", () -> ratio(JvmMemory.rss(), JvmMemory.heapCommitted()))
			.register("rss_overhead_bytes", () -> JvmMemory.rss() - JvmMemory.heapCommitted())
			.register("mem_fragmentation_ratio", () -> ratio(JvmMemory.rss(), JvmMemory.heapUsed()))
			.register("mem_fragmentation_bytes", () -> JvmMemory.rss() - JvmMemory.heapUsed())
			.register("mem_clients_normal", () -> 0)
			.register("mem_allocator", () -> "jvm-" + Runtime.version().feature() + " "
					+ ManagementFactory.getRuntimeMXBean().getVmName())
			.register("jvm_heap_used", JvmMemory::heapUsed)
			.register("jvm_heap_used_human", () -> InfoFields.human(JvmMemory.heapUsed()))
			.register("jvm_heap_max", () -> Runtime.getRuntime().maxMemory())
			.register("jvm_heap_max_human", () -> InfoFields.human(Runtime.getRuntime().maxMemory()));
	}

	/**
	 * Process CPU from /proc/self/stat (user and system apart, as Redis's getrusage), the calling
	 * thread's as the main thread's: INFO runs on the event loop.
	 */
	private static void registerCpu(InfoFields info) {
		info.register("used_cpu_sys", () -> seconds(processCpuTicks(1)))
			.register("used_cpu_user", () -> seconds(processCpuTicks(0)))
			.register("used_cpu_sys_main_thread", () -> {
				ThreadMXBean threads = ManagementFactory.getThreadMXBean();
				return micros((threads.getCurrentThreadCpuTime() - threads.getCurrentThreadUserTime()) / 1000);
			})
			.register("used_cpu_user_main_thread",
					() -> micros(ManagementFactory.getThreadMXBean().getCurrentThreadUserTime() / 1000));
	}

	/** utime (0) or stime (1) of this process in microseconds, from /proc/self/stat's clock ticks (100 Hz). */
	private static long processCpuTicks(int which) {
		try {
			String stat = Files.readString(Path.of("/proc/self/stat"));
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			return Long.parseLong(fields[11 + which]) * 10_000;
		}
		catch (IOException | RuntimeException ex) {
			if (which == 0 && ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os) {
				return os.getProcessCpuTime() / 1000;
			}
			return 0;
		}
	}

	private static String seconds(long micros) {
		return micros(micros);
	}

	/** Seconds with six decimals, as Redis's "%ld.%06ld". */
	private static String micros(long micros) {
		return (micros / 1_000_000) + "." + String.format(Locale.ROOT, "%06d", micros % 1_000_000);
	}

	private static String percent(long part, long whole) {
		return String.format(Locale.ROOT, "%.2f%%", whole == 0 ? 0.0 : 100.0 * part / whole);
	}

	private static String ratio(long a, long b) {
		return String.format(Locale.ROOT, "%.2f", b == 0 ? 0.0 : (double) a / b);
	}

	/** The build's version, read once; see {@link #readVersion()}. */
	static String version() {
		return VERSION;
	}

	/**
	 * {@code build.version} from {@code META-INF/build-info.properties}, which the Maven build writes
	 * into the classes (spring-boot-maven-plugin's build-info), so a packaged jar, its extracted layers
	 * in the Docker image, {@code spring-boot:run} and the tests all know it, as /actuator/info does.
	 * The jar manifest's version is the fallback, and "dev" is left only for classes built without
	 * Maven.
	 */
	private static String readVersion() {
		try (InputStream in = ServerInfo.class.getResourceAsStream("/META-INF/build-info.properties")) {
			if (in != null) {
				Properties build = new Properties();
				build.load(in);
				String version = build.getProperty("build.version");
				if (version != null && !version.isBlank()) {
					return version;
				}
			}
		}
		catch (IOException ex) {
			// unreadable: fall back to the manifest
		}
		String version = ServerInfo.class.getPackage().getImplementationVersion();
		return version != null ? version : "dev";
	}

	private static String randomHex(int bytes) {
		byte[] random = new byte[bytes];
		new SecureRandom().nextBytes(random);
		return HexFormat.of().formatHex(random);
	}

}
