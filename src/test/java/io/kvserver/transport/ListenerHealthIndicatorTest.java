package io.kvserver.transport;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;
import org.springframework.scheduling.concurrent.SimpleAsyncTaskScheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The health indicator over a real listener on a free loopback port, started and stopped. */
class ListenerHealthIndicatorTest {

	@Test
	void upOnlyWhileTheListenerAccepts() {
		TcpNetServerConnectionFactory factory = new TcpNetServerConnectionFactory(0);
		factory.setLocalAddress("127.0.0.1");
		factory.setBeanName("test-listener");
		factory.registerListener(message -> { }); // a factory without a listener never opens its socket
		factory.setApplicationEventPublisher(event -> { });
		SimpleAsyncTaskScheduler scheduler = new SimpleAsyncTaskScheduler();
		factory.setTaskScheduler(scheduler);
		ListenerHealthIndicator indicator = new ListenerHealthIndicator(factory, "net", () -> 3);
		assertThat(indicator.health().getStatus()).as("before start").isEqualTo(Status.DOWN);
		factory.start();
		try {
			await().atMost(Duration.ofSeconds(10)).until(factory::isListening);
			Health health = indicator.health();
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsEntry("port", factory.getPort())
				.containsEntry("bind", "127.0.0.1")
				.containsEntry("transport", "net")
				.containsEntry("connections", 3);
			assertThat(factory.getPort()).isPositive();
		}
		finally {
			factory.stop();
			scheduler.close();
		}
		assertThat(indicator.health().getStatus()).as("after stop").isEqualTo(Status.DOWN);
	}

}
