package io.kvserver.transport;

/** {@link ClientConnectionsContract} on the default connection factory (blocking, virtual threads). */
class ClientConnectionsIT extends ClientConnectionsContract {

}
