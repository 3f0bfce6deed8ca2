package io.kvserver.transport;

import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.endpoint.EventDrivenConsumer;
import org.springframework.integration.ip.tcp.inbound.TcpReceivingChannelAdapter;
import org.springframework.integration.ip.tcp.connection.AbstractServerConnectionFactory;
import org.springframework.integration.ip.tcp.connection.TcpConnectionServerListeningEvent;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;
import org.springframework.integration.ip.tcp.connection.TcpNioServerConnectionFactory;
import org.springframework.integration.support.IdGenerators;
import org.springframework.messaging.MessageChannel;
import org.springframework.util.IdGenerator;

import io.kvserver.KvServerProperties;
import io.kvserver.KvServerProperties.ConnectionThreads;
import io.kvserver.command.BusyScript;
import io.kvserver.config.ConfigRegistry;
import io.kvserver.config.InvalidValueException;
import io.kvserver.config.NumericDirective;
import io.kvserver.command.KvService;
import io.kvserver.command.MaxClients;
import io.kvserver.command.SessionRegistry;
import io.kvserver.metrics.ServerStats;
import io.kvserver.protocol.ProtocolLimits;
import io.kvserver.security.ProtectedMode;

/**
 * The RESP listener as a Spring Integration flow:
 * connection factory -> inbound channel adapter -> {@code kvRequests} -> KV service activator
 * -> {@code kvReplies} -> outbound adapter on the same connection. Every step of one batch runs on
 * one thread, and a connection's batches run one at a time in arrival order (one reader thread per
 * connection for {@code net}; tickets in {@link RespNioConnection} for {@code nio}), so replies
 * leave in request order.
 */
@Configuration(proxyBeanMethods = false)
public class TransportConfiguration {

	private static final Log LOGGER = LogFactory.getLog(TransportConfiguration.class);

	/** maxclients, enforced as connections are accepted, whichever the transport. */
	@Bean
	ClientAdmission clientAdmission(MaxClients maxClients, ProtectedMode protectedMode, ServerStats stats) {
		return new ClientAdmission(maxClients::admits, protectedMode::denies, stats);
	}

	@Bean
	AbstractServerConnectionFactory respConnectionFactory(KvServerProperties properties, ConfigRegistry config,
			ProtocolLimits limits, ServerStats stats, ClientAdmission admission, BusyScript busyScript,
			ObjectProvider<ReplyBarrier> barriers) {
		ReplyBarrier barrier = barriers.getIfAvailable(() -> ReplyBarrier.NONE);
		int port = (int) config.numeric("port").value();
		int tlsPort = (int) config.numeric("tls-port").value();
		List<String> bind = config.words("bind").value();
		if (tlsPort > 0 && properties.transport() != KvServerProperties.Transport.LOOP) {
			throw new IllegalStateException("TLS (tls-port " + tlsPort + ") needs kvserver.transport=loop");
		}
		TlsContext tls = tlsPort > 0 ? tlsContext(config) : null;
		DecodingConnectionSupport connections = new DecodingConnectionSupport(limits, stats);
		AbstractServerConnectionFactory factory = switch (properties.transport()) {
			case LOOP -> new EventLoopServerConnectionFactory(BindAddresses.all(bind), port, tlsPort, tls,
					eventLoops(properties), limits, stats, admission, busyScript::pumpOnThisThread, barrier);
			case NIO -> {
				TcpNioServerConnectionFactory nio = new RespNioServerConnectionFactory(port, admission);
				nio.setTcpNioConnectionSupport(connections);
				yield nio;
			}
			case NET -> {
				TcpNetServerConnectionFactory net = new RespNetServerConnectionFactory(port, admission);
				net.setTcpNetConnectionSupport(connections);
				yield net;
			}
		};
		factory.setLocalAddress(BindAddresses.first(bind));
		factory.setDeserializer(new RespDeserializer());
		// the event loops call the barrier once per pass themselves; the other transports before each batch's replies
		factory.setSerializer(new ReplySerializer(stats,
				properties.transport() == KvServerProperties.Transport.LOOP ? ReplyBarrier.NONE : barrier));
		factory.setMapper(new ConnectionMessageMapper());
		factory.setSoTcpNoDelay(true);
		factory.setBacklog(4096);
		factory.setLookupHost(false);
		SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("kvserver-conn-");
		executor.setVirtualThreads(properties.connectionThreads() == ConnectionThreads.VIRTUAL);
		factory.setTaskExecutor(executor);
		return factory;
	}

