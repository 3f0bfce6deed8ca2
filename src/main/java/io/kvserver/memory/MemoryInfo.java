package io.kvserver.memory;

import java.util.Locale;

import io.kvserver.command.server.JvmMemory;
import io.kvserver.metrics.InfoFields;
import io.kvserver.metrics.ServerStats;
import io.kvserver.store.Store;

/**
 * INFO's memory fields as the memory limit counts them: {@code used_memory} is what is compared with
 * maxmemory (the keyspace estimate plus the other memory counted, see {@link MemoryLimit}), so that
 * a client reading INFO sees the same figure eviction acts on; the JVM's own heap is in
 * {@code jvm_heap_used} and {@code jvm_heap_max}, which the server core registers along with the
 * heap figures these replace.
 */
final class MemoryInfo {

	private MemoryInfo() {
	}

	static void register(InfoFields info, MemoryLimit limit, Store store, ServerStats stats) {
		info.register("used_memory", limit::used)
			.register("used_memory_human", () -> InfoFields.human(limit.used()))
			.register("used_memory_peak", limit::peak)
			.register("used_memory_peak_human", () -> InfoFields.human(limit.peak()))
			.register("used_memory_peak_perc", () -> percent(limit.used(), limit.peak()))
			.register("used_memory_overhead", () -> limit.used() - store.memoryEstimate())
			.register("used_memory_startup", () -> 0)
			.register("used_memory_dataset", store::memoryEstimate)
			.register("used_memory_dataset_perc", () -> percent(store.memoryEstimate(), limit.used()))
			.register("mem_fragmentation_ratio", () -> ratio(JvmMemory.rss(), limit.used()))
			.register("mem_fragmentation_bytes", () -> JvmMemory.rss() - limit.used())
			.register("maxmemory", () -> Long.toUnsignedString(limit.maxmemory()))
			.register("maxmemory_human", () -> InfoFields.human(limit.maxmemory()))
			.register("maxmemory_policy", () -> limit.policy().configName())
			.register("evicted_keys", stats::evictedKeys)
			.register("evicted_clients", stats::evictedClients)
			.register("total_eviction_exceeded_time", limit::exceededTotalMillis)
			.register("current_eviction_exceeded_time", limit::exceededCurrentMillis);
	}

	/** Redis's "%.2f%%" of a share. */
	private static String percent(long part, long whole) {
		return String.format(Locale.ROOT, "%.2f%%", whole == 0 ? 0.0 : 100.0 * part / whole);
	}

	/** Redis's "%.2f" of a ratio. */
	private static String ratio(long a, long b) {
		return String.format(Locale.ROOT, "%.2f", b == 0 ? 0.0 : (double) a / b);
	}

}
