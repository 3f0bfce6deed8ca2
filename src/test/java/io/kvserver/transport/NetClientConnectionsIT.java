package io.kvserver.transport;

import org.springframework.test.context.TestPropertySource;

/** {@link ClientConnectionsContract} on Spring Integration's blocking connection factory, a virtual thread per connection. */
@TestPropertySource(properties = "kvserver.transport=net")
class NetClientConnectionsIT extends ClientConnectionsContract {

}
