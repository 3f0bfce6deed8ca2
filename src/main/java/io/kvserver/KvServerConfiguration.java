package io.kvserver;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.ip.tcp.connection.AbstractServerConnectionFactory;

import io.kvserver.command.CommandDispatcher;
import io.kvserver.command.CommandFamily;
import io.kvserver.command.CommandTable;
import io.kvserver.command.ConnectionCommands;
import io.kvserver.command.KeyCommands;
import io.kvserver.command.KvService;
import io.kvserver.command.ServerCommands;
import io.kvserver.command.SessionRegistry;
import io.kvserver.command.StringCommands;
import io.kvserver.command.Transactions;
import io.kvserver.metrics.KvServerMetrics;
import io.kvserver.metrics.ServerStats;
import io.kvserver.store.ActiveExpiryCycle;
import io.kvserver.store.Databases;

/** Wires the keyspace, the command table and the KV service; the transport lives in its own package. */
@Configuration(proxyBeanMethods = false)
class KvServerConfiguration {

	private static final LongSupplier WALL_CLOCK = System::currentTimeMillis;

	@Bean
	Databases databases(KvServerProperties properties) {
		return new Databases(properties.databases(), WALL_CLOCK);
	}

	@Bean
	ActiveExpiryCycle activeExpiryCycle(Databases databases, KvServerProperties properties) {
		return new ActiveExpiryCycle(databases, properties.expiryPeriodMillis());
	}

	@Bean
	ServerStats serverStats() {
		return new ServerStats();
	}

	@Bean
	SessionRegistry sessionRegistry() {
		return new SessionRegistry(WALL_CLOCK);
	}

	@Bean
	KvServerMetrics kvServerMetrics(ServerStats stats, SessionRegistry sessions) {
		return new KvServerMetrics(stats, sessions::size);
	}

	@Bean
	StringCommands stringCommands(Databases databases, ServerStats stats) {
		return new StringCommands(databases, WALL_CLOCK, stats);
	}

	@Bean
	KeyCommands keyCommands(Databases databases) {
		return new KeyCommands(databases, WALL_CLOCK);
	}

	@Bean
	ConnectionCommands connectionCommands(KvServerProperties properties, SessionRegistry sessions,
			Transactions transactions) {
		return new ConnectionCommands(properties.databases(), sessions, transactions, WALL_CLOCK);
	}

	@Bean
	ServerCommands serverCommands(Databases databases, SessionRegistry sessions, ServerStats stats,
			KvServerProperties properties, ObjectProvider<AbstractServerConnectionFactory> listener) {
		return new ServerCommands(databases, sessions, stats, () -> listener.getObject().getPort(), () -> {
			Map<String, String> config = new LinkedHashMap<>();
			config.put("bind", properties.bind());
			config.put("port", Integer.toString(listener.getObject().getPort()));
			config.put("databases", Integer.toString(properties.databases()));
			config.put("proto-max-bulk-len", Long.toString(properties.protoMaxBulkLen().toBytes()));
			config.put("client-query-buffer-limit", Long.toString(properties.clientQueryBufferLimit().toBytes()));
			config.put("save", ""); // no persistence yet: nothing is ever saved
			config.put("appendonly", "no");
			config.put("maxmemory", "0");
			config.put("timeout", "0");
			return config;
		});
	}

	@Bean
	CommandTable commandTable(List<CommandFamily> families, ServerCommands serverCommands) {
		CommandTable table = new CommandTable(families);
		serverCommands.describe(table);
		return table;
	}

	@Bean
	Transactions transactions(Databases databases) {
		return new Transactions(databases);
	}

	@Bean
	KvService kvService(SessionRegistry sessions, CommandTable table, Databases databases, ServerStats stats,
			Transactions transactions) {
		return new KvService(sessions, new CommandDispatcher(table, databases.lock(), stats, transactions, WALL_CLOCK),
				transactions, databases.lock());
	}

}
