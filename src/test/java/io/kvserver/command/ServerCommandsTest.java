package io.kvserver.command;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static io.kvserver.command.CommandHarness.bulk;
import static io.kvserver.command.CommandHarness.bulkElements;
import static io.kvserver.command.CommandHarness.error;
import static io.kvserver.command.CommandHarness.integer;
import static io.kvserver.command.CommandHarness.ok;
import static org.assertj.core.api.Assertions.assertThat;

/** Replies and error texts as redis-server 7.0.15 gives them (checked against one). */
class ServerCommandsTest {

	private final CommandHarness redis = new CommandHarness();

	@Test
	void dbsizeCountsTheSelectedDatabaseIncludingExpiredKeysNotYetReclaimed() {
		assertThat(this.redis.run("DBSIZE")).isEqualTo(integer(0));
		this.redis.run("SET", "a", "1");
		this.redis.run("SET", "b", "1", "PX", "10");
		this.redis.run("SELECT", "1");
		this.redis.run("SET", "c", "1");
		assertThat(this.redis.run("DBSIZE")).isEqualTo(integer(1));
		this.redis.run("SELECT", "0");
		this.redis.advance(10);
		assertThat(this.redis.run("DBSIZE")).isEqualTo(integer(2));
		this.redis.run("GET", "b");
		assertThat(this.redis.run("DBSIZE")).isEqualTo(integer(1));
		assertThat(this.redis.run("DBSIZE", "x")).isEqualTo(error("ERR wrong number of arguments for 'dbsize' command"));
	}

	@Test
	void flushdbEmptiesOnlyTheSelectedDatabase() {
		this.redis.run("SET", "a", "1");
		this.redis.run("SELECT", "1");
		this.redis.run("SET", "b", "1", "EX", "100");
		assertThat(this.redis.run("FLUSHDB")).isEqualTo(ok());
		assertThat(this.redis.run("DBSIZE")).isEqualTo(integer(0));
		this.redis.run("SELECT", "0");
		assertThat(this.redis.run("DBSIZE")).isEqualTo(integer(1));
	}

	@Test
	void flushallEmptiesEveryDatabase() {
		this.redis.run("SET", "a", "1");
		this.redis.run("SELECT", "7");
		this.redis.run("SET", "b", "1", "EX", "100");
		assertThat(this.redis.run("FLUSHALL")).isEqualTo(ok());
		for (int db = 0; db < 16; db++) {
			assertThat(this.redis.databases.db(db).size()).isZero();
			assertThat(this.redis.databases.db(db).expiresCount()).isZero();
		}
	}

	@ParameterizedTest(name = "{0} {1}")
	@CsvSource({ "FLUSHDB, SYNC", "FLUSHDB, async", "FLUSHALL, ASYNC", "FLUSHALL, sync" })
	void flushAcceptsSyncAndAsync(String command, String option) {
		this.redis.run("SET", "a", "1");
		assertThat(this.redis.run(command, option)).isEqualTo(ok());
		assertThat(this.redis.run("DBSIZE")).isEqualTo(integer(0));
	}

	@ParameterizedTest(name = "{0} {1}")
	@CsvSource({ "FLUSHDB, FOO", "FLUSHDB, SYNC ASYNC", "FLUSHALL, x", "FLUSHALL, ASYNC ASYNC" })
	void flushRejectsOtherOptionsAndKeepsTheData(String command, String options) {
		this.redis.run("SET", "a", "1");
		String[] argv = (command + " " + options).split(" ");
		assertThat(this.redis.run(argv)).isEqualTo(error("ERR syntax error"));
		assertThat(this.redis.run("DBSIZE")).isEqualTo(integer(1));
	}

	@Test
	void infoHasTheDefaultSectionsWithRedisFieldNames() {
		String info = infoText("INFO");
		assertThat(info).startsWith("# Server\r\n").endsWith("\r\n").doesNotContain("\r\n\r\n\r\n");
		assertThat(info).contains("\r\n\r\n# Clients\r\n", "\r\n\r\n# Memory\r\n", "\r\n\r\n# Stats\r\n",
				"\r\n\r\n# Keyspace\r\n");
		Map<String, String> fields = fields(info);
		assertThat(fields).containsEntry("redis_version", "7.0.15")
			.containsEntry("redis_mode", "standalone")
			.containsEntry("tcp_port", Integer.toString(CommandHarness.PORT))
			.containsEntry("hz", "10")
			.containsEntry("connected_clients", "1")
			.containsEntry("blocked_clients", "0")
			.containsKeys("os", "arch_bits", "process_id", "uptime_in_seconds", "uptime_in_days", "used_memory",
					"used_memory_human", "maxmemory", "mem_allocator", "total_connections_received",
					"total_commands_processed", "instantaneous_ops_per_sec", "rejected_connections", "expired_keys",
					"keyspace_hits", "keyspace_misses");
		assertThat(fields.get("process_id")).isEqualTo(Long.toString(ProcessHandle.current().pid()));
		assertThat(fields.get("used_memory")).matches("\\d+");
		assertThat(fields.get("used_memory_human")).matches("\\d+(\\.\\d\\d[KMGT])?B?");
		assertThat(sections(infoText("INFO", "default"))).as("same sections as no argument")
			.isEqualTo(sections(info))
			.containsExactly("Server", "Clients", "Memory", "Persistence", "Stats", "Replication", "CPU", "Modules",
					"Errorstats", "Cluster", "Keyspace");
		assertThat(sections(infoText("INFO", "all")))
			.as("Redis 7.0's order, commandstats and latencystats only beyond the default")
			.containsExactly("Server", "Clients", "Memory", "Persistence", "Stats", "Replication", "CPU", "Modules",
					"Commandstats", "Errorstats", "Latencystats", "Cluster", "Keyspace");
		assertThat(sections(infoText("INFO", "everything"))).isEqualTo(sections(infoText("INFO", "all")));
	}

