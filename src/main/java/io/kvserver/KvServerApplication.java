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
	 * with Redis's report on stderr and exit status 1.
	 */
	public static void main(String[] args) {
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

}
