package io.kvserver;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** A Redis-compatible in-memory key-value server: RESP over Spring Integration TCP, metrics over Actuator. */
@SpringBootApplication
@EnableConfigurationProperties({ KvServerProperties.class, PersistenceProperties.class })
public class KvServerApplication {

	public static void main(String[] args) {
		SpringApplication.run(KvServerApplication.class, args);
	}

}
