package io.kvserver.transport;

import org.springframework.test.context.TestPropertySource;

/**
 * {@link ClientConnectionsContract} with two event loops, so connections are spread over two
 * threads: CLIENT KILL, WATCH and closes then cross from one loop to the other.
 */
@TestPropertySource(properties = "kvserver.event-loops=2")
class TwoEventLoopsClientConnectionsIT extends ClientConnectionsContract {

}