	/**
	 * The same commands, sent to redis-server 7.0.15, gave these counts: unknown commands and
	 * unknown subcommands count nowhere but in the error totals, a wrong arity is the command's
	 * rejected_calls, an error while running is its failed_calls, and only calls that ran are
	 * total_commands_processed.
	 */
	@Test
	void commandstatsAndErrorstatsCountAsRedisDoes() {
		this.redis.run("SET", "a", "1");
		this.redis.run("GET", "a");
		this.redis.run("GET");
		this.redis.run("FROB", "x");
		this.redis.run("CONFIG", "foo");
		this.redis.run("CONFIG");
		this.redis.run("INCR", "a");
		this.redis.run("SET", "b", "x");
		this.redis.run("INCR", "b");
		String info = infoText("INFO", "stats", "commandstats", "errorstats");
		Map<String, String> fields = fields(info);
		assertThat(fields).containsEntry("total_commands_processed", "5")
			.containsEntry("total_error_replies", "5")
			.containsEntry("errorstat_ERR", "count=5");
		assertThat(fields.keySet().stream().filter(k -> k.startsWith("cmdstat_")))
			.containsExactly("cmdstat_config", "cmdstat_get", "cmdstat_incr", "cmdstat_set");
		assertThat(fields.get("cmdstat_get")).matches("calls=1,usec=\\d+,usec_per_call=\\d+\\.\\d\\d,rejected_calls=1,failed_calls=0");
		assertThat(fields.get("cmdstat_config")).isEqualTo("calls=0,usec=0,usec_per_call=0.00,rejected_calls=1,failed_calls=0");
		assertThat(fields.get("cmdstat_incr")).matches("calls=2,usec=\\d+,usec_per_call=\\d+\\.\\d\\d,rejected_calls=0,failed_calls=1");
		assertThat(fields.get("cmdstat_set")).matches("calls=2,usec=\\d+,usec_per_call=\\d+\\.\\d\\d,rejected_calls=0,failed_calls=0");
		// INFO itself is counted once it has answered, as in Redis.
		assertThat(fields(infoText("INFO", "commandstats"))).containsKey("cmdstat_info");
	}

