package io.kvserver.transport;

/** {@link ClientLimitContract} on the default connection factory (kvserver's event loops). */
class ClientLimitIT extends ClientLimitContract {

}
