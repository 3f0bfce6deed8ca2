package io.kvserver;

import java.util.Locale;

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
		@DefaultValue("loop") Transport transport,
		@DefaultValue("0") int eventLoops,
		@DefaultValue("virtual") ConnectionThreads connectionThreads,
		@DefaultValue("512MB") DataSize protoMaxBulkLen,
		@DefaultValue("1GB") DataSize clientQueryBufferLimit,
		@DefaultValue("100") long expiryPeriodMillis,
		@DefaultValue("10000") long maxclients,
		@DefaultValue("no") String enableDebugCommand) {

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