	/**
	 * Measured on redis-server 7.0.15 after CONFIG RESETSTAT: an error inside EXEC is the failing
	 * command's (failed_calls, one errorstat), not EXEC's; a queued unknown command counts only in
	 * errorstats, and the EXECABORT that follows is EXEC's failed call; a refused EXEC (wrong arity)
	 * is its rejected call, counted in errorstats under the EXECABORT it answers.
	 */
	@Test
	void errorsInsideATransactionCountOnceAsInRedis() {
		this.redis.run("SET", "s", "abc");
		this.redis.run("CONFIG", "RESETSTAT");
		assertThat(this.redis.batch(new String[] { "MULTI" }, new String[] { "INCR", "s" }, new String[] { "EXEC" }))
			.isEqualTo(ok() + "+QUEUED\r\n" + "*1\r\n" + error("ERR value is not an integer or out of range"));
		Map<String, String> fields = fields(infoText("INFO", "stats", "commandstats", "errorstats"));
		assertThat(fields).containsEntry("total_error_replies", "1")
			.containsEntry("errorstat_ERR", "count=1")
			.containsEntry("total_commands_processed", "4"); // RESETSTAT, MULTI, INCR, EXEC
		assertThat(fields.keySet().stream().filter(k -> k.startsWith("errorstat_"))).hasSize(1);
		assertThat(fields.get("cmdstat_incr")).matches("calls=1,.*,rejected_calls=0,failed_calls=1");
		assertThat(fields.get("cmdstat_exec")).matches("calls=1,.*,rejected_calls=0,failed_calls=0");
		assertThat(fields.get("cmdstat_multi")).matches("calls=1,.*,rejected_calls=0,failed_calls=0");

		this.redis.run("CONFIG", "RESETSTAT");
		this.redis.run("MULTI");
		this.redis.run("FOO");
		this.redis.run("GET");
		assertThat(this.redis.run("EXEC")).isEqualTo(error("EXECABORT Transaction discarded because of previous errors."));
		fields = fields(infoText("INFO", "stats", "commandstats", "errorstats"));
		assertThat(fields).containsEntry("total_error_replies", "3")
			.containsEntry("errorstat_ERR", "count=2")
			.containsEntry("errorstat_EXECABORT", "count=1");
		assertThat(fields.get("cmdstat_exec")).matches("calls=1,.*,rejected_calls=0,failed_calls=1");
		assertThat(fields.get("cmdstat_get")).isEqualTo("calls=0,usec=0,usec_per_call=0.00,rejected_calls=1,failed_calls=0");

		this.redis.run("CONFIG", "RESETSTAT");
		this.redis.run("MULTI");
		assertThat(this.redis.run("EXEC", "x"))
			.isEqualTo(error("EXECABORT Transaction discarded because of: wrong number of arguments for 'exec' command"));
		fields = fields(infoText("INFO", "commandstats", "errorstats"));
		assertThat(fields).containsEntry("errorstat_EXECABORT", "count=1").doesNotContainKey("errorstat_ERR");
		assertThat(fields.get("cmdstat_exec")).isEqualTo("calls=0,usec=0,usec_per_call=0.00,rejected_calls=1,failed_calls=0");
	}

	@Test
	void errorstatsCountEachErrorCode() {
		this.redis.run("HELLO", "4");
		this.redis.run("HELLO", "4");
		this.redis.run("SET", "k", "v", "NX", "XX");
		assertThat(fields(infoText("INFO", "errorstats"))).containsEntry("errorstat_NOPROTO", "count=2")
			.containsEntry("errorstat_ERR", "count=1")
			.hasSize(2);
		assertThat(fields(infoText("INFO", "commandstats")).get("cmdstat_hello"))
			.matches("calls=2,usec=\\d+,usec_per_call=\\d+\\.\\d\\d,rejected_calls=0,failed_calls=2");
	}

	@Test
	void subcommandsHaveTheirOwnCommandstats() {
		this.redis.run("CONFIG", "GET", "port");
		this.redis.run("CONFIG", "GET");
		Map<String, String> fields = fields(infoText("INFO", "commandstats"));
		assertThat(fields.get("cmdstat_config|get")).startsWith("calls=1,").endsWith(",rejected_calls=1,failed_calls=0");
		assertThat(fields).doesNotContainKey("cmdstat_config");
	}

	@Test
	void infoStatsHasTheNetworkAndEvictionCountersAndMemoryTheKeyspaceEstimate() {
		this.redis.run("SET", "k", "v");
		Map<String, String> fields = fields(infoText("INFO"));
		assertThat(fields).containsEntry("evicted_keys", "0")
			.containsKeys("total_net_input_bytes", "total_net_output_bytes", "total_error_replies");
		// One key "k" -> "v": two 24-byte arrays plus the tables' arrays (see Keyspace.memoryEstimate).
		assertThat(Long.parseLong(fields.get("used_memory_dataset"))).isBetween(48L, 1024L);
	}

	@Test
	void infoSectionsCanBeChosenCaseInsensitively() {
		String server = infoText("INFO", "SERVER");
		assertThat(server).startsWith("# Server\r\n").doesNotContain("# Clients", "# Stats", "# Keyspace");
		String two = infoText("INFO", "clients", "stats");
		assertThat(two).startsWith("# Clients\r\n").contains("\r\n\r\n# Stats\r\n").doesNotContain("# Server", "# Keyspace");
		assertThat(infoText("INFO", "everything")).contains("# Server", "# Keyspace");
		assertThat(infoText("INFO", "all")).contains("# Server", "# Keyspace");
	}

	@Test
	void infoOfAnUnknownSectionIsEmpty() {
		assertThat(this.redis.run("INFO", "nosuch")).isEqualTo(bulk(""));
	}

	@Test
	void infoKeyspaceListsNonEmptyDatabases() {
		assertThat(this.redis.run("INFO", "keyspace")).isEqualTo(bulk("# Keyspace\r\n"));
		this.redis.run("SET", "a", "1");
		this.redis.run("SET", "b", "1", "EX", "100");
		this.redis.run("SELECT", "3");
		this.redis.run("SET", "c", "1");
		assertThat(this.redis.run("INFO", "keyspace")).isEqualTo(bulk(
				"# Keyspace\r\ndb0:keys=2,expires=1,avg_ttl=100000\r\ndb3:keys=1,expires=0,avg_ttl=0\r\n"));
	}

