package io.kvserver.config;

/**
 * A subsystem's directives. Implementations are listed under this interface's name in
 * {@code META-INF/spring.factories} and built with their no-argument constructor before Spring
 * starts, so that a config file can be checked (and refused, as Redis does) before anything runs.
 * A set only declares: the subsystem's beans read the values and hook CONFIG SET through
 * {@link ConfigRegistry}.
 */
public interface DirectiveSet {

	void declare(ConfigRegistry registry);

}
