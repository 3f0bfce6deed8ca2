package io.kvserver;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The persistence settings at startup, under Redis's names ({@code kvserver.dir},
 * {@code kvserver.dbfilename}, {@code kvserver.save}, ...), with Redis 7.0's defaults; CONFIG SET
 * changes them while the server runs.
 *
 * @param dir where the dump (and later the append-only directory) lives; the working directory by default, as in Redis
 * @param dbfilename the dump's file name
 * @param save the save rules, {@code <seconds> <changes>} pairs; empty for none
 * @param rdbcompression LZF-compress strings in the dump
 * @param rdbchecksum end the dump with a CRC-64
 * @param stopWritesOnBgsaveError refuse writes (MISCONF) while the last background save failed
 * @param appendonly keep the append-only file (and load it, not the dump, at startup)
 * @param appendfsync always, everysec or no
 * @param appenddirname the append-only directory, inside {@code dir}
 * @param appendfilename the prefix of the append-only files' names
 * @param aofUseRdbPreamble write rewritten base files as RDB
 * @param aofLoadTruncated load an AOF whose last command is torn, cutting it off
 * @param autoAofRewritePercentage rewrite when the AOF grew this much since its last rewrite; 0 for never
 * @param autoAofRewriteMinSize but not before it is this large
 */
@ConfigurationProperties("kvserver")
public record PersistenceProperties(
		@DefaultValue(".") String dir,
		@DefaultValue("dump.rdb") String dbfilename,
		@DefaultValue("3600 1 300 100 60 10000") String save,
		@DefaultValue("true") boolean rdbcompression,
		@DefaultValue("true") boolean rdbchecksum,
		@DefaultValue("true") boolean stopWritesOnBgsaveError,
		@DefaultValue("false") boolean appendonly,
		@DefaultValue("everysec") String appendfsync,
		@DefaultValue("appendonlydir") String appenddirname,
		@DefaultValue("appendonly.aof") String appendfilename,
		@DefaultValue("true") boolean aofUseRdbPreamble,
		@DefaultValue("true") boolean aofLoadTruncated,
		@DefaultValue("100") long autoAofRewritePercentage,
		@DefaultValue("64MB") DataSize autoAofRewriteMinSize) {
}