	@Test
	void infoKeyspaceAverageTtlIsTheExactMeanOfTheRemainingTtls() {
		this.redis.run("SET", "a", "1", "PX", "1000");
		this.redis.run("SET", "b", "1", "PX", "3000");
		this.redis.run("SET", "c", "1");
		assertThat(infoText("INFO", "keyspace")).contains("db0:keys=3,expires=2,avg_ttl=2000\r\n");
		this.redis.advance(500);
		assertThat(infoText("INFO", "keyspace")).contains("db0:keys=3,expires=2,avg_ttl=1500\r\n");
		this.redis.run("PERSIST", "b");
		assertThat(infoText("INFO", "keyspace")).contains("db0:keys=3,expires=1,avg_ttl=500\r\n");
		this.redis.run("PERSIST", "a");
		assertThat(infoText("INFO", "keyspace")).contains("db0:keys=3,expires=0,avg_ttl=0\r\n");
	}

	@Test
	void infoStatsCountCommandsExpiriesAndHits() {
		this.redis.run("SET", "a", "1");
		this.redis.run("SET", "b", "1", "PX", "10");
		this.redis.advance(10);
		this.redis.run("GET", "a");
		this.redis.run("GET", "b");
		this.redis.run("GET", "c");
		Map<String, String> stats = fields(infoText("INFO", "stats"));
		assertThat(stats).containsEntry("expired_keys", "1")
			.containsEntry("keyspace_hits", "1")
			.containsEntry("keyspace_misses", "2")
			.containsEntry("total_commands_processed", "5");
	}

	@Test
	void configGetMatchesGlobsCaseInsensitively() {
		assertThat(config("port")).containsExactly(Map.entry("port", "6399"));
		assertThat(config("*max-*-len")).containsExactly(Map.entry("proto-max-bulk-len", "536870912"));
		assertThat(config("P*RT")).containsExactly(Map.entry("port", "6399"));
		assertThat(config("nosuch")).isEmpty();
		assertThat(config("nosuch*")).isEmpty();
		assertThat(config("port", "bind")).containsOnly(Map.entry("port", "6399"), Map.entry("bind", "127.0.0.1"));
		assertThat(config("save")).containsExactly(Map.entry("save", ""));
		assertThat(config("*")).containsKeys("bind", "port", "databases", "save", "appendonly", "maxmemory");
	}

	@Test
	void configSetChangesTheProtocolLimitsWithRedissParsingAndBounds() {
		assertThat(this.redis.run("CONFIG", "SET", "proto-max-bulk-len", "2mb")).isEqualTo(ok());
		assertThat(this.redis.limits.maxBulkLength()).isEqualTo(2 * 1024 * 1024);
		assertThat(config("proto-max-bulk-len")).containsExactly(Map.entry("proto-max-bulk-len", "2097152"));
		assertThat(this.redis.run("CONFIG", "SET", "PROTO-MAX-BULK-LEN", "3000000", "client-query-buffer-limit", "1GB"))
			.isEqualTo(ok());
		assertThat(this.redis.limits.maxBulkLength()).isEqualTo(3_000_000);
		assertThat(this.redis.limits.queryBufferLimit()).isEqualTo(1L << 30);
		String prefix = "ERR CONFIG SET failed (possibly related to argument 'proto-max-bulk-len') - ";
		assertThat(this.redis.run("CONFIG", "SET", "proto-max-bulk-len", "abc"))
			.isEqualTo(error(prefix + "argument must be a memory value"));
		assertThat(this.redis.run("CONFIG", "SET", "proto-max-bulk-len", "1.5mb"))
			.isEqualTo(error(prefix + "argument must be a memory value"));
		assertThat(this.redis.run("CONFIG", "SET", "proto-max-bulk-len", "-1"))
			.isEqualTo(error(prefix + "argument must be a memory value"));
		assertThat(this.redis.run("CONFIG", "SET", "proto-max-bulk-len", "100"))
			.isEqualTo(error(prefix + "argument must be between 1048576 and 9223372036854775807 inclusive"));
		assertThat(this.redis.run("CONFIG", "SET", "proto-max-bulk-len", "999999999999999999999"))
			.isEqualTo(error(prefix + "argument must be between 1048576 and 9223372036854775807 inclusive"));
		assertThat(this.redis.limits.maxBulkLength()).as("unchanged by the failures").isEqualTo(3_000_000);
	}

	@Test
	void configSetIsAllOrNothing() {
		assertThat(this.redis.run("CONFIG", "SET", "client-query-buffer-limit", "2mb", "proto-max-bulk-len", "1"))
			.isEqualTo(error("ERR CONFIG SET failed (possibly related to argument 'proto-max-bulk-len') - argument must be between 1048576 and 9223372036854775807 inclusive"));
		assertThat(this.redis.limits.queryBufferLimit()).isEqualTo(1L << 30);
	}

