package io.kvserver.config;

/**
 * The registry the launcher already filled from the command line's config file and directives
 * (see {@code KvServerApplication.main}); when present, the config file property is not read again.
 */
public record LaunchedConfig(ConfigRegistry registry) {
}
