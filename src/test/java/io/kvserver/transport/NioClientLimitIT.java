package io.kvserver.transport;

import org.springframework.test.context.TestPropertySource;

/** {@link ClientLimitContract} on Spring Integration's NIO connection factory. */
@TestPropertySource(properties = "kvserver.transport=nio")
class NioClientLimitIT extends ClientLimitContract {

}
