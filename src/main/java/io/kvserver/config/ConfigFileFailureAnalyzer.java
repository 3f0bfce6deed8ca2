package io.kvserver.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** A config file named by {@code kvserver.config-file} that Redis would refuse: Redis's report, not a stack trace. */
class ConfigFileFailureAnalyzer extends AbstractFailureAnalyzer<ConfigFileException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, ConfigFileException cause) {
		return new FailureAnalysis(cause.report().strip(), "Fix the config file named by " + ConfigConfiguration.CONFIG_FILE_PROPERTY
				+ "; the error is reported as redis-server reports it.", cause);
	}

}
