package io.kvserver.transport;

import org.springframework.test.context.TestPropertySource;

/** {@link ClientConnectionsContract} on Spring Integration's NIO connection factory. */
@TestPropertySource(properties = "kvserver.transport=nio")
class NioClientConnectionsIT extends ClientConnectionsContract {

}
