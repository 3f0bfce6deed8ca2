package io.kvserver;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.ip.tcp.connection.AbstractServerConnectionFactory;

import io.kvserver.command.BusyScript;
import io.kvserver.command.CommandCatalog;
import io.kvserver.command.CommandDispatcher;
import io.kvserver.command.CommandFamily;
import io.kvserver.command.CommandTable;
import io.kvserver.command.ConfigParameters;
import io.kvserver.command.KvService;
import io.kvserver.command.MaxClients;
import io.kvserver.command.ProtectedActions;
import io.kvserver.command.SessionRegistry;
import io.kvserver.command.SlowLog;
import io.kvserver.command.TransactionManager;
import io.kvserver.command.scripting.ScriptingCommands;
import io.kvserver.metrics.CommandLatencyCollector;
import io.kvserver.metrics.PipelineBatchCollector;
import io.kvserver.metrics.InfoFields;
import io.kvserver.metrics.KvServerMetrics;
import io.kvserver.metrics.LatencyMonitor;
import io.kvserver.metrics.ServerStats;
import io.kvserver.persistence.PersistenceSettings;
import io.kvserver.persistence.RdbPersistence;
import io.kvserver.persistence.SaveRule;
import io.kvserver.protocol.ProtocolLimits;
import io.kvserver.store.ActiveExpiryCycle;
import io.kvserver.store.CachedClock;
import io.kvserver.store.Databases;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/** Wires the keyspace, the command table and the KV service; the transport lives in its own package. */
@Configuration(proxyBeanMethods = false)
class KvServerConfiguration {

	/** The wall clock, cached while each command runs (see {@link CachedClock}); every part reads this one. */
	private final CachedClock clock = new CachedClock(System::currentTimeMillis);

	@Bean
	Databases databases(KvServerProperties properties) {
		return new Databases(properties.databases(), this.clock);
	}

	@Bean
	ActiveExpiryCycle activeExpiryCycle(Databases databases, KvServerProperties properties, LatencyMonitor latency) {
		return new ActiveExpiryCycle(databases, properties.expiryPeriodMillis(), latency);
	}

	@Bean
	LatencyMonitor latencyMonitor() {
		return new LatencyMonitor(this.clock);
	}

	/** Whether DEBUG may run: Redis's enable-debug-command, fixed at startup. */
	@Bean
	ProtectedActions protectedActions(KvServerProperties properties) {
		return new ProtectedActions(ProtectedActions.Setting.parse(properties.enableDebugCommand()));
	}

	@Bean
	SlowLog slowLog() {
		return new SlowLog();
	}

	@Bean
	ServerStats serverStats() {
		return new ServerStats();
	}

	@Bean
	SessionRegistry sessionRegistry() {
		return new SessionRegistry(this.clock);
	}

	@Bean
	KvServerMetrics kvServerMetrics(ServerStats stats, SessionRegistry sessions, Databases databases, CommandTable table) {
		return new KvServerMetrics(stats, sessions::size, databases, table.stats());
	}

	/** Latency histograms go straight into the Prometheus scrape; with latency off there are none. */
	@Bean
	CommandLatencyCollector commandLatencyCollector(CommandTable table, ObjectProvider<PrometheusRegistry> prometheus,
			@Value("${kvserver.metrics.latency.enabled:true}") boolean latencyEnabled) {
		CommandLatencyCollector collector = new CommandLatencyCollector(table.stats());
		if (latencyEnabled) {
			prometheus.ifAvailable(registry -> registry.register(collector));
		}
		return collector;
	}

	@Bean
	PipelineBatchCollector pipelineBatchCollector(ServerStats stats, ObjectProvider<PrometheusRegistry> prometheus) {
		PipelineBatchCollector collector = new PipelineBatchCollector(stats);
		prometheus.ifAvailable(registry -> registry.register(collector));
		return collector;
	}

	/** One set of limits for every connection, so that CONFIG SET changes them for all clients. */
	@Bean
	ProtocolLimits protocolLimits(KvServerProperties properties) {
		return new ProtocolLimits(properties.protoMaxBulkLen().toBytes(), ProtocolLimits.REDIS_DEFAULTS.maxInlineLength(),
				ProtocolLimits.REDIS_DEFAULTS.maxMultibulkLength(), properties.clientQueryBufferLimit().toBytes());
	}

	/** One maxclients for CONFIG and INFO to change and report and for the transport to enforce. */
	@Bean
	MaxClients maxClients(KvServerProperties properties) {
		return MaxClients.forThisProcess(properties.maxclients());
	}

	@Bean
	PersistenceSettings persistenceSettings(PersistenceProperties properties) {
		List<SaveRule> rules = SaveRule.parse(properties.save());
		if (rules == null) {
			throw new IllegalArgumentException("kvserver.save: Invalid save parameters '" + properties.save() + "'");
		}
		PersistenceSettings settings = new PersistenceSettings(Path.of(properties.dir()), properties.dbfilename(), rules);
		settings.setRdbCompression(properties.rdbcompression());
		settings.setRdbChecksum(properties.rdbchecksum());
		settings.setStopWritesOnBgsaveError(properties.stopWritesOnBgsaveError());
		return settings;
	}

	/**
	 * The dump is loaded here, while the beans are made: before the listener takes its first client.
	 * Closing the context (SIGTERM) saves it one last time when save rules are set.
	 */
	@Bean(destroyMethod = "shutdown")
	RdbPersistence rdbPersistence(Databases databases, PersistenceSettings settings) {
		RdbPersistence rdb = new RdbPersistence(databases, settings, this.clock, CommandCatalog.REDIS_VERSION);
		rdb.loadAtStartup();
		return rdb;
	}