	@Test
	void configSetErrorsInRedissOrder() {
		assertThat(this.redis.run("CONFIG", "SET", "nosuch", "1"))
			.isEqualTo(error("ERR Unknown option or number of arguments for CONFIG SET - 'nosuch'"));
		assertThat(this.redis.run("CONFIG", "SET", "databases", "4"))
			.isEqualTo(error("ERR CONFIG SET failed (possibly related to argument 'databases') - can't set immutable config"));
		assertThat(this.redis.run("CONFIG", "SET", "databases", "2", "nosuch", "1")).as("the first problem wins")
			.isEqualTo(error("ERR CONFIG SET failed (possibly related to argument 'databases') - can't set immutable config"));
		assertThat(this.redis.run("CONFIG", "SET", "proto-max-bulk-len", "2mb", "PROTO-max-bulk-len", "3mb"))
			.isEqualTo(error("ERR CONFIG SET failed (possibly related to argument 'PROTO-max-bulk-len') - duplicate parameter"));
		assertThat(this.redis.run("CONFIG", "SET", "a", "b", "c")).isEqualTo(error("ERR syntax error"));
		assertThat(this.redis.run("CONFIG", "SET", "a"))
			.isEqualTo(error("ERR wrong number of arguments for 'config|set' command"));
		assertThat(this.redis.limits.maxBulkLength()).isEqualTo(512L * 1024 * 1024);
	}

	@Test
	void configResetstatStartsTheCountersAgain() {
		this.redis.run("SET", "a", "1");
		this.redis.run("SET", "b", "1", "PX", "10");
		this.redis.advance(10);
		this.redis.run("GET", "a");
		this.redis.run("GET", "b");
		assertThat(this.redis.run("CONFIG", "RESETSTAT")).isEqualTo(ok());
		Map<String, String> stats = fields(infoText("INFO", "stats"));
		assertThat(stats).containsEntry("expired_keys", "0")
			.containsEntry("keyspace_hits", "0")
			.containsEntry("keyspace_misses", "0")
			.containsEntry("total_commands_processed", "1") // RESETSTAT itself, counted after it ran, as in Redis
			.containsEntry("total_connections_received", "0");
		assertThat(this.redis.run("CONFIG", "RESETSTAT", "x"))
			.isEqualTo(error("ERR wrong number of arguments for 'config|resetstat' command"));
	}

	@Test
	void configResetstatAlsoResetsCommandstatsAndErrorstats() {
		this.redis.run("SET", "a", "x");
		this.redis.run("INCR", "a");
		this.redis.run("GET");
		this.redis.run("HELLO", "4");
		assertThat(fields(infoText("INFO", "commandstats", "errorstats"))).containsKeys("cmdstat_set", "cmdstat_incr",
				"cmdstat_get", "cmdstat_hello", "errorstat_ERR", "errorstat_NOPROTO");
		assertThat(this.redis.run("CONFIG", "RESETSTAT")).isEqualTo(ok());
		Map<String, String> fields = fields(infoText("INFO", "commandstats", "errorstats"));
		// Only RESETSTAT itself, counted once it has run, as in Redis.
		assertThat(fields).containsOnlyKeys("cmdstat_config|resetstat");
		assertThat(fields.get("cmdstat_config|resetstat")).matches("calls=1,.*,rejected_calls=0,failed_calls=0");
		this.redis.run("INCR", "a");
		assertThat(fields(infoText("INFO", "commandstats", "errorstats"))).containsEntry("errorstat_ERR", "count=1")
			.hasEntrySatisfying("cmdstat_incr", v -> assertThat(v).matches("calls=1,usec=\\d+,.*,failed_calls=1"));
	}

