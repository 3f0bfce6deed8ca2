package io.kvserver.memory;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

import io.kvserver.command.BusyScript;
import io.kvserver.config.ConfigRegistry;
import io.kvserver.config.EnumDirective;
import io.kvserver.config.NumericDirective;
import io.kvserver.metrics.InfoFields;
import io.kvserver.metrics.ServerStats;
import io.kvserver.store.AccessTracking;
import io.kvserver.store.Databases;

/** Wires maxmemory: the limit and its eviction, the gate before each command, INFO's memory fields. */
@Configuration(proxyBeanMethods = false)
public class MemoryConfiguration {

	private static final Log LOGGER = LogFactory.getLog(MemoryConfiguration.class);

	/** How often the background task looks for an eviction that ran out of time (Redis runs its own at once). */
	private static final long BACKGROUND_EVICTION_MILLIS = 10;

	@Bean
	MemoryLimit memoryLimit(Databases databases, ConfigRegistry config, ServerStats stats) {
		NumericDirective maxmemory = config.numeric("maxmemory");
		MemoryLimit limit = new MemoryLimit(databases, maxmemory::value, config.numeric("maxmemory-samples")::value,
				config.numeric("maxmemory-eviction-tenacity")::value, stats, System::currentTimeMillis);
		EnumDirective policy = config.enumerated("maxmemory-policy");
		limit.setPolicy(EvictionPolicy.fromConfigName(policy.value()));
		policy.onApply(() -> {
			limit.setPolicy(EvictionPolicy.fromConfigName(policy.value()));
			return null;
		});
		AccessTracking tracking = databases.accessTracking();
		NumericDirective logFactor = config.numeric("lfu-log-factor");
		NumericDirective decayTime = config.numeric("lfu-decay-time");
		tracking.setLogFactor(logFactor.value());
		tracking.setDecayMinutes(decayTime.value());
		logFactor.onApply(() -> {
			tracking.setLogFactor(logFactor.value());
			return null;
		});
		decayTime.onApply(() -> {
			tracking.setDecayMinutes(decayTime.value());
			return null;
		});
		if (maxmemory.value() != 0 && Long.compareUnsigned(maxmemory.value(), 1024 * 1024) < 0) {
			LOGGER.warn("WARNING: You specified a maxmemory value that is less than 1MB (current value is "
					+ Long.toUnsignedString(maxmemory.value()) + " bytes). Are you sure this is what you really want?");
		}
		// CONFIG SET maxmemory runs under the database lock, as any command: evict at once, as Redis does.
		maxmemory.onApply(() -> {
			if (maxmemory.value() != 0) {
				long used = limit.used();
				if (Long.compareUnsigned(maxmemory.value(), used) < 0) {
					LOGGER.warn("WARNING: the new maxmemory value set via CONFIG SET (" + Long.toUnsignedString(maxmemory.value())
							+ ") is smaller than the current memory usage (" + used + "). This will result in key eviction "
							+ "and/or the inability to accept new write commands depending on the maxmemory-policy.");
				}
				limit.evict();
			}
			return null;
		});
		if (!FatalErrorExit.jvmExitsOnOutOfMemory()) {
			LOGGER.warn("The JVM was started without -XX:+ExitOnOutOfMemoryError: an OutOfMemoryError that a thread "
					+ "catches would leave the server running in an unknown state. kvserver's launch configurations set it "
					+ "(docs/configuration.md, \"Memory\").");
		}
		return limit;
	}

	/** After ACL: Redis refuses NOAUTH and NOPERM before it looks at memory. */
	@Bean
	@Order(2)
	MemoryGate memoryGate(MemoryLimit limit, BusyScript busyScript) {
		return new MemoryGate(limit, busyScript);
	}

	/**
	 * INFO's memory fields, registered once every bean exists: after the server family, whose JVM
	 * heap figures these replace.
	 */
	@Bean
	SmartInitializingSingleton memoryInfoFields(InfoFields info, MemoryLimit limit, Databases databases,
			ServerStats stats) {
		return () -> MemoryInfo.register(info, limit, databases, stats);
	}

	/** Eviction that ran out of its time slice goes on here, as Redis's eviction time proc. */
	@Bean(destroyMethod = "shutdownNow")
	ScheduledExecutorService backgroundEviction(MemoryLimit limit, Databases databases) {
		ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(
				Thread.ofPlatform().name("kvserver-eviction").daemon().factory());
		executor.scheduleWithFixedDelay(() -> {
			if (!limit.running()) {
				return;
			}
			databases.lock().lock();
			try {
				if (!databases.backgroundWorkHeld()) {
					limit.evict();
				}
			}
			catch (RuntimeException ex) {
				LOGGER.error("background eviction failed; retrying", ex);
			}
			finally {
				databases.lock().unlock();
			}
		}, BACKGROUND_EVICTION_MILLIS, BACKGROUND_EVICTION_MILLIS, TimeUnit.MILLISECONDS);
		return executor;
	}

	/** DOWN once the JVM failed in a thread (see {@link FatalErrorExit}), in the moment before the process ends. */
	@Bean
	HealthIndicator jvmHealthIndicator() {
		return () -> FatalErrorExit.failed() ? Health.down().withDetail("error", "fatal JVM error").build()
				: Health.up().build();
	}

}
