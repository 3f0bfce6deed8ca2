package io.kvserver.transport;

import org.springframework.test.context.TestPropertySource;

/** {@link BlockingContract} on Spring Integration's blocking connection factory, a virtual thread per connection. */
@TestPropertySource(properties = "kvserver.transport=net")
class NetBlockingIT extends BlockingContract {

}
