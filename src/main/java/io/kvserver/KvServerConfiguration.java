package io.kvserver;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.ip.tcp.connection.AbstractServerConnectionFactory;

import io.kvserver.command.AofReplayClient;
import io.kvserver.command.BlockedClients;
import io.kvserver.command.BusyScript;
import io.kvserver.command.CommandCatalog;
import io.kvserver.command.CommandDispatcher;
import io.kvserver.command.CommandFamily;
import io.kvserver.command.CommandTable;
import io.kvserver.command.CommandGate;
import io.kvserver.command.IdleClients;
import io.kvserver.command.KvService;
import io.kvserver.command.MaxClients;
import io.kvserver.command.Propagator;
import io.kvserver.command.ProtectedActions;
import io.kvserver.command.SessionRegistry;
import io.kvserver.command.SlowLog;
import io.kvserver.command.TransactionManager;
import io.kvserver.command.acl.AclCommands;
import io.kvserver.command.scripting.ScriptingCommands;
import io.kvserver.command.server.ShutdownSequence;
import io.kvserver.config.BoolDirective;
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
import io.kvserver.persistence.aof.AofDirectives;
import io.kvserver.persistence.aof.AofSettings;
import io.kvserver.persistence.aof.AppendOnlyFile;
import io.kvserver.protocol.ProtocolLimits;
import io.kvserver.store.ActiveExpiryCycle;
import io.kvserver.store.CachedClock;
import io.kvserver.store.Databases;
import io.kvserver.transport.ReplyBarrier;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/** Wires the keyspace, the command table and the KV service; the transport lives in its own package. */
@Configuration(proxyBeanMethods = false)
class KvServerConfiguration {

	private static final Log LOGGER = LogFactory.getLog(KvServerConfiguration.class);

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

