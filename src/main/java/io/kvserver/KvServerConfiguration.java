package io.kvserver;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
import io.kvserver.command.BusyScript;
import io.kvserver.command.CommandCatalog;
import io.kvserver.command.CommandDispatcher;
import io.kvserver.command.CommandFamily;
import io.kvserver.command.CommandTable;
import io.kvserver.command.ConfigParameters;
import io.kvserver.command.KvService;
import io.kvserver.command.MaxClients;
import io.kvserver.command.Propagator;
import io.kvserver.command.ProtectedActions;
import io.kvserver.command.SessionRegistry;
import io.kvserver.command.SlowLog;
import io.kvserver.command.TransactionManager;
import io.kvserver.command.scripting.ScriptingCommands;
import io.kvserver.command.server.ShutdownSequence;
import io.kvserver.metrics.CommandLatencyCollector;
import io.kvserver.metrics.PipelineBatchCollector;
import io.kvserver.metrics.InfoFields;
import io.kvserver.metrics.KvServerMetrics;
import io.kvserver.metrics.LatencyMonitor;
import io.kvserver.metrics.ServerStats;
import io.kvserver.persistence.PersistenceSettings;
import io.kvserver.persistence.RdbPersistence;
import io.kvserver.persistence.SaveRule;
import io.kvserver.persistence.aof.AofSettings;
import io.kvserver.persistence.aof.AofSettings.Fsync;
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

	/** The dump; loaded (unless the AOF is on) once the dispatcher exists, in {@link #kvService}. */
	@Bean
	RdbPersistence rdbPersistence(Databases databases, PersistenceSettings settings) {
		return new RdbPersistence(databases, settings, this.clock, CommandCatalog.REDIS_VERSION);
	}

	@Bean
	AofSettings aofSettings(PersistenceProperties properties) {
		AofSettings settings = new AofSettings(properties.appendonly(), properties.appenddirname(),
				properties.appendfilename());
		Fsync fsync = Fsync.of(properties.appendfsync());
		if (fsync == null) {
			throw new IllegalArgumentException("kvserver.appendfsync: argument(s) must be one of the following: "
					+ "everysec, always, no");
		}
		settings.setFsync(fsync);
		settings.setUseRdbPreamble(properties.aofUseRdbPreamble());
		settings.setLoadTruncated(properties.aofLoadTruncated());
		settings.setRewritePercentage(properties.autoAofRewritePercentage());
		settings.setRewriteMinSize(properties.autoAofRewriteMinSize().toBytes());
		return settings;
	}

	/** Closed by the shutdown sequence ({@link #persistenceOnClose}), not by an inferred destroy method. */
	@Bean(destroyMethod = "")
	AppendOnlyFile appendOnlyFile(Databases databases, RdbPersistence rdb, AofSettings settings,
			PersistenceSettings persistence) {
		AppendOnlyFile aof = new AppendOnlyFile(databases, rdb, settings, persistence.dir(), this.clock);
		rdb.refuseWritesWhen(aof::writeRefusal);
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
			Databases databases) {
		ScriptingCommands scripting = new ScriptingCommands(busyScript, persistence::rdbCompression,
				databases::changedWithoutKeys);
		scripting.reportTo(info);
		return scripting;
	}

	@Bean
	ConfigParameters configParameters(KvServerProperties properties, ProtocolLimits limits, MaxClients maxClients,
			SlowLog slowLog, ObjectProvider<AbstractServerConnectionFactory> listener, PersistenceSettings persistence,
			AppendOnlyFile aof, ProtectedActions protectedActions, ScriptingCommands scripting) {
		AofSettings aofSettings = aof.settings();
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
			.text("appendonly", () -> aofSettings.appendonly() ? "yes" : "no", text -> setAppendonly(aof, text))
			.text("appendfsync", () -> aofSettings.fsync().configName(), text -> {
				Fsync fsync = Fsync.of(text);
				if (fsync == null) {
					return "argument(s) must be one of the following: everysec, always, no";
				}
				aofSettings.setFsync(fsync);
				return null;
			})
			.fixed("appenddirname", aofSettings::dirname)
			.fixed("appendfilename", aofSettings::filename)
			.yesNo("aof-use-rdb-preamble", aofSettings::useRdbPreamble, aofSettings::setUseRdbPreamble)
			.yesNo("no-appendfsync-on-rewrite", aofSettings::noFsyncOnRewrite, aofSettings::setNoFsyncOnRewrite)
			// kvserver's rewrite forces its base once, at the end, whatever this says; Redis's every 4 MB
			.yesNo("aof-rewrite-incremental-fsync", aofSettings::rewriteIncrementalFsync,
					aofSettings::setRewriteIncrementalFsync)
			.fixed("aof-disable-auto-gc", () -> "no")
			.fixed("aof-timestamp-enabled", () -> "no")
			.yesNo("aof-load-truncated", aofSettings::loadTruncated, aofSettings::setLoadTruncated)
			.integer("auto-aof-rewrite-percentage", aofSettings::rewritePercentage, aofSettings::setRewritePercentage, 0,
					Integer.MAX_VALUE)
			.memory("auto-aof-rewrite-min-size", aofSettings::rewriteMinSize, aofSettings::setRewriteMinSize, 0,
					Long.MAX_VALUE)
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

	/** CONFIG SET appendonly, which runs under the database lock: a rewrite starts, or the file is closed. */
	private static String setAppendonly(AppendOnlyFile aof, String text) {
		String lower = text.toLowerCase(Locale.ROOT);
		if (!lower.equals("yes") && !lower.equals("no")) {
			return "argument must be 'yes' or 'no'";
		}
		if (lower.equals("no")) {
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

	@Bean
	CommandTable commandTable(Databases databases, ServerStats stats, SessionRegistry sessions,
			TransactionManager transactions, ProtocolLimits limits, SlowLog slowLog, ConfigParameters config,
			InfoFields info, ObjectProvider<AbstractServerConnectionFactory> listener, RdbPersistence rdb,
			AppendOnlyFile aof, ShutdownSequence shutdown, LatencyMonitor latency, ScriptingCommands scripting) {
		List<CommandFamily> families = new ArrayList<>(CommandFamilies.create(new CommandFamilies.Parts(databases,
				this.clock, stats, sessions, transactions, limits::maxBulkLength, slowLog, config,
				() -> listener.getObject().getPort(), info, rdb, aof, shutdown, KvServerApplication::exitAfterShutdown, latency)));
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
			TransactionManager transactions, SlowLog slowLog, RdbPersistence rdb, AppendOnlyFile aof,
			LatencyMonitor latency, ProtectedActions protectedActions, BusyScript busyScript, ScriptingCommands scripting,
			@Value("${kvserver.metrics.latency.enabled:true}") boolean latencyEnabled) {
		CommandDispatcher dispatcher = new CommandDispatcher(table, databases.lock(), stats, transactions, this.clock,
				latencyEnabled, slowLog);
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
