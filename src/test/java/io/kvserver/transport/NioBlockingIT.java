package io.kvserver.transport;

import org.springframework.test.context.TestPropertySource;

/** {@link BlockingContract} on Spring Integration's NIO connection factory. */
@TestPropertySource(properties = "kvserver.transport=nio")
class NioBlockingIT extends BlockingContract {

}