	/** Measured on redis-server 7.0.15 (its limit 20000, so "try with 19968"; here the harness's 4096). */
	@Test
	void maxclientsIsTheDefaultLoweredToTheOpenFilesLimitAndCanBeSet() {
		String clients = infoText("INFO", "clients");
		assertThat(clients).contains("cluster_connections:0\r\nmaxclients:4064\r\n");
		assertThat(config("maxclients")).containsExactly(Map.entry("maxclients", "4064"));
		String prefix = "ERR CONFIG SET failed (possibly related to argument 'maxclients') - ";
		for (String notAnInteger : List.of("abc", "10k", " 5", "+5", "05", "", "99999999999999999999")) {
			assertThat(this.redis.run("CONFIG", "SET", "maxclients", notAnInteger)).as(notAnInteger)
				.isEqualTo(error(prefix + "argument couldn't be parsed into an integer"));
		}
		for (String outOfRange : List.of("0", "-1", "4294967296")) {
			assertThat(this.redis.run("CONFIG", "SET", "maxclients", outOfRange)).as(outOfRange)
				.isEqualTo(error(prefix + "argument must be between 1 and 4294967295 inclusive"));
		}
		for (String tooMany : List.of("4065", "30001", "4294967263")) {
			assertThat(this.redis.run("CONFIG", "SET", "maxclients", tooMany)).as(tooMany)
				.isEqualTo(error(prefix + "The operating system is not able to handle the specified number of clients, try with 4064"));
		}
		assertThat(this.redis.run("CONFIG", "SET", "maxclients", "1")).isEqualTo(ok());
		assertThat(config("maxclients")).containsExactly(Map.entry("maxclients", "1"));
		assertThat(infoText("INFO", "clients")).contains("\r\nmaxclients:1\r\n");
		assertThat(this.redis.run("CONFIG", "SET", "maxclients", "4064")).isEqualTo(ok());
		// Redis adds the 32 reserved descriptors in unsigned int arithmetic: from here the sum wraps and fits.
		assertThat(this.redis.run("CONFIG", "SET", "maxclients", "4294967264")).isEqualTo(ok());
		assertThat(this.redis.run("CONFIG", "SET", "maxclients", "4294967295")).isEqualTo(ok());
		assertThat(config("maxclients")).containsExactly(Map.entry("maxclients", "4294967295"));
		assertThat(this.redis.run("CONFIG", "SET", "maxclients", "2", "proto-max-bulk-len", "1"))
			.as("all or nothing")
			.startsWith("-ERR CONFIG SET failed (possibly related to argument 'proto-max-bulk-len')");
		assertThat(config("maxclients")).containsExactly(Map.entry("maxclients", "4294967295"));
	}

	@Test
	void configHelp() {
		assertThat(this.redis.run("CONFIG", "HELP")).isEqualTo("*11\r\n"
				+ "+CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n+GET <pattern>\r\n"
				+ "+    Return parameters matching the glob-like <pattern> and their values.\r\n"
				+ "+SET <directive> <value>\r\n+    Set the configuration <directive> to <value>.\r\n+RESETSTAT\r\n"
				+ "+    Reset statistics reported by the INFO command.\r\n+REWRITE\r\n"
				+ "+    Rewrite the configuration file.\r\n+HELP\r\n+    Prints this help.\r\n");
	}

	@Test
	void timeAndLastsave() {
		long before = System.currentTimeMillis();
		List<String> time = bulkElements(this.redis.run("TIME"));
		long after = System.currentTimeMillis();
		assertThat(time).hasSize(2);
		long micros = Long.parseLong(time.get(0)) * 1_000_000 + Long.parseLong(time.get(1));
		assertThat(micros).isBetween(before * 1000, after * 1000 + 999);
		assertThat(Long.parseLong(time.get(1))).isBetween(0L, 999_999L);
		assertThat(this.redis.run("LASTSAVE")).as("no save yet: the server's start")
			.isEqualTo(integer(this.redis.rdb.lastSaveSeconds()));
		assertThat(this.redis.run("TIME", "x")).isEqualTo(error("ERR wrong number of arguments for 'time' command"));
		assertThat(this.redis.run("LASTSAVE", "x")).isEqualTo(error("ERR wrong number of arguments for 'lastsave' command"));
	}

	@Test
	void infoInResp3IsAVerbatimString() {
		this.redis.run("HELLO", "3");
		assertThat(this.redis.run("INFO", "keyspace")).isEqualTo("=16\r\ntxt:# Keyspace\r\n\r\n");
	}

	@Test
	void configGetEchoesAPlainNameAsSpelledAndReportsEachParameterOnce() {
		assertThat(config("DATABASES")).containsExactly(Map.entry("DATABASES", "16"));
		assertThat(config("PORT", "port", "p*rt")).containsExactly(Map.entry("PORT", "6399"));
		assertThat(config("p*rt", "PORT")).containsExactly(Map.entry("port", "6399"));
		assertThat(config("*", "port")).isEqualTo(config("*"));
	}

	@Test
	void configErrors() {
		assertThat(this.redis.run("CONFIG")).isEqualTo(error("ERR wrong number of arguments for 'config' command"));
		assertThat(this.redis.run("CONFIG", "GET"))
			.isEqualTo(error("ERR wrong number of arguments for 'config|get' command"));
		assertThat(this.redis.run("CONFIG", "nope")).isEqualTo(error("ERR unknown subcommand 'nope'. Try CONFIG HELP."));
	}