	/**
	 * The TLS setup, loaded again whenever CONFIG SET changes one of the tls-* directives; a change
	 * that does not load is refused with Redis's words and the old setup kept.
	 */
	private static TlsContext tlsContext(ConfigRegistry config) {
		TlsContext tls = new TlsContext(config);
		for (String name : List.of("tls-cert-file", "tls-key-file", "tls-key-file-pass", "tls-ca-cert-file",
				"tls-ca-cert-dir", "tls-protocols", "tls-ciphers", "tls-ciphersuites", "tls-auth-clients",
				"tls-prefer-server-ciphers", "tls-session-caching", "tls-session-cache-size",
				"tls-session-cache-timeout")) {
			config.lookup(name).onApply(() -> {
				try {
					tls.reload();
					return null;
				}
				catch (IllegalStateException ex) {
					LOGGER.warn("TLS configuration not updated: " + ex.getMessage());
					return "Unable to update TLS configuration. Check server logs.";
				}
			});
		}
		return tls;
	}

	private static int eventLoops(KvServerProperties properties) {
		if (properties.eventLoops() > 0) {
			return properties.eventLoops();
		}
		return Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
	}

	/** With port 0 a free port is picked; CONFIG GET port then reports it, as INFO's tcp_port does. */
	@Bean
	ApplicationListener<TcpConnectionServerListeningEvent> listeningPortReporter(ConfigRegistry config) {
		NumericDirective port = config.numeric("port");
		NumericDirective tlsPort = config.numeric("tls-port");
		return event -> {
			if (port.value() == 0 && tlsPort.value() == 0) {
				try {
					port.set(List.of(Integer.toString(event.getPort())));
				}
				catch (InvalidValueException ex) {
					throw new IllegalStateException(ex);
				}
			}
		};
	}

	/** Shown as "kvserver" in /actuator/health. */
	@Bean
	ListenerHealthIndicator kvserverHealthIndicator(AbstractServerConnectionFactory respConnectionFactory,
			KvServerProperties properties, SessionRegistry sessions) {
		return new ListenerHealthIndicator(respConnectionFactory,
				properties.transport().label(), sessions::size);
	}

	@Bean
	MessageChannel kvRequests() {
		return new UnmeteredDirectChannel();
	}

	@Bean
	MessageChannel kvReplies() {
		return new UnmeteredDirectChannel();
	}

	/**
	 * Message ids from a counter instead of random UUIDs: nothing here persists or correlates
	 * messages by id, and SecureRandom-backed ids showed in profiles.
	 */
	@Bean
	IdGenerator messageIdGenerator() {
		return new IdGenerators.SimpleIncrementingIdGenerator();
	}

	@Bean
	TcpReceivingChannelAdapter respInboundAdapter(AbstractServerConnectionFactory respConnectionFactory) {
		TcpReceivingChannelAdapter adapter = new TcpReceivingChannelAdapter();
		adapter.setConnectionFactory(respConnectionFactory);
		adapter.setOutputChannelName("kvRequests");
		return adapter;
	}

	@Bean
	KvServiceActivator kvServiceActivator(KvService kvService) {
		KvServiceActivator activator = new KvServiceActivator(kvService);
		activator.setOutputChannelName("kvReplies");
		return activator;
	}

	@Bean
	EventDrivenConsumer kvServiceEndpoint(MessageChannel kvRequests,
			KvServiceActivator kvServiceActivator) {
		return new EventDrivenConsumer((DirectChannel) kvRequests,
				kvServiceActivator);
	}

	@Bean
	ReplySender replySender(AbstractServerConnectionFactory respConnectionFactory) {
		ReplySender sender = new ReplySender();
		sender.setConnectionFactory(respConnectionFactory);
		return sender;
	}

	@Bean
	EventDrivenConsumer replySenderEndpoint(MessageChannel kvReplies,
			ReplySender replySender) {
		return new EventDrivenConsumer((DirectChannel) kvReplies, replySender);
	}

}
