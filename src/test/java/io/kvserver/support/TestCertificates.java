package io.kvserver.support;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A CA, a server certificate for localhost and 127.0.0.1, and a client certificate, made fresh by
 * each test run (BouncyCastle) and written as PEM files, as redis-server and redis-cli read them. No
 * key is ever committed.
 *
 * @param ca the CA's certificate ({@code tls-ca-cert-file}, {@code --cacert})
 * @param serverCert the server's certificate ({@code tls-cert-file})
 * @param serverKey the server's key, PKCS#8 ({@code tls-key-file})
 * @param clientCert a certificate the CA signed for a client ({@code --cert})
 * @param clientKey its key ({@code --key})
 * @param otherCa a CA nobody trusts, with its own client certificate and key below
 */
public record TestCertificates(Path ca, Path serverCert, Path serverKey, Path clientCert, Path clientKey, Path otherCa,
		Path strangerCert, Path strangerKey) {

	private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

	public static TestCertificates create(Path dir) {
		try {
			KeyPair caKeys = keys();
			X509Certificate ca = certificate("CN=kvserver test CA", caKeys, "CN=kvserver test CA", caKeys, true, false);
			KeyPair serverKeys = keys();
			X509Certificate server = certificate("CN=localhost", serverKeys, "CN=kvserver test CA", caKeys, false, true);
			KeyPair clientKeys = keys();
			X509Certificate client = certificate("CN=client", clientKeys, "CN=kvserver test CA", caKeys, false, false);
			KeyPair otherKeys = keys();
			X509Certificate other = certificate("CN=other CA", otherKeys, "CN=other CA", otherKeys, true, false);
			KeyPair strangerKeys = keys();
			X509Certificate stranger = certificate("CN=stranger", strangerKeys, "CN=other CA", otherKeys, false, false);
			Files.createDirectories(dir);
			return new TestCertificates(pem(dir.resolve("ca.crt"), ca), pem(dir.resolve("server.crt"), server),
					pem(dir.resolve("server.key"), serverKeys.getPrivate()), pem(dir.resolve("client.crt"), client),
					pem(dir.resolve("client.key"), clientKeys.getPrivate()), pem(dir.resolve("other-ca.crt"), other),
					pem(dir.resolve("stranger.crt"), stranger), pem(dir.resolve("stranger.key"), strangerKeys.getPrivate()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (GeneralSecurityException | OperatorCreationException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static KeyPair keys() throws GeneralSecurityException {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		return generator.generateKeyPair();
	}

	private static X509Certificate certificate(String subject, KeyPair subjectKeys, String issuer, KeyPair issuerKeys,
			boolean isCa, boolean forServer) throws GeneralSecurityException, OperatorCreationException, IOException {
		Instant now = Instant.now();
		X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name(issuer),
				BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(now.minus(Duration.ofHours(1))),
				Date.from(now.plus(Duration.ofDays(2))), new X500Name(subject), subjectKeys.getPublic());
		builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
		if (isCa) {
			builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
		}
		if (forServer) {
			builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
					new GeneralName(GeneralName.dNSName, "localhost"),
					new GeneralName(GeneralName.iPAddress, InetAddress.getLoopbackAddress().getHostAddress()) }));
		}
		return new JcaX509CertificateConverter()
			.getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuerKeys.getPrivate())));
	}

	private static Path pem(Path file, Object object) throws IOException {
		StringWriter text = new StringWriter();
		try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
			writer.writeObject(object instanceof java.security.PrivateKey key
					? new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(key, null).generate() : object);
		}
		return Files.writeString(file, text.toString());
	}

}