	/**
	 * Redis's timeout: idle clients closed, checked once a second under the database lock, which
	 * every command holds while it records its time.
	 */
	@Bean(destroyMethod = "shutdownNow")
	ScheduledExecutorService clientsCron(SessionRegistry sessions, Databases databases, ConfigRegistry config) {
		IdleClients idle = new IdleClients(sessions, System::currentTimeMillis, config.numeric("timeout")::value);
		ScheduledExecutorService cron = Executors.newSingleThreadScheduledExecutor(
				Thread.ofPlatform().name("clients-cron").daemon().factory());
		cron.scheduleWithFixedDelay(() -> {
			databases.lock().lock();
			try {
				idle.closeIdle();
			}
			catch (RuntimeException ex) {
				LOGGER.warn("closing idle clients failed", ex);
			}
			finally {
				databases.lock().unlock();
			}
		}, 1, 1, TimeUnit.SECONDS);
		return cron;
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
	KvServerMetrics kvServerMetrics(ServerStats stats, SessionRegistry sessions, BlockedClients blocked,
			Databases databases, CommandTable table) {
		return new KvServerMetrics(stats, sessions::size, blocked::blockedCount, databases, table.stats());
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

	/** The dump; loaded (unless the AOF is on) once the dispatcher exists, in {@link #kvService}. */
	@Bean
	RdbPersistence rdbPersistence(Databases databases, PersistenceSettings settings) {
		return new RdbPersistence(databases, settings, this.clock, CommandCatalog.REDIS_VERSION);
	}

	@Bean
	AofSettings aofSettings(ConfigRegistry config) {
		return AofDirectives.settings(config);
	}

	/** Closed by the shutdown sequence ({@link #persistenceOnClose}), not by an inferred destroy method. */
	@Bean(destroyMethod = "")
	AppendOnlyFile appendOnlyFile(Databases databases, RdbPersistence rdb, AofSettings settings,
			PersistenceSettings persistence, ConfigRegistry config) {
		AppendOnlyFile aof = new AppendOnlyFile(databases, rdb, settings, persistence.dir(), this.clock);
		rdb.refuseWritesWhen(aof::writeRefusal);
		BoolDirective appendonly = config.bool("appendonly");
		appendonly.onApply(() -> setAppendonly(aof, appendonly.value()));
		return aof;
	}

	/** The AOF written before replies leave: the transport calls this before every pass's replies. */
	@Bean
	ReplyBarrier aofReplyBarrier(AppendOnlyFile aof) {
		return aof::flushBeforeReplies;
	}

	/**
	 * SHUTDOWN's work, and the same when the context closes (SIGTERM, which {@link KvServerApplication}
	 * turns into a normal exit): the AOF flushed and synced, the dump saved when save rules are set.
	 */
	@Bean
	ShutdownSequence shutdownSequence(RdbPersistence rdb, AppendOnlyFile aof) {
		ShutdownSequence shutdown = new ShutdownSequence(rdb, aof);
		rdb.refuseWritesWhen(() -> shutdown.done() ? "ERR Errors trying to SHUTDOWN. Check logs." : null);
		return shutdown;
	}

	/** Closing the context runs the shutdown sequence unless SHUTDOWN already did, under the database lock. */
	@Bean
	DisposableBean persistenceOnClose(ShutdownSequence shutdown, Databases databases,
			ScheduledExecutorService persistenceCron) {
		return () -> {
			persistenceCron.shutdownNow();
			databases.lock().lock();
			try {
				shutdown.prepare(new ShutdownSequence.Flags(false, false, false, true));
			}
			finally {
				databases.lock().unlock();
			}
		};
	}

	/**
	 * The save rules and the AOF's writes, fsyncs and auto-rewrites, checked ten times a second as
	 * Redis's serverCron does at hz 10, each on a thread of its own so that an fsync never delays a save.
	 */
	@Bean(destroyMethod = "shutdownNow")
	ScheduledExecutorService persistenceCron(RdbPersistence rdb, AppendOnlyFile aof) {
		ScheduledExecutorService cron = Executors.newScheduledThreadPool(2,
				Thread.ofPlatform().name("persistence-cron").daemon().factory());
		cron.scheduleWithFixedDelay(rdb::cron, 100, 100, TimeUnit.MILLISECONDS);
		cron.scheduleWithFixedDelay(aof::cron, 100, 100, TimeUnit.MILLISECONDS);
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
			Databases databases, ConfigRegistry config) {
		ScriptingCommands scripting = new ScriptingCommands(busyScript, persistence::rdbCompression,
				databases::changedWithoutKeys);
		scripting.reportTo(info);
		NumericDirective threshold = config.numeric("busy-reply-threshold");
		scripting.busyReplyThreshold().set(threshold.value());
		threshold.onApply(() -> {
			scripting.busyReplyThreshold().set(threshold.value());
			return null;
		});
		return scripting;
	}

	/** CONFIG SET appendonly, which runs under the database lock: a rewrite starts, or the file is closed. */
	private static String setAppendonly(AppendOnlyFile aof, boolean on) {
		if (!on) {
			aof.disable();
			return null;
		}
		try {
			aof.enable();
			return null;
		}
		catch (IOException | RuntimeException ex) {
			LOGGER.warn("Redis needs to enable the AOF but can't trigger a background AOF rewrite operation: "
					+ ex.getMessage());
			return "Unable to turn on AOF. Check server logs.";
		}
	}

	/** Clients blocked in BLPOP and the like; its timeout timer stops with the context. */
	@Bean
	BlockedClients blockedClients(Databases databases, ServerStats stats) {
		return new BlockedClients(databases, stats, this.clock);
	}

	@Bean
	CommandTable commandTable(Databases databases, ServerStats stats, SessionRegistry sessions,
			TransactionManager transactions, BlockedClients blocked, ProtocolLimits limits, SlowLog slowLog,
			ConfigRegistry config, InfoFields info, ObjectProvider<AbstractServerConnectionFactory> listener,
			RdbPersistence rdb, AppendOnlyFile aof, ShutdownSequence shutdown, LatencyMonitor latency,
			ScriptingCommands scripting, AclCommands acl) {
		List<CommandFamily> families = new ArrayList<>(CommandFamilies.create(new CommandFamilies.Parts(databases,
				this.clock, stats, sessions, transactions, blocked, limits::maxBulkLength, slowLog, config,
				() -> listener.getObject().getPort(), info, rdb, aof, shutdown, KvServerApplication::exitAfterShutdown,
				acl, latency)));
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
			TransactionManager transactions, BlockedClients blocked, SlowLog slowLog, RdbPersistence rdb,
			AppendOnlyFile aof, LatencyMonitor latency, ProtectedActions protectedActions, BusyScript busyScript,
			ScriptingCommands scripting, @Value("${kvserver.metrics.latency.enabled:true}") boolean latencyEnabled,
			List<CommandGate> gates) {
		// Gates in their @Order: authentication and ACL, then memory, as Redis's processCommand checks them.
		CommandGate gate = gates.stream().reduce(CommandGate::both).orElse(CommandGate.OPEN);
		CommandDispatcher dispatcher = new CommandDispatcher(table, databases.lock(), stats, transactions, blocked,
				this.clock, latencyEnabled, slowLog, gate);
		dispatcher.observeWrites(rdb);
		dispatcher.monitorLatency(latency);
		dispatcher.protectActions(protectedActions);
		dispatcher.watchScripts(busyScript);
		scripting.runWith(dispatcher);
		rdb.persistFunctions(scripting.functions());
		// Loaded here, while the beans are made: before the listener takes its first client. With the
		// AOF on, its files are loaded (through the dispatcher, as Redis's fake client) and not the dump.
		if (!aof.loadAtStartup(new AofReplayClient(dispatcher, transactions))) {
			rdb.loadAtStartup();
		}
		Propagator propagator = new Propagator(databases);
		propagator.logTo(aof);
		dispatcher.propagateTo(propagator);
		return new KvService(sessions, dispatcher, transactions, databases.lock());
	}

}
