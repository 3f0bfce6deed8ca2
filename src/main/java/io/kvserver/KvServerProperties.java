package io.kvserver;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * kvserver's own settings, which Redis has no directive for ({@code kvserver.*} on the command line,
 * in the environment or application.properties). Settings Redis has (port, bind, databases,
 * maxclients, ...) are directives of {@link io.kvserver.config.ConfigRegistry}, settable as
 * {@code kvserver.<directive>} too.
 *
 * @param transport which Spring Integration connection factory serves clients: {@code loop} (kvserver's
 * event loops), {@code net} (blocking I/O, a thread per connection) or {@code nio} (Spring Integration's selector and pool)
 * @param eventLoops how many event loops (threads) serve the {@code loop} transport; 0 picks one per two processors
 * @param connectionThreads which threads read connections with the {@code net} transport: {@code virtual}
 * (one virtual thread per connection, scales to many thousands) or {@code platform} (one OS thread per
 * connection: less scheduling overhead per request, more memory per connection)
 * @param expiryPeriodMillis how often the active expiry cycle runs
 */
@ConfigurationProperties("kvserver")
public record KvServerProperties(
		@DefaultValue("loop") String transport,
		@DefaultValue("0") int eventLoops,
		@DefaultValue("virtual") String connectionThreads,
		@DefaultValue("100") long expiryPeriodMillis) {
}
