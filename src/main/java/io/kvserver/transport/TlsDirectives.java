package io.kvserver.transport;

import java.util.List;

import io.kvserver.config.BoolDirective;
import io.kvserver.config.ConfigRegistry;
import io.kvserver.config.DirectiveFlag;
import io.kvserver.config.DirectiveSet;
import io.kvserver.config.EnumDirective;
import io.kvserver.config.NumericDirective;
import io.kvserver.config.StringDirective;

/**
 * TLS on the RESP port, with Redis 7.0's directives, types and defaults. tls-port is fixed at
 * start (the listener binds once); the certificate, key, CA, protocols, ciphers and session cache
 * may change with CONFIG SET, which loads them again for the connections that arrive afterwards, as
 * Redis's applyTlsCfg does.
 */
public final class TlsDirectives implements DirectiveSet {

	@Override
	public void declare(ConfigRegistry registry) {
		registry.add(NumericDirective.integer("tls-port", 0, 65535, 0, DirectiveFlag.IMMUTABLE));
		for (String file : List.of("tls-cert-file", "tls-key-file", "tls-key-file-pass", "tls-ca-cert-file",
				"tls-ca-cert-dir", "tls-protocols", "tls-ciphers", "tls-ciphersuites")) {
			registry.add(new StringDirective(file, null, true));
		}
		registry.add(new EnumDirective("tls-auth-clients", null, List.of("no", "yes", "optional"), "yes"));
		registry.add(new BoolDirective("tls-prefer-server-ciphers", null, false));
		registry.add(new BoolDirective("tls-session-caching", null, true));
		registry.add(NumericDirective.integer("tls-session-cache-size", 0, Integer.MAX_VALUE, 20 * 1024));
		registry.add(NumericDirective.integer("tls-session-cache-timeout", 0, Integer.MAX_VALUE, 300));
	}

}
