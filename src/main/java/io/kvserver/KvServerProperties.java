package io.kvserver;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Everything a user can set as {@code kvserver.*} (command line, environment, application.properties).
 *
 * @param bind address the RESP listener binds to
 * @param port RESP port; 0 picks a free one
 * @param databases number of databases, as Redis's {@code databases}
 * @param transport which Spring Integration connection factory serves clients: {@code loop} (kvserver's
 * event loops), {@code net} (blocking I/O, a thread per connection) or {@code nio} (Spring Integration's selector and pool)
 * @param eventLoops how many event loops (threads) serve the {@code loop} transport; 0 picks one per two processors
 * @param connectionThreads which threads read connections with the {@code net} transport: {@code virtual}
 * (one virtual thread per connection, scales to many thousands) or {@code platform} (one OS thread per
 * connection: less scheduling overhead per request, more memory per connection)
 * @param protoMaxBulkLen largest bulk argument a client may send
 * @param clientQueryBufferLimit most bytes one unfinished command may hold
 * @param expiryPeriodMillis how often the active expiry cycle runs
 * @param enableDebugCommand Redis's {@code enable-debug-command}: whether DEBUG may run, {@code no},
 * {@code yes} or {@code local} (from a loopback address only)
 */
@ConfigurationProperties("kvserver")
public record KvServerProperties(
		@DefaultValue("0.0.0.0") String bind,
		@DefaultValue("6379") int port,
		@DefaultValue("16") int databases,
		@DefaultValue("loop") String transport,
		@DefaultValue("0") int eventLoops,
		@DefaultValue("virtual") String connectionThreads,
		@DefaultValue("512MB") DataSize protoMaxBulkLen,
		@DefaultValue("1GB") DataSize clientQueryBufferLimit,
		@DefaultValue("100") long expiryPeriodMillis,
		@DefaultValue("10000") long maxclients,
		@DefaultValue("no") String enableDebugCommand) {
}
