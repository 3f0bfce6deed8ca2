package io.kvserver.memory;

import java.util.Arrays;

import io.kvserver.config.ConfigRegistry;
import io.kvserver.config.DirectiveSet;
import io.kvserver.config.EnumDirective;
import io.kvserver.config.NumericDirective;

/**
 * The memory limit's directives, with Redis 7.0's names, bounds and defaults, except the default
 * maxmemory: Redis has none (0), kvserver takes {@value #DEFAULT_HEAP_SHARE_PERCENT}% of the JVM's
 * maximum heap, so that a server left at its defaults answers {@code -OOM} (noeviction) before the
 * heap runs out. {@code maxmemory 0} turns the limit off, as in Redis.
 */
public final class MemoryDirectives implements DirectiveSet {

	/** The share of the JVM's maximum heap the keyspace may use by default (docs/configuration.md). */
	public static final int DEFAULT_HEAP_SHARE_PERCENT = 50;

	private static final long MB = 1024 * 1024;

	@Override
	public void declare(ConfigRegistry registry) {
		registry.add(new NumericDirective("maxmemory", null, 0, -1, true, NumericDirective.Format.MEMORY,
				defaultMaxmemory(Runtime.getRuntime().maxMemory())));
		registry.add(new EnumDirective("maxmemory-policy", null,
				Arrays.stream(EvictionPolicy.values()).map(EvictionPolicy::configName).toList(),
				EvictionPolicy.NOEVICTION.configName()));
		registry.add(NumericDirective.integer("maxmemory-samples", 1, Integer.MAX_VALUE, 5));
		registry.add(NumericDirective.integer("maxmemory-eviction-tenacity", 0, 100, 10));
		registry.add(NumericDirective.integer("lfu-log-factor", 0, Integer.MAX_VALUE, 10));
		registry.add(NumericDirective.integer("lfu-decay-time", 0, Integer.MAX_VALUE, 1));
	}

	/** The default maxmemory for a JVM whose maximum heap is {@code maxHeap}: its share, in whole megabytes. */
	static long defaultMaxmemory(long maxHeap) {
		if (maxHeap == Long.MAX_VALUE) {
			return 0; // no heap limit to stay under
		}
		return maxHeap / MB * DEFAULT_HEAP_SHARE_PERCENT / 100 * MB;
	}

}
