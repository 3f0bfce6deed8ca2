package io.kvserver.transport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.TrustManagerFactory;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.ssl.pem.PemContent;

import io.kvserver.config.ConfigRegistry;

/**
 * The server's TLS setup from Redis's tls-* directives: the certificate chain and key (PEM, as
 * Redis reads them: PKCS#8, PKCS#1 or SEC1 keys, encrypted with tls-key-file-pass or not), the CAs
 * client certificates are checked against (tls-ca-cert-file, or every PEM file of tls-ca-cert-dir),
 * tls-auth-clients, tls-protocols (TLSv1.2 and TLSv1.3 by default, as Redis), tls-ciphers (TLS 1.2,
 * by their IANA names, colon-separated) and tls-ciphersuites (TLS 1.3), the preferred order and the
 * session cache. Built anew when any of them changes; connections already open keep theirs.
 */
public final class TlsContext {

	/** What a new connection's engine is made with. */
	private record Setup(SSLContext context, Function<SSLContext, SSLEngine> engines) {
	}

	private final ConfigRegistry config;

	private volatile Setup setup;

	/**
	 * @throws IllegalStateException with the reason when the directives do not make a usable setup
	 */
	public TlsContext(ConfigRegistry config) {
		this.config = config;
		this.setup = build();
	}

	/** Loads the files again, after CONFIG SET; on failure the old setup stays and the reason is thrown. */
	public void reload() {
		this.setup = build();
	}

	SSLContext context() {
		return this.setup.context();
	}

	Function<SSLContext, SSLEngine> engines() {
		return this.setup.engines();
	}

	private Setup build() {
		String certFile = value("tls-cert-file");
		String keyFile = value("tls-key-file");
		if (certFile == null) {
			throw new IllegalStateException("No tls-cert-file configured!");
		}
		if (keyFile == null) {
			throw new IllegalStateException("No tls-key-file configured!");
		}
		String authClients = this.config.enumerated("tls-auth-clients").value();
		String caFile = value("tls-ca-cert-file");
		String caDir = value("tls-ca-cert-dir");
		if (!authClients.equals("no") && caFile == null && caDir == null) {
			throw new IllegalStateException("Either tls-ca-cert-file or tls-ca-cert-dir must be specified when "
					+ "tls-cluster, tls-replication or tls-auth-clients are enabled!");
		}
		try {
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(keyManagers(certFile, keyFile, value("tls-key-file-pass")).getKeyManagers(),
					caFile == null && caDir == null ? null : trustManagers(caFile, caDir).getTrustManagers(), null);
			SSLSessionContext sessions = context.getServerSessionContext();
			if (this.config.bool("tls-session-caching").value()) {
				sessions.setSessionCacheSize((int) this.config.numeric("tls-session-cache-size").value());
				sessions.setSessionTimeout((int) this.config.numeric("tls-session-cache-timeout").value());
			}
			else {
				sessions.setSessionCacheSize(1);
				sessions.setSessionTimeout(1);
			}
			SSLParameters parameters = parameters(context, authClients);
			return new Setup(context, ctx -> {
				SSLEngine engine = ctx.createSSLEngine();
				engine.setUseClientMode(false);
				engine.setSSLParameters(parameters);
				return engine;
			});
		}
		catch (IOException | GeneralSecurityException | IllegalArgumentException ex) {
			throw new IllegalStateException("Failed to configure TLS: " + ex.getMessage(), ex);
		}
	}

	private SSLParameters parameters(SSLContext context, String authClients) {
		SSLParameters parameters = context.getDefaultSSLParameters();
		String protocols = value("tls-protocols");
		parameters.setProtocols(protocols == null ? new String[] { "TLSv1.2", "TLSv1.3" } : protocols.trim().split("\\s+"));
		String ciphers = value("tls-ciphers");
		String suites = value("tls-ciphersuites");
		if (ciphers != null || suites != null) {
			List<String> chosen = new ArrayList<>();
			List<String> defaults = Arrays.asList(parameters.getCipherSuites());
			if (ciphers != null) {
				chosen.addAll(Arrays.asList(ciphers.split(":")));
			}
			else {
				defaults.stream().filter(name -> !isTls13(name)).forEach(chosen::add);
			}
			if (suites != null) {
				chosen.addAll(Arrays.asList(suites.split(":")));
			}
			else {
				defaults.stream().filter(TlsContext::isTls13).forEach(chosen::add);
			}
			parameters.setCipherSuites(chosen.toArray(String[]::new));
		}
		parameters.setUseCipherSuitesOrder(this.config.bool("tls-prefer-server-ciphers").value());
		parameters.setNeedClientAuth(authClients.equals("yes"));
		if (authClients.equals("optional")) {
			parameters.setWantClientAuth(true);
		}
		return parameters;
	}

	/** TLS 1.3's suites are the ones without a key exchange in their name. */
	private static boolean isTls13(String suite) {
		return suite.startsWith("TLS_AES_") || suite.startsWith("TLS_CHACHA20_");
	}

	private static KeyManagerFactory keyManagers(String certFile, String keyFile, @Nullable String password)
			throws IOException, GeneralSecurityException {
		List<X509Certificate> chain = PemContent.load(Path.of(certFile)).getCertificates();
		PrivateKey key = PemContent.load(Path.of(keyFile)).getPrivateKey(password);
		if (chain.isEmpty() || key == null) {
			throw new IllegalArgumentException("no certificate in " + certFile + " or no key in " + keyFile);
		}
		KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
		store.load(null, null);
		store.setKeyEntry("server", key, new char[0], chain.toArray(X509Certificate[]::new));
		KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
		factory.init(store, new char[0]);
		return factory;
	}

	private static TrustManagerFactory trustManagers(@Nullable String caFile, @Nullable String caDir)
			throws IOException, GeneralSecurityException {
		List<X509Certificate> cas = new ArrayList<>();
		if (caFile != null) {
			cas.addAll(PemContent.load(Path.of(caFile)).getCertificates());
		}
		if (caDir != null) {
			try (Stream<Path> files = Files.list(Path.of(caDir))) {
				for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
					if (PemContent.isPresentInText(Files.readString(file, StandardCharsets.ISO_8859_1))) {
						cas.addAll(PemContent.load(file).getCertificates());
					}
				}
			}
		}
		KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
		store.load(null, null);
		for (int i = 0; i < cas.size(); i++) {
			store.setCertificateEntry("ca" + i, cas.get(i));
		}
		TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		factory.init(store);
		return factory;
	}

	private @Nullable String value(String name) {
		return this.config.string(name).value();
	}

}
