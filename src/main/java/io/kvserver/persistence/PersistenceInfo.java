package io.kvserver.persistence;

import java.util.LinkedHashMap;
import java.util.Map;

import io.kvserver.metrics.InfoFields;

/**
 * INFO persistence, with Redis 7.0's fields in its order. The fork fields stay 0: no process is
 * forked (see {@link RdbSnapshot} for what replaces it).
 */
public final class PersistenceInfo {

	private final RdbPersistence rdb;

	public PersistenceInfo(RdbPersistence rdb) {
		this.rdb = rdb;
	}

	/** Registers INFO persistence's live values. */
	public void register(InfoFields info) {
		for (String field : fields().keySet()) {
			info.register(field, () -> fields().get(field));
		}
	}

	public Map<String, Object> fields() {
		Map<String, Object> info = new LinkedHashMap<>();
		info.put("loading", 0);
		info.put("async_loading", 0);
		info.put("current_cow_peak", 0);
		info.put("current_cow_size", 0);
		info.put("current_cow_size_age", 0);
		info.put("current_fork_perc", "0.00");
		this.rdb.describe(info);
		info.put("aof_enabled", 0);
		info.put("aof_rewrite_in_progress", 0);
		info.put("aof_rewrite_scheduled", 0);
		info.put("aof_last_rewrite_time_sec", -1);
		info.put("aof_current_rewrite_time_sec", -1);
		info.put("aof_last_bgrewrite_status", "ok");
		info.put("aof_rewrites", 0);
		info.put("aof_rewrites_consecutive_failures", 0);
		info.put("aof_last_write_status", "ok");
		info.put("aof_last_cow_size", 0);
		info.put("module_fork_in_progress", 0);
		info.put("module_fork_last_cow_size", 0);
		return info;
	}

}
