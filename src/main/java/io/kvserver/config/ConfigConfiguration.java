package io.kvserver.config;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The one {@link ConfigRegistry} of the application: the launcher's, or one read from the
 * {@code kvserver.config-file} property, with {@code kvserver.<directive>} properties applied under
 * whatever the file set.
 */
@Configuration(proxyBeanMethods = false)
public class ConfigConfiguration {

	/** A Redis config file to read at start, as {@code kvserver.jar /path/to/redis.conf} does. */
	public static final String CONFIG_FILE_PROPERTY = "kvserver.config-file";

	@Bean
	ConfigRegistry configRegistry(Environment environment, ObjectProvider<LaunchedConfig> launched) {
		LaunchedConfig fromLauncher = launched.getIfAvailable();
		ConfigRegistry registry;
		if (fromLauncher != null) {
			registry = fromLauncher.registry();
		}
		else {
			registry = ConfigRegistry.declared();
			String file = environment.getProperty(CONFIG_FILE_PROPERTY);
			if (file != null && !file.isBlank()) {
				registry.load(file, null);
			}
		}
		Binder binder = Binder.get(environment);
		registry.applyProperties(key -> ConfigurationPropertyName.isValid(key)
				? binder.bind(key, String.class).orElse(null) : null);
		return registry;
	}

}
