package io.kvserver.support;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.integration.ip.tcp.connection.AbstractServerConnectionFactory;

/**
 * Base for integration tests: the whole application on random ports (RESP and HTTP). Spring caches
 * the context, so every test class extending this shares one running server.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "kvserver.port=0", "kvserver.bind=127.0.0.1" })
public abstract class KvServerIntegrationTest {

	@Autowired
	private AbstractServerConnectionFactory respConnectionFactory;

	/** The RESP port the server is listening on. */
	protected int port() {
		return this.respConnectionFactory.getPort();
	}

	protected RawConnection connect() {
		return RawConnection.open("127.0.0.1", port());
	}

}