	/** The save rules, checked ten times a second as Redis's serverCron does at hz 10. */
	@Bean(destroyMethod = "shutdownNow")
	ScheduledExecutorService persistenceCron(RdbPersistence rdb) {
		ScheduledExecutorService cron = Executors.newSingleThreadScheduledExecutor(
				Thread.ofPlatform().name("persistence-cron").daemon().factory());
		cron.scheduleWithFixedDelay(rdb::cron, 100, 100, TimeUnit.MILLISECONDS);
		return cron;
	}

	/** What INFO reports: every part registers the fields it owns. */
	@Bean
	InfoFields infoFields() {
		return new InfoFields();
	}

	@Bean
	BusyScript busyScript(Databases databases) {
		return new BusyScript(databases);
	}

	@Bean
	ScriptingCommands scriptingCommands(BusyScript busyScript, PersistenceSettings persistence, InfoFields info) {
		ScriptingCommands scripting = new ScriptingCommands(busyScript, persistence::rdbCompression);
		scripting.reportTo(info);
		return scripting;
	}

	@Bean
	ConfigParameters configParameters(KvServerProperties properties, ProtocolLimits limits, MaxClients maxClients,
			SlowLog slowLog, ObjectProvider<AbstractServerConnectionFactory> listener, PersistenceSettings persistence,
			ProtectedActions protectedActions, ScriptingCommands scripting) {
		return new ConfigParameters().fixed("bind", properties::bind)
			.fixed("port", () -> Integer.toString(listener.getObject().getPort()))
			.fixed("databases", () -> Integer.toString(properties.databases()))
			// Redis's bounds for both: at least 1 MB.
			.memory("proto-max-bulk-len", limits::maxBulkLength, limits::setMaxBulkLength, 1024 * 1024, Long.MAX_VALUE)
			.memory("client-query-buffer-limit", limits::queryBufferLimit, limits::setQueryBufferLimit, 1024 * 1024,
					Long.MAX_VALUE)
			.text("save", () -> SaveRule.format(persistence.saveRules()), text -> {
				List<SaveRule> rules = SaveRule.parse(text);
				if (rules == null) {
					return "Invalid save parameters";
				}
				persistence.setSaveRules(rules);
				return null;
			})
			.protectedFixed("dir", () -> persistence.dir().toString())
			.protectedFixed("dbfilename", persistence::dbfilename)
			.yesNo("rdbcompression", persistence::rdbCompression, persistence::setRdbCompression)
			.fixed("rdbchecksum", () -> persistence.rdbChecksum() ? "yes" : "no")
			.yesNo("stop-writes-on-bgsave-error", persistence::stopWritesOnBgsaveError,
					persistence::setStopWritesOnBgsaveError)
			.fixed("appendonly", () -> "no")
			.fixed("maxmemory", () -> "0")
			.fixed("timeout", () -> "0")
			.maxClients(maxClients)
			.fixed("enable-debug-command", () -> protectedActions.debug().text())
			.fixed("enable-protected-configs", () -> "no")
			.fixed("enable-module-command", () -> "no")
			.integer("slowlog-log-slower-than", slowLog::slowerThanMicros, slowLog::setSlowerThanMicros, -1,
					Long.MAX_VALUE)
			.integer("slowlog-max-len", slowLog::maxLength, slowLog::setMaxLength, 0, Long.MAX_VALUE)
			// lua-time-limit is busy-reply-threshold's old name; both set the same value, as in Redis 7.0.
			.integer("busy-reply-threshold", scripting.busyReplyThreshold()::get, scripting.busyReplyThreshold()::set, 0,
					Long.MAX_VALUE)
			.integer("lua-time-limit", scripting.busyReplyThreshold()::get, scripting.busyReplyThreshold()::set, 0,
					Long.MAX_VALUE);
	}

	@Bean
	CommandTable commandTable(Databases databases, ServerStats stats, SessionRegistry sessions,
			TransactionManager transactions, ProtocolLimits limits, SlowLog slowLog, ConfigParameters config,
			InfoFields info, ObjectProvider<AbstractServerConnectionFactory> listener, RdbPersistence rdb,
			LatencyMonitor latency, ScriptingCommands scripting) {
		List<CommandFamily> families = new ArrayList<>(CommandFamilies.create(new CommandFamilies.Parts(databases,
				this.clock, stats, sessions, transactions, limits::maxBulkLength, slowLog, config,
				() -> listener.getObject().getPort(), info, rdb, latency)));
		// Scripts call commands through the dispatcher, which the other families never need.
		families.add(scripting);
		families.add(scripting.functions());
		return new CommandTable(families);
	}

	@Bean
	TransactionManager transactionManager(Databases databases) {
		return new TransactionManager(databases);
	}

	@Bean
	KvService kvService(SessionRegistry sessions, CommandTable table, Databases databases, ServerStats stats,
			TransactionManager transactions, SlowLog slowLog, RdbPersistence rdb, LatencyMonitor latency,
			ProtectedActions protectedActions, BusyScript busyScript, ScriptingCommands scripting,
			@Value("${kvserver.metrics.latency.enabled:true}") boolean latencyEnabled) {
		CommandDispatcher dispatcher = new CommandDispatcher(table, databases.lock(), stats, transactions, this.clock,
				latencyEnabled, slowLog);
		dispatcher.observeWrites(rdb);
		dispatcher.monitorLatency(latency);
		dispatcher.protectActions(protectedActions);
		dispatcher.watchScripts(busyScript);
		scripting.runWith(dispatcher);
		rdb.persistFunctions(scripting.functions());
		return new KvService(sessions, dispatcher, transactions, databases.lock());
	}

}
