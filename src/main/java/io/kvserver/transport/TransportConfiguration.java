package io.kvserver.transport;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.endpoint.EventDrivenConsumer;
import org.springframework.integration.ip.tcp.inbound.TcpReceivingChannelAdapter;
import org.springframework.integration.ip.tcp.connection.AbstractServerConnectionFactory;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;
import org.springframework.integration.ip.tcp.connection.TcpNioServerConnectionFactory;
import org.springframework.integration.support.IdGenerators;
import org.springframework.messaging.MessageChannel;
import org.springframework.util.IdGenerator;

import io.kvserver.KvServerProperties;
import io.kvserver.KvServerProperties.ConnectionThreads;
import io.kvserver.command.BusyScript;
import io.kvserver.command.KvService;
import io.kvserver.command.MaxClients;
import io.kvserver.command.SessionRegistry;
import io.kvserver.metrics.ServerStats;
import io.kvserver.protocol.ProtocolLimits;

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

	/** maxclients, enforced as connections are accepted, whichever the transport. */
	@Bean
	ClientAdmission clientAdmission(MaxClients maxClients, ServerStats stats) {
		return new ClientAdmission(maxClients::admits, stats);
	}

	@Bean
	AbstractServerConnectionFactory respConnectionFactory(KvServerProperties properties, ProtocolLimits limits,
			ServerStats stats, ClientAdmission admission, BusyScript busyScript, ObjectProvider<ReplyBarrier> barriers) {
		ReplyBarrier barrier = barriers.getIfAvailable(() -> ReplyBarrier.NONE);
		DecodingConnectionSupport connections = new DecodingConnectionSupport(limits, stats);
		AbstractServerConnectionFactory factory = switch (properties.transport()) {
			case LOOP -> new EventLoopServerConnectionFactory(properties.port(), eventLoops(properties), limits, stats,
					admission, busyScript::pumpOnThisThread, barrier);
			case NIO -> {
				TcpNioServerConnectionFactory nio = new RespNioServerConnectionFactory(properties.port(), admission);
				nio.setTcpNioConnectionSupport(connections);
				yield nio;
			}
			case NET -> {
				TcpNetServerConnectionFactory net = new RespNetServerConnectionFactory(properties.port(), admission);
				net.setTcpNetConnectionSupport(connections);
				yield net;
			}
		};
		factory.setLocalAddress(properties.bind());
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

	private static int eventLoops(KvServerProperties properties) {
		if (properties.eventLoops() > 0) {
			return properties.eventLoops();
		}
		return Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
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
