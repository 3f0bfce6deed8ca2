package io.kvserver.memory;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

import io.kvserver.store.EvictionPool;

/** Redis 7.0's maxmemory policies: which keys may go (all, or those with a TTL) and how one is picked. */
public enum EvictionPolicy {

	VOLATILE_LRU(true, EvictionPool.Score.IDLE), VOLATILE_LFU(true, EvictionPool.Score.FREQUENCY),
	VOLATILE_RANDOM(true, null), VOLATILE_TTL(true, EvictionPool.Score.TTL), ALLKEYS_LRU(false, EvictionPool.Score.IDLE),
	ALLKEYS_LFU(false, EvictionPool.Score.FREQUENCY), ALLKEYS_RANDOM(false, null), NOEVICTION(false, null);

	private final boolean volatileOnly;

	private final EvictionPool.@Nullable Score score;

	EvictionPolicy(boolean volatileOnly, EvictionPool.@Nullable Score score) {
		this.volatileOnly = volatileOnly;
		this.score = score;
	}

	/** The policy's name in the config ("allkeys-lru"). */
	public String configName() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	/** Whether only keys with a TTL may be evicted. */
	public boolean volatileOnly() {
		return this.volatileOnly;
	}

	/** How the eviction pool ranks sampled keys; null for the random policies and noeviction. */
	public EvictionPool.@Nullable Score score() {
		return this.score;
	}

	/** Whether keys are picked at random. */
	public boolean random() {
		return this == VOLATILE_RANDOM || this == ALLKEYS_RANDOM;
	}

	/** Whether entries track access frequencies (an LFU policy) rather than access times. */
	public boolean tracksFrequency() {
		return this.score == EvictionPool.Score.FREQUENCY;
	}

	public static EvictionPolicy fromConfigName(String name) {
		return valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
	}

}
