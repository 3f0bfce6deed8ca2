package io.kvserver.transport;

import org.springframework.test.context.TestPropertySource;

/** {@link ClientLimitContract} on Spring Integration's blocking connection factory. */
@TestPropertySource(properties = "kvserver.transport=net")
class NetClientLimitIT extends ClientLimitContract {

}
