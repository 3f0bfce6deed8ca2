package io.kvserver.transport;

import org.springframework.test.context.TestPropertySource;

/** {@link BlockingContract} with two event loops: a waiter is often served from the other loop's thread. */
@TestPropertySource(properties = "kvserver.event-loops=2")
class TwoEventLoopsBlockingIT extends BlockingContract {

}
