package io.kvserver;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

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
 */
@ConfigurationProperties("kvserver")
public record PersistenceProperties(
		@DefaultValue(".") String dir,
		@DefaultValue("dump.rdb") String dbfilename,
		@DefaultValue("3600 1 300 100 60 10000") String save,
		@DefaultValue("true") boolean rdbcompression,
		@DefaultValue("true") boolean rdbchecksum,
		@DefaultValue("true") boolean stopWritesOnBgsaveError) {
}
