package io.kvserver;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

import io.kvserver.KvServerProperties.ConnectionThreads;
import io.kvserver.KvServerProperties.Transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/** The kvserver.* properties as Spring Boot binds them: the choices are closed sets, so a typo stops the server. */
@ExtendWith(OutputCaptureExtension.class)
class KvServerPropertiesTest {

	private final ApplicationContextRunner context = new ApplicationContextRunner()
		.withUserConfiguration(Properties.class);

	@ParameterizedTest
	@CsvSource({ "loop, LOOP", "net, NET", "nio, NIO", "NIO, NIO", "Net, NET" })
	void transportNamesBindInAnyCase(String value, Transport transport) {
		this.context.withPropertyValues("kvserver.transport=" + value)
			.run((context) -> assertThat(context.getBean(KvServerProperties.class).transport()).isEqualTo(transport));
	}

	@Test
	void defaultsAreTheEventLoopsOnVirtualThreads() {
		this.context.run((context) -> {
			KvServerProperties properties = context.getBean(KvServerProperties.class);
			assertThat(properties.transport()).isEqualTo(Transport.LOOP);
			assertThat(properties.transport().label()).isEqualTo("loop");
			assertThat(properties.connectionThreads()).isEqualTo(ConnectionThreads.VIRTUAL);
		});
	}

	@ParameterizedTest
	@CsvSource({ "kvserver.transport, lop", "kvserver.transport, epoll", "kvserver.connection-threads, platfrom" })
	void aValueOutsideTheChoicesFailsTheBinding(String property, String value) {
		this.context.withPropertyValues(property + "=" + value).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause().hasMessageContaining(value);
		});
	}

	/** The whole server, as started from the command line: it stops at once and says what it accepts. */
	@Test
	void aTypoInTheTransportStopsTheServerWithTheValidChoices(CapturedOutput output) {
		assertThatException().isThrownBy(() -> SpringApplication.run(KvServerApplication.class,
				"--kvserver.transport=lop", "--kvserver.port=0", "--server.port=0", "--kvserver.save="));
		assertThat(output).contains("kvserver.transport").contains("\"lop\"").contains("LOOP").contains("NET").contains("NIO");
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(KvServerProperties.class)
	static class Properties {

	}

}
