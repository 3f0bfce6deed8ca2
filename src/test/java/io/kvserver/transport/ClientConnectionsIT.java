package io.kvserver.transport;

/** {@link ClientConnectionsContract} on the default connection factory (kvserver's event loops). */
class ClientConnectionsIT extends ClientConnectionsContract {

}