	@Test
	void commandCountMatchesCommandAndCommandList() {
		String count = this.redis.run("COMMAND", "COUNT");
		assertThat(count).matches(":\\d+\r\n");
		int n = Integer.parseInt(count.substring(1, count.length() - 2));
		assertThat(n).isGreaterThanOrEqualTo(29);
		assertThat(this.redis.run("COMMAND")).startsWith("*" + n + "\r\n*10\r\n");
		assertThat(this.redis.run("COMMAND", "INFO")).as("no names means all commands").startsWith("*" + n + "\r\n*10\r\n");
		List<String> names = bulkElements(this.redis.run("COMMAND", "LIST"));
		assertThat(names.stream().filter(name -> !name.contains("|"))).hasSize(n);
		assertThat(names).contains("get", "set", "del", "expire", "ping", "hello", "client", "config", "command",
				"info", "keys", "mset", "multi", "exec", "client|list", "config|get", "command|docs");
		assertThat(this.redis.run("COMMAND", "COUNT", "x"))
			.isEqualTo(error("ERR wrong number of arguments for 'command|count' command"));
	}

	/** Name, arity, flags and key positions as COMMAND INFO on redis-server 7.0.15 reports them. */
	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = {
			"get|2|readonly fast|1|1|1", "set|-3|write denyoom|1|1|1", "incr|2|write denyoom fast|1|1|1",
			"decr|2|write denyoom fast|1|1|1", "incrby|3|write denyoom fast|1|1|1",
			"decrby|3|write denyoom fast|1|1|1", "mget|-2|readonly fast|1|-1|1", "mset|-3|write denyoom|1|-1|2",
			"del|-2|write|1|-1|1", "exists|-2|readonly fast|1|-1|1", "expire|-3|write fast|1|1|1",
			"pexpire|-3|write fast|1|1|1", "ttl|2|readonly fast|1|1|1", "pttl|2|readonly fast|1|1|1",
			"persist|2|write fast|1|1|1", "keys|2|readonly|0|0|0", "type|2|readonly fast|1|1|1",
			"ping|-1|fast|0|0|0", "echo|2|loading stale fast|0|0|0",
			"quit|-1|noscript loading stale fast no_auth allow_busy|0|0|0", "select|2|loading stale fast|0|0|0",
			"hello|-1|noscript loading stale fast no_auth allow_busy|0|0|0", "client|-2||0|0|0",
			"dbsize|1|readonly fast|0|0|0", "flushdb|-1|write|0|0|0", "flushall|-1|write|0|0|0",
			"info|-1|loading stale|0|0|0", "config|-2||0|0|0" })
	void commandInfoDescribesCommandsLikeRedis(String name, int arity, String flags, int first, int last, int step) {
		StringBuilder expected = new StringBuilder("*1\r\n*10\r\n").append(bulk(name)).append(integer(arity));
		String[] flagList = (flags == null) ? new String[0] : flags.split(" ");
		expected.append('*').append(flagList.length).append("\r\n");
		for (String flag : flagList) {
			expected.append('+').append(flag).append("\r\n");
		}
		expected.append(integer(first)).append(integer(last)).append(integer(step));
		assertThat(this.redis.run("COMMAND", "INFO", name.toUpperCase())).startsWith(expected.toString());
	}

	@Test
	void commandInfoOfUnknownNamesIsNull() {
		assertThat(this.redis.run("COMMAND", "INFO", "nosuch")).isEqualTo("*1\r\n$-1\r\n");
		String two = this.redis.run("COMMAND", "INFO", "get", "NOSUCH");
		assertThat(two).startsWith("*2\r\n*10\r\n$3\r\nget\r\n").endsWith("$-1\r\n");
	}

	@Test
	void commandInfoListsSubcommandsUnderTheirFullNames() {
		String config = this.redis.run("COMMAND", "INFO", "config");
		assertThat(config).contains("$10\r\nconfig|get\r\n:-3\r\n*4\r\n+admin\r\n+noscript\r\n+loading\r\n+stale\r\n:0\r\n:0\r\n:0\r\n");
		String client = this.redis.run("COMMAND", "INFO", "client");
		assertThat(client).contains("$14\r\nclient|setname\r\n:3\r\n*3\r\n+noscript\r\n+loading\r\n+stale\r\n");
	}

	@Test
	void commandInfoAndDocsFindSubcommandsByTheirFullName() {
		assertThat(this.redis.run("COMMAND", "INFO", "CONFIG|GET"))
			.startsWith("*1\r\n*10\r\n$10\r\nconfig|get\r\n:-3\r\n*4\r\n+admin\r\n");
		assertThat(this.redis.run("COMMAND", "INFO", "config|nosuch", "get|x", "a|b|c"))
			.isEqualTo("*3\r\n$-1\r\n$-1\r\n$-1\r\n");
		assertThat(this.redis.run("COMMAND", "DOCS", "config|get")).startsWith("*2\r\n$10\r\nconfig|get\r\n*");
	}

	@Test
	void commandDocsAreRedissOwn() {
		assertThat(this.redis.run("COMMAND", "DOCS", "get", "nosuch")).isEqualTo("*2\r\n" + bulk("get") + "*10\r\n"
				+ bulk("summary") + bulk("Get the value of a key") + bulk("since") + bulk("1.0.0") + bulk("group")
				+ bulk("string") + bulk("complexity") + bulk("O(1)") + bulk("arguments") + "*1\r\n*6\r\n"
				+ bulk("name") + bulk("key") + bulk("type") + bulk("key") + bulk("key_spec_index") + integer(0));
		assertThat(this.redis.run("COMMAND", "DOCS", "nosuch")).isEqualTo("*0\r\n");
		this.redis.run("HELLO", "3");
		assertThat(this.redis.run("COMMAND", "DOCS", "get")).startsWith("%1\r\n" + bulk("get") + "%5\r\n");
		String all = this.redis.run("COMMAND", "DOCS");
		int count = Integer.parseInt(this.redis.run("COMMAND", "COUNT").substring(1).trim());
		assertThat(all).startsWith("%" + count + "\r\n");
	}

	@Test
	void commandDocsOfAContainerListOnlyImplementedSubcommands() {
		String config = this.redis.run("COMMAND", "DOCS", "config");
		assertThat(config).contains(bulk("config|get")).contains(bulk("config|set")).contains(bulk("config|rewrite")).doesNotContain("config|resetstatx");
		String client = this.redis.run("COMMAND", "DOCS", "client");
		assertThat(client).contains(bulk("client|setinfo")).contains(bulk("7.2.0")).doesNotContain("client|tracking");
		assertThat(this.redis.run("COMMAND", "INFO", "client")).contains(bulk("client|kill"))
			.doesNotContain("client|pause");
	}

	@Test
	void commandListFilters() {
		assertThat(bulkElements(this.redis.run("COMMAND", "LIST", "FILTERBY", "ACLCAT", "Transaction")))
			.containsExactly("discard", "exec", "multi", "unwatch", "watch");
		assertThat(bulkElements(this.redis.run("COMMAND", "LIST", "FILTERBY", "PATTERN", "CONFIG|*")))
			.containsExactly("config|get", "config|help", "config|resetstat", "config|rewrite", "config|set");
		assertThat(bulkElements(this.redis.run("COMMAND", "LIST", "filterby", "module", "x"))).isEmpty();
		assertThat(bulkElements(this.redis.run("COMMAND", "LIST", "FILTERBY", "ACLCAT", "nosuch"))).isEmpty();
		assertThat(this.redis.run("COMMAND", "LIST", "FILTERBY", "FOO", "x")).isEqualTo(error("ERR syntax error"));
		assertThat(this.redis.run("COMMAND", "LIST", "FILTERBY")).isEqualTo(error("ERR syntax error"));
		assertThat(this.redis.run("COMMAND", "LIST", "x")).isEqualTo(error("ERR syntax error"));
	}

	@Test
	void commandHelp() {
		assertThat(this.redis.run("COMMAND", "HELP"))
			.startsWith("*21\r\n+COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n")
			.contains("+GETKEYSANDFLAGS <full-command>\r\n");
	}

	@Test
	void commandUnknownSubcommand() {
		assertThat(this.redis.run("COMMAND", "FOO")).isEqualTo(error("ERR unknown subcommand 'FOO'. Try COMMAND HELP."));
	}

	private String infoText(String... argv) {
		String reply = this.redis.run(argv);
		assertThat(reply).startsWith("$");
		int header = reply.indexOf("\r\n");
		int length = Integer.parseInt(reply.substring(1, header));
		String body = reply.substring(header + 2, reply.length() - 2);
		assertThat(body).hasSize(length);
		assertThat(reply).endsWith("\r\n");
		return body;
	}

	private static List<String> sections(String info) {
		return info.lines().filter(line -> line.startsWith("# ")).map(line -> line.substring(2)).toList();
	}

	private static Map<String, String> fields(String info) {
		Map<String, String> fields = new LinkedHashMap<>();
		for (String line : info.split("\r\n")) {
			if (!line.isEmpty() && !line.startsWith("#")) {
				int colon = line.indexOf(':');
				assertThat(colon).as("field line: " + line).isPositive();
				assertThat(fields.put(line.substring(0, colon), line.substring(colon + 1))).as("duplicate " + line).isNull();
			}
		}
		return fields;
	}

	private Map<String, String> config(String... names) {
		String[] argv = new String[names.length + 2];
		argv[0] = "CONFIG";
		argv[1] = "GET";
		System.arraycopy(names, 0, argv, 2, names.length);
		List<String> elements = bulkElements(this.redis.run(argv));
		Map<String, String> pairs = new LinkedHashMap<>();
		for (int i = 0; i < elements.size(); i += 2) {
			assertThat(pairs.put(elements.get(i), elements.get(i + 1))).as("reported twice: " + elements.get(i)).isNull();
		}
		return pairs;
	}

}
