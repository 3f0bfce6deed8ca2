package io.kvserver.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.mock.env.MockEnvironment;

/** The registry bean: the kvserver.config-file property, or the launcher's registry, under Spring properties. */
class ConfigConfigurationTest {

	@TempDir
	Path dir;

	private final DefaultListableBeanFactory beans = new DefaultListableBeanFactory();

	@Test
	void readsTheConfigFilePropertyThenSpringPropertiesUnderIt() throws IOException {
		Path conf = Files.writeString(this.dir.resolve("redis.conf"), "maxclients 77\n");
		MockEnvironment environment = new MockEnvironment().withProperty("kvserver.config-file", conf.toString())
			.withProperty("kvserver.maxclients", "5")
			.withProperty("kvserver.databases", "3");
		ConfigRegistry registry = new ConfigConfiguration().configRegistry(environment,
				this.beans.getBeanProvider(LaunchedConfig.class));
		assertThat(registry.numeric("maxclients").value()).isEqualTo(77);
		assertThat(registry.numeric("databases").value()).isEqualTo(3);
		assertThat(registry.configFile()).isEqualTo(conf.toAbsolutePath());
	}

	@Test
	void theLaunchersRegistryIsUsedAsItIs() {
		ConfigRegistry launched = ConfigRegistry.declared();
		launched.load(null, "port 7001");
		this.beans.registerSingleton("launchedConfig", new LaunchedConfig(launched));
		MockEnvironment environment = new MockEnvironment().withProperty("kvserver.port", "7002")
			.withProperty("kvserver.config-file", "/nonexistent.conf");
		ConfigRegistry registry = new ConfigConfiguration().configRegistry(environment,
				this.beans.getBeanProvider(LaunchedConfig.class));
		assertThat(registry).isSameAs(launched);
		assertThat(registry.numeric("port").value()).isEqualTo(7001);
	}

	@Test
	void aRefusedFileFailsWithRedisReport() throws IOException {
		Path conf = Files.writeString(this.dir.resolve("redis.conf"), "port 1\nport x\n");
		MockEnvironment environment = new MockEnvironment().withProperty("kvserver.config-file", conf.toString());
		assertThatThrownBy(() -> new ConfigConfiguration().configRegistry(environment,
				this.beans.getBeanProvider(LaunchedConfig.class)))
			.isInstanceOfSatisfying(ConfigFileException.class, ex -> assertThat(ex.report())
				.contains(">>> 'port x'\nargument couldn't be parsed into an integer\n"));
		assertThat(new ConfigFileFailureAnalyzer().analyze(new IllegalStateException(
				new ConfigFileException(2, "port x", "argument couldn't be parsed into an integer"))).getDescription())
			.startsWith("*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***");
	}

}
