package io.kvserver;

import java.util.Locale;

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
		@DefaultValue("loop") Transport transport,
		@DefaultValue("0") int eventLoops,
		@DefaultValue("virtual") ConnectionThreads connectionThreads,
		@DefaultValue("100") long expiryPeriodMillis) {

	/**
	 * The connection factories {@code kvserver.transport} chooses from, written in any case
	 * ({@code loop}, {@code NET}). Anything else stops the server at startup with this list, instead
	 * of quietly serving with another factory than the one asked for.
	 */
	public enum Transport {

		LOOP, NET, NIO;

		/** The name as configured and as /actuator/health shows it: {@code loop}, {@code net}, {@code nio}. */
		public String label() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

	/** Which threads read connections with the {@code net} transport; likewise a closed choice. */
	public enum ConnectionThreads {

		VIRTUAL, PLATFORM

	}

}
