package io.kvserver.transport;

/** {@link BlockingContract} on the default connection factory (kvserver's event loops). */
class BlockingIT extends BlockingContract {

}
