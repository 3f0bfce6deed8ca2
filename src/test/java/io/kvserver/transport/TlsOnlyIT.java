package io.kvserver.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.kvserver.support.ChildProcess;
import io.kvserver.support.KvServerIntegrationTest;
import io.kvserver.support.ProgramRun;
import io.kvserver.support.TestCertificates;

/** {@code port 0} with a TLS port, as in Redis: TLS only, no plain listener; clients need no certificate here. */
class TlsOnlyIT extends KvServerIntegrationTest {

	static final Path DIR = TlsIT.createDir();

	static final TestCertificates CERTS = TestCertificates.create(DIR);

	static final int TLS_PORT = ChildProcess.freeLoopbackPort();

	@DynamicPropertySource
	static void tls(DynamicPropertyRegistry registry) {
		registry.add("kvserver.port", () -> 0);
		registry.add("kvserver.tls-port", () -> TLS_PORT);
		registry.add("kvserver.tls-cert-file", CERTS.serverCert()::toString);
		registry.add("kvserver.tls-key-file", CERTS.serverKey()::toString);
		registry.add("kvserver.tls-auth-clients", () -> "no");
	}

	@Test
	void onlyTheTlsPortListens() {
		assertThat(port()).as("the listener's port is the TLS one").isEqualTo(TLS_PORT);
		ProgramRun run = ProgramRun.run(List.of(ChildProcess.require("redis-cli", "redis-tools").toString(), "-h",
				"127.0.0.1", "-p", Integer.toString(TLS_PORT), "--tls", "--cacert", CERTS.ca().toString(), "CONFIG", "GET",
				"*port"), null, null, DIR, 60);
		assertThat(run.stdout()).as("CONFIG GET *port: %s", run.stderr()).contains("port\n0\n").contains("tls-port\n" + TLS_PORT + "\n");
	}

}
