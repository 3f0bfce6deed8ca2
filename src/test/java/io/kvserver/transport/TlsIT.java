package io.kvserver.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

import io.kvserver.support.ChildProcess;
import io.kvserver.support.KvServerIntegrationTest;
import io.kvserver.support.ProgramRun;
import io.kvserver.support.RawConnection;
import io.kvserver.support.TestCertificates;

/**
 * TLS on the RESP port, with certificates made by the test: redis-cli --tls, Jedis and Lettuce with
 * SSL, client certificates as tls-auth-clients asks, CONFIG SET reloading the setup, and a plaintext
 * client on the TLS port refused while the server keeps serving.
 */
class TlsIT extends KvServerIntegrationTest {

	static final Path DIR = createDir();

	static final TestCertificates CERTS = TestCertificates.create(DIR);

	static final int TLS_PORT = ChildProcess.freeLoopbackPort();

	/** A plain port too: with a TLS port, port 0 means no plain listener at all, as in Redis. */
	static final int PLAIN_PORT = ChildProcess.freeLoopbackPort();

	static Path createDir() {
		try {
			return java.nio.file.Files.createTempDirectory("kvserver-tls-");
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	@DynamicPropertySource
	static void tls(DynamicPropertyRegistry registry) {
		registry.add("kvserver.port", () -> PLAIN_PORT);
		registry.add("kvserver.tls-port", () -> TLS_PORT);
		registry.add("kvserver.tls-cert-file", CERTS.serverCert()::toString);
		registry.add("kvserver.tls-key-file", CERTS.serverKey()::toString);
		registry.add("kvserver.tls-ca-cert-file", CERTS.ca()::toString);
	}

	@AfterEach
	void clientCertificatesRequiredAgain() {
		try (RawConnection plain = connect()) {
			plain.send("CONFIG SET tls-auth-clients yes\r\n").readReply();
		}
	}

	private ProgramRun redisCli(List<String> tlsOptions, String... command) {
		List<String> args = new java.util.ArrayList<>(List.of(ChildProcess.require("redis-cli", "redis-tools").toString(),
				"-h", "127.0.0.1", "-p", Integer.toString(TLS_PORT), "--tls", "--cacert", CERTS.ca().toString()));
		args.addAll(tlsOptions);
		args.addAll(List.of(command));
		return ProgramRun.run(args, null, null, DIR, 60);
	}

	private List<String> clientCertificate() {
		return List.of("--cert", CERTS.clientCert().toString(), "--key", CERTS.clientKey().toString());
	}

	@Test
	void redisCliOverTls() {
		assertThat(redisCli(clientCertificate(), "SET", "tls:key", "hello").stdout()).isEqualTo("OK\n");
		assertThat(redisCli(clientCertificate(), "GET", "tls:key").stdout()).isEqualTo("hello\n");
		assertThat(redisCli(clientCertificate(), "CONFIG", "GET", "tls-port").stdout())
			.isEqualTo("tls-port\n" + TLS_PORT + "\n");
		try (RawConnection plain = connect()) {
			assertThat(plain.send("GET tls:key\r\n").readReply()).as("the plain port sees the same data")
				.isEqualTo("$5\r\nhello\r\n");
		}
	}

	@Test
	void clientCertificatesAsTlsAuthClientsAsks() {
		ProgramRun without = redisCli(List.of(), "PING");
		assertThat(without.stdout() + without.stderr()).as("tls-auth-clients yes: no certificate, no connection")
			.doesNotContain("PONG");
		ProgramRun stranger = redisCli(List.of("--cert", CERTS.strangerCert().toString(), "--key",
				CERTS.strangerKey().toString()), "PING");
		assertThat(stranger.stdout()).as("a certificate of a CA nobody trusts").doesNotContain("PONG");
		try (RawConnection plain = connect()) {
			assertThat(plain.send("CONFIG SET tls-auth-clients optional\r\n").readReply()).isEqualTo("+OK\r\n");
		}
		assertThat(redisCli(List.of(), "PING").stdout()).isEqualTo("PONG\n");
		assertThat(redisCli(clientCertificate(), "PING").stdout()).isEqualTo("PONG\n");
		try (RawConnection plain = connect()) {
			assertThat(plain.send("CONFIG SET tls-auth-clients no tls-cert-file /nonexistent\r\n").readReply())
				.as("a setup that does not load is refused, and the old one kept")
				.isEqualTo("-ERR CONFIG SET failed (possibly related to argument 'tls-auth-clients') - "
						+ "Unable to update TLS configuration. Check server logs.\r\n");
		}
		assertThat(redisCli(List.of(), "PING").stdout()).isEqualTo("PONG\n");
	}

	@Test
	void jedisAndLettuceWithSsl() throws Exception {
		SSLContext context = clientContext();
		try (Jedis jedis = new Jedis(new HostAndPort("localhost", TLS_PORT), DefaultJedisClientConfig.builder()
			.ssl(true)
			.sslSocketFactory(context.getSocketFactory())
			.build())) {
			assertThat(jedis.set("jedis:tls", "1")).isEqualTo("OK");
			assertThat(jedis.incr("jedis:tls")).isEqualTo(2);
		}
		RedisURI uri = RedisURI.builder().withHost("localhost").withPort(TLS_PORT).withSsl(true).build();
		RedisClient client = RedisClient.create(uri);
		client.setOptions(ClientOptions.builder()
			.sslOptions(SslOptions.builder()
				.jdkSslProvider()
				.trustManager(CERTS.ca().toFile())
				.keyManager(CERTS.clientCert().toFile(), CERTS.clientKey().toFile(), null)
				.build())
			.build());
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			assertThat(connection.sync().get("jedis:tls")).isEqualTo("2");
			assertThat(connection.sync().ping()).isEqualTo("PONG");
		}
		finally {
			client.shutdown();
		}
	}

	@Test
	void ioredisWithTls() {
		Path node = ChildProcess.require("node", "nodejs");
		ProgramRun run = ProgramRun.run(List.of(node.toString(), "tls.js", Integer.toString(TLS_PORT),
				CERTS.ca().toString(), CERTS.clientCert().toString(), CERTS.clientKey().toString()),
				Path.of("src/test/node"), null, DIR, 60);
		assertThat(run.stdout()).as("node tls.js: %s", run.stderr()).isEqualTo("ok\n");
	}

	@Test
	void aPlaintextClientOnTheTlsPortIsRefusedAndTheServerKeepsServing() {
		try (RawConnection plaintext = RawConnection.open("127.0.0.1", TLS_PORT)) {
			plaintext.send("PING\r\n");
			assertThat(plaintext.readUntilClosed()).as("no RESP reply to a plaintext client").doesNotContain("PONG");
		}
		assertThat(redisCli(clientCertificate(), "PING").stdout()).isEqualTo("PONG\n");
		try (RawConnection plain = connect()) {
			assertThat(plain.send("PING\r\n").readReply()).isEqualTo("+PONG\r\n");
		}
	}

	@Test
	void aJdkClientSpeaksRespOverTlsAndOnlyTrustedCertificatesWork() throws Exception {
		SSLSocketFactory factory = clientContext().getSocketFactory();
		try (SSLSocket socket = (SSLSocket) factory.createSocket("localhost", TLS_PORT)) {
			socket.startHandshake();
			socket.getOutputStream().write("*1\r\n$4\r\nPING\r\n".getBytes());
			byte[] reply = socket.getInputStream().readNBytes(7);
			assertThat(new String(reply)).isEqualTo("+PONG\r\n");
		}
		assertThatThrownBy(() -> {
			try (SSLSocket socket = (SSLSocket) SSLContext.getDefault().getSocketFactory().createSocket("localhost", TLS_PORT)) {
				socket.startHandshake();
			}
		}).as("the server's certificate is not trusted by the JDK's CAs").isInstanceOf(java.io.IOException.class);
	}

	/** Trusts the test CA and presents the client certificate. */
	static SSLContext clientContext() throws Exception {
		KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
		trust.load(null, null);
		try (InputStream in = new FileInputStream(CERTS.ca().toFile())) {
			trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
		}
		TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		trustManagers.init(trust);
		org.springframework.boot.ssl.pem.PemContent cert = org.springframework.boot.ssl.pem.PemContent.load(CERTS.clientCert());
		java.security.PrivateKey key = org.springframework.boot.ssl.pem.PemContent.load(CERTS.clientKey()).getPrivateKey();
		KeyStore keys = KeyStore.getInstance(KeyStore.getDefaultType());
		keys.load(null, null);
		keys.setKeyEntry("client", key, new char[0], cert.getCertificates().toArray(X509Certificate[]::new));
		javax.net.ssl.KeyManagerFactory keyManagers = javax.net.ssl.KeyManagerFactory
			.getInstance(javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
		keyManagers.init(keys, new char[0]);
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
		return context;
	}

}
