package io.kvserver;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

import sun.misc.Signal;

/** A Redis-compatible in-memory key-value server: RESP over Spring Integration TCP, metrics over Actuator. */
@SpringBootApplication
@EnableConfigurationProperties({ KvServerProperties.class, PersistenceProperties.class })
public class KvServerApplication {

	public static void main(String[] args) {
		exitNormallyOnSignals();
		SpringApplication.run(KvServerApplication.class, args);
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
