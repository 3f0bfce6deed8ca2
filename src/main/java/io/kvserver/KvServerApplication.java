package io.kvserver;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

import io.kvserver.config.ConfigFileException;
import io.kvserver.config.ConfigRegistry;
import io.kvserver.config.LaunchArguments;
import io.kvserver.config.LaunchedConfig;
import io.kvserver.memory.FatalErrorExit;

import sun.misc.Signal;

/** A Redis-compatible in-memory key-value server: RESP over Spring Integration TCP, metrics over Actuator. */
@SpringBootApplication
@EnableConfigurationProperties(KvServerProperties.class)
public class KvServerApplication {

	/** The time in Redis's log lines: "02 Dec 2026 05:31:35.774". */
	private static final DateTimeFormatter REDIS_LOG_TIME = DateTimeFormatter.ofPattern("dd MMM yyyy HH:mm:ss.SSS",
			Locale.ROOT);

	/**
	 * As redis-server: {@code [/path/to/redis.conf] [--directive value ...]}, plus Spring's
	 * {@code --name=value} arguments. A config error stops the process before anything starts,
	 * with Redis's report on stderr and exit status 1. A JVM error no thread catches (running out of
	 * heap) ends the process (see {@link FatalErrorExit}).
	 */
	public static void main(String[] args) {
		FatalErrorExit.install();
		exitNormallyOnSignals();
		LaunchArguments launch = LaunchArguments.parse(args);
		SpringApplication application = new SpringApplication(KvServerApplication.class);
		if (launch.hasConfig()) {
			ConfigRegistry registry = ConfigRegistry.declared();
			try {
				registry.load(launch.configFile(), launch.options());
			}
			catch (ConfigFileException ex) {
				if (ex.isFatalReport()) {
					System.err.print(ex.report());
				}
				else {
					// Redis logs this one as a warning line, on stdout without a log file
					System.out.println(ProcessHandle.current().pid() + ":C " + REDIS_LOG_TIME.format(ZonedDateTime.now())
							+ " # " + ex.reason());
				}
				System.exit(1);
			}
			LaunchedConfig launched = new LaunchedConfig(registry);
			application.addInitializers(context -> context.getBeanFactory().registerSingleton("launchedConfig", launched));
		}
		application.run(launch.springArgs().toArray(String[]::new));
	}

	/**
	 * SIGTERM and SIGINT end the server as Redis's handler does: a normal exit (status 0) after the
	 * shutdown sequence, which Spring's shutdown hook runs as it closes the context. The JVM's own
	 * handling would exit with 143 (128 + SIGTERM) after the same hooks.
	 */
	private static void exitNormallyOnSignals() {
		for (String name : new String[] { "TERM", "INT" }) {
			Signal.handle(new Signal(name), signal -> exitAfterShutdown());
		}
	}

	/** Exits with status 0 from a thread of its own, so that the caller (a command, a signal) returns first. */
	static void exitAfterShutdown() {
		Thread.ofPlatform().name("kvserver-exit").start(() -> System.exit(0));
	}

}
