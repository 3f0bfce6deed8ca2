package io.kvserver.persistence;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import io.kvserver.metrics.InfoFields;

/**
 * INFO persistence, with Redis 7.0's fields in its order. The fork fields stay 0: no process is
 * forked (see {@link RdbSnapshot} for what replaces it).
 */
public final class PersistenceInfo {

	private final RdbPersistence rdb;

	private final Consumer<Map<String, Object>> aofFields;

	private final Consumer<Map<String, Object>> aofOnFields;

	/**
	 * @param aofFields puts the aof_* fields Redis always prints
	 * @param aofOnFields puts those it prints only while the AOF is on (none while it is off)
	 */
	public PersistenceInfo(RdbPersistence rdb, Consumer<Map<String, Object>> aofFields,
			Consumer<Map<String, Object>> aofOnFields) {
		this.rdb = rdb;
		this.aofFields = aofFields;
		this.aofOnFields = aofOnFields;
	}

	/** Registers INFO persistence's live values, and the lines Redis adds while the AOF is on. */
	public void register(InfoFields info) {
		for (String field : fields().keySet()) {
			info.register(field, () -> fields().get(field));
		}
		info.registerLinesAfter("module_fork_last_cow_size", () -> {
			Map<String, Object> lines = new LinkedHashMap<>();
			this.aofOnFields.accept(lines);
			return lines;
		});
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
		this.aofFields.accept(info);
		info.put("module_fork_in_progress", 0);
		info.put("module_fork_last_cow_size", 0);
		return info;
	}

}
