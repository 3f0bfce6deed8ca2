package io.kvserver.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.awaitility.Awaitility;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.integration.ip.tcp.connection.AbstractServerConnectionFactory;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base for integration tests: the whole application on random ports (RESP and HTTP). Spring caches
 * the context, so every test class extending this shares one running server.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "kvserver.port=0", "kvserver.bind=127.0.0.1", "kvserver.save=" })
public abstract class KvServerIntegrationTest {

	/** A directory of its own for the shared server's files: nothing is loaded from, or left in, the project. */
	private static final Path DATA_DIR = createDataDir();

	@DynamicPropertySource
	static void dataDir(DynamicPropertyRegistry registry) {
		registry.add("kvserver.dir", DATA_DIR::toString);
	}

	private static Path createDataDir() {
		try {
			return Files.createTempDirectory("kvserver-it-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Autowired
	private AbstractServerConnectionFactory respConnectionFactory;

	@LocalServerPort
	private int httpPort;

	/**
	 * The RESP port the server is listening on. The connection factories bind on a thread of their
	 * own after the context has started (until then the port reads 0), so a test class that is first
	 * to start its context waits for the listener.
	 */
	protected int port() {
		Awaitility.await("the RESP listener bound")
			.atMost(Duration.ofSeconds(30))
			.until(this.respConnectionFactory::isListening);
		return this.respConnectionFactory.getPort();
	}

	protected RawConnection connect() {
		return RawConnection.open("127.0.0.1", port());
	}

	/** The body of an HTTP GET on the Actuator port, which must answer 200. */
	protected String httpGet(String path) throws Exception {
		try (HttpClient http = HttpClient.newHttpClient()) {
			HttpResponse<String> response = http.send(
					HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.httpPort + path)).build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).as("GET %s", path).isEqualTo(200);
			return response.body();
		}
	}

}
