package io.kvserver;

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
import io.kvserver.command.CommandGate;
import io.kvserver.command.KvService;
import io.kvserver.command.MaxClients;
import io.kvserver.command.ProtectedActions;
import io.kvserver.command.SessionRegistry;
import io.kvserver.command.SlowLog;
import io.kvserver.command.TransactionManager;
import io.kvserver.command.acl.AclCommands;
import io.kvserver.command.scripting.ScriptingCommands;
import io.kvserver.config.ConfigRegistry;
import io.kvserver.config.EnumDirective;
import io.kvserver.config.NumericDirective;
import io.kvserver.metrics.CommandLatencyCollector;
import io.kvserver.metrics.PipelineBatchCollector;
import io.kvserver.metrics.InfoFields;
import io.kvserver.metrics.KvServerMetrics;
import io.kvserver.metrics.LatencyMonitor;
import io.kvserver.metrics.ServerStats;
import io.kvserver.persistence.PersistenceSettings;
import io.kvserver.persistence.RdbPersistence;
import io.kvserver.persistence.PersistenceDirectives;
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
	Databases databases(ConfigRegistry config) {
		return new Databases((int) config.numeric("databases").value(), this.clock);
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
	ProtectedActions protectedActions(ConfigRegistry config) {
		return new ProtectedActions(ProtectedActions.Setting.parse(config.directive("enable-debug-command", EnumDirective.class).value()));
	}

	@Bean
	SlowLog slowLog(ConfigRegistry config) {
		SlowLog slowLog = new SlowLog();
		NumericDirective slowerThan = config.numeric("slowlog-log-slower-than");
		NumericDirective maxLength = config.numeric("slowlog-max-len");
		slowLog.setSlowerThanMicros(slowerThan.value());
		slowLog.setMaxLength(maxLength.value());
		slowerThan.onApply(() -> {
			slowLog.setSlowerThanMicros(slowerThan.value());
			return null;
		});
		maxLength.onApply(() -> {
			slowLog.setMaxLength(maxLength.value());
			return null;
		});
		return slowLog;
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
	ProtocolLimits protocolLimits(ConfigRegistry config) {
		NumericDirective maxBulk = config.numeric("proto-max-bulk-len");
		NumericDirective queryBuffer = config.numeric("client-query-buffer-limit");
		ProtocolLimits limits = new ProtocolLimits(maxBulk.value(), ProtocolLimits.REDIS_DEFAULTS.maxInlineLength(),
				ProtocolLimits.REDIS_DEFAULTS.maxMultibulkLength(), queryBuffer.value());
		maxBulk.onApply(() -> {
			limits.setMaxBulkLength(maxBulk.value());
			return null;
		});
		queryBuffer.onApply(() -> {
			limits.setQueryBufferLimit(queryBuffer.value());
			return null;
		});
		return limits;
	}

	/** One maxclients for CONFIG and INFO to change and report and for the transport to enforce. */
	@Bean
	MaxClients maxClients(ConfigRegistry config) {
		return MaxClients.forThisProcess(config.numeric("maxclients"));
	}

	@Bean
	PersistenceSettings persistenceSettings(ConfigRegistry config) {
		return PersistenceDirectives.settings(config);
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
	ScriptingCommands scriptingCommands(BusyScript busyScript, PersistenceSettings persistence, InfoFields info,
			ConfigRegistry config) {
		ScriptingCommands scripting = new ScriptingCommands(busyScript, persistence::rdbCompression);
		scripting.reportTo(info);
		NumericDirective threshold = config.numeric("busy-reply-threshold");
		scripting.busyReplyThreshold().set(threshold.value());
		threshold.onApply(() -> {
			scripting.busyReplyThreshold().set(threshold.value());
			return null;
		});
		return scripting;
	}

	@Bean
	CommandTable commandTable(Databases databases, ServerStats stats, SessionRegistry sessions,
			TransactionManager transactions, ProtocolLimits limits, SlowLog slowLog, ConfigRegistry config,
			InfoFields info, ObjectProvider<AbstractServerConnectionFactory> listener, RdbPersistence rdb,
			LatencyMonitor latency, ScriptingCommands scripting, AclCommands acl) {
		List<CommandFamily> families = new ArrayList<>(CommandFamilies.create(new CommandFamilies.Parts(databases,
				this.clock, stats, sessions, transactions, limits::maxBulkLength, slowLog, config,
				() -> listener.getObject().getPort(), info, rdb, acl, latency)));
		// Scripts call commands through the dispatcher, which the other families never need.
		families.add(scripting);
		families.add(scripting.functions());
		families.add(acl);
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
			@Value("${kvserver.metrics.latency.enabled:true}") boolean latencyEnabled, List<CommandGate> gates) {
		// Gates in their @Order: authentication and ACL, then memory, as Redis's processCommand checks them.
		CommandGate gate = gates.stream().reduce(CommandGate::both).orElse(CommandGate.OPEN);
		CommandDispatcher dispatcher = new CommandDispatcher(table, databases.lock(), stats, transactions, this.clock,
				latencyEnabled, slowLog, gate);
		dispatcher.observeWrites(rdb);
		dispatcher.monitorLatency(latency);
		dispatcher.protectActions(protectedActions);
		dispatcher.watchScripts(busyScript);
		scripting.runWith(dispatcher);
		return new KvService(sessions, dispatcher, transactions, databases.lock());
	}

}
